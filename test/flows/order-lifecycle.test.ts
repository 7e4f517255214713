/**
 * An order's whole life across the services, each started for real against the same FerretDB and
 * Redis: ordered and selected in the order portal → the contract drafted by the contracts service
 * and sent (its letter at a real SMTP server) → accepted and signed → `contract.signed` back to the
 * portal, the order contracted → the placement started by the case worker → the contract
 * terminated with notice from the portal's contract page (a letter to the supplier) →
 * `contract.terminated` back, the order ended with the placement's last day. Every event is then
 * delivered a second time and changes nothing.
 */
import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { QUEUES, createProducer, type DomainEvent } from '@rammeaftale/queues';
import { bearer, freePort, party, tokensFor, uniqueName, until } from '@rammeaftale/testing';
import {
  makeOffer,
  makeOrganisation,
} from '@rammeaftale/order-portal/test/support/order-factories';
import { sessionCookie } from '@rammeaftale/order-portal/test/support/session-cookie';
import {
  startTestPortal,
  type TestPortal,
} from '@rammeaftale/order-portal/test/support/start-portal';
import {
  startContracts,
  type ContractsHarness,
} from '@rammeaftale/standard-contract/test/support/start-contracts';
import {
  startNotifications,
  type NotificationsHarness,
} from '@rammeaftale/tariff-notifications/test/support/start-notifications';

jest.setTimeout(180_000);

const supplier = party('supplierA', { organisationId: 'cvr-10000009' });
const REFERENCE = 'Borger L-7';

let idp: LocalIdentityProvider;
let portal: TestPortal;
let contracts: ContractsHarness;
let notifications: NotificationsHarness;
let tokens: Record<'caseworkerGreve' | 'secretariat' | 'supplier', string>;
const as = (who: keyof typeof tokens) => bearer(tokens[who]);

interface OrderBody {
  id: string;
  status: string;
  transitions: { event: string }[];
  contract?: { contractId: string; effectiveDate?: string };
  placement?: { startedOn: string; endedOn?: string; endReason?: string };
  appliedEventIds?: string[];
}

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  notifications = await startNotifications({ name: 'e2e_life_tn', idp });
  const contractsPort = await freePort();
  portal = await startTestPortal(uniqueName('e2e_life_op'), {
    verifier: idp.verifier,
    env: {
      AUTH_ISSUER: idp.issuer,
      OUTBOX_RELAY_MS: '200',
      STANDARD_CONTRACT_URL: `http://127.0.0.1:${contractsPort}`,
    },
  });
  // The two services share the portal's queue prefix: its events go to the contracts' inbox, and
  // the contracts' events to its own.
  contracts = await startContracts({
    idp,
    queuePrefix: portal.name,
    env: {
      PORT: String(contractsPort),
      ORDER_PORTAL_URL: portal.http.url,
      TARIFF_NOTIFICATIONS_URL: notifications.url,
      OUTBOX_RELAY_MS: '200',
    },
  });
  const db = portal.runtime.db;
  await makeOrganisation(db, {
    _id: 'mun-253',
    kind: 'municipality',
    name: 'Greve Kommune',
    municipalityCode: 253,
    eanNumbers: ['5798000000018'],
  });
  await makeOrganisation(db, {
    _id: supplier.organisationId,
    kind: 'private',
    name: 'Omsorg ApS',
    cvr: '10000009',
    eanNumbers: ['5798000000025'],
  });
  await makeOffer(db, 'tp-900002', {
    operator: { kind: 'private', organisationId: supplier.organisationId },
    name: 'Bostedet Lærkely',
    frameworkAgreement: true,
  });
  tokens = {
    ...(await tokensFor(idp, ['caseworkerGreve', 'secretariat'] as const)),
    supplier: await idp.issue(supplier),
  };
  const policy = await request(portal.http.url)
    .post('/api/policy-values')
    .set(as('secretariat'))
    .send({
      year: new Date().getUTCFullYear(),
      effectiveFrom: `${new Date().getUTCFullYear()}-01-01`,
      plRateBp: 400,
      privateReportThresholdBp: 500,
      publicReportThresholdBp: 800,
    });
  expect(policy.status).toBe(201);
});

afterAll(async () => {
  await contracts?.svc.close();
  await portal?.close();
  await notifications?.close();
});

const op = () => request(portal.http.url);
const sc = () => request(contracts.url);
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const readOrder = async (id: string) =>
  (await op().get(`/api/orders/${id}`).set(as('caseworkerGreve'))).body as OrderBody;
const orderReaches = (id: string, status: string) =>
  until(
    () => readOrder(id),
    (o) => o.status === status,
  );

/** An order with the supplier's offer selected, through the API as a case worker makes it. */
async function selectedOrder(): Promise<string> {
  const created = await op()
    .post('/api/orders')
    .set(as('caseworkerGreve'))
    .send({
      payingMunicipalityCode: 253,
      citizen: { reference: REFERENCE, age: 34, cpr: '010192-1234' },
      need: {
        targetGroup: 'autisme',
        legalBasis: 'SEL § 108',
        wantedStart: today(),
        needs: 'Struktur og døgndækning',
      },
      goals: [{ goal: 'Deltage i dagtilbud', followUp: 'Status hver 3. måned' }],
    });
  expect(created.status).toBe(201);
  const id = (created.body as { id: string }).id;
  await op().post(`/api/orders/${id}/search`).set(as('caseworkerGreve'));
  const sent = await op()
    .post(`/api/orders/${id}/requests`)
    .set(as('caseworkerGreve'))
    .send({ all: true });
  const requestId = (sent.body as { sent: { requestId: string }[] }).sent[0]!.requestId;
  await op()
    .post(`/api/requests/${requestId}/answer`)
    .set(as('supplier'))
    .send({ kind: 'offer', dailyPriceOre: 251_000, possibleStart: today() });
  const selected = await op()
    .post(`/api/orders/${id}/selection`)
    .set(as('caseworkerGreve'))
    .send({ requestId });
  expect(selected.status).toBe(200);
  return id;
}

/** A form posted on a portal page as the signed-in case worker (session cookie and CSRF token). */
async function postForm(path: string, form: Record<string, string>) {
  const cookie = await sessionCookie(portal, tokens.caseworkerGreve);
  const html = (await op().get('/bestillinger').set('cookie', cookie)).text;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  return op()
    .post(path)
    .set('cookie', cookie)
    .type('form')
    .send({ ...form, _csrf: csrf });
}

it('When an order goes from selection to a terminated contract, then the order follows each event once: contracted, active, ended, with the letters at the SMTP server', async () => {
  const orderId = await selectedOrder();
  const contractId = await until(
    () =>
      sc()
        .get('/contracts')
        .set(as('caseworkerGreve'))
        .then((r) => (r.body as { items?: { id: string; orderId: string }[] }).items ?? []),
    (l) => Array.isArray(l) && l.some((c) => c.orderId === orderId),
  ).then((l) => l.find((c) => c.orderId === orderId)!.id);
  // The order page links the contract the contracts service drafted, by its id.
  const page = await op()
    .get(`/bestillinger/${orderId}`)
    .set('cookie', await sessionCookie(portal, tokens.caseworkerGreve));
  expect(page.text).toContain(`href="/kontrakter/${contractId}"`);

  expect(
    (await sc().post(`/contracts/${contractId}/send`).set(as('caseworkerGreve')).send({})).status,
  ).toBe(200);
  const [letter] = await notifications.smtp.waitFor(1, 30_000);
  expect(letter?.envelopeTo).toEqual(['kontakt@cvr-10000009.test']);
  expect(letter?.raw).not.toMatch(/010192|0101921234|Borger L-7/);
  expect(
    (await sc().post(`/contracts/${contractId}/accept`).set(as('supplier')).send({ version: 1 }))
      .status,
  ).toBe(200);
  expect(
    (
      await sc()
        .post(`/contracts/${contractId}/sign`)
        .set(as('caseworkerGreve'))
        .send({ version: 1 })
    ).status,
  ).toBe(200);

  const contracted = await orderReaches(orderId, 'contracted');
  expect(contracted.contract).toMatchObject({ contractId });

  const started = await op()
    .post(`/api/orders/${orderId}/placement-start`)
    .set(as('caseworkerGreve'))
    .send({ startedOn: today() });
  expect(started.status).toBe(200);
  expect(
    (await sc().post(`/contracts/${contractId}/activate`).set(as('caseworkerGreve')).send({}))
      .status,
  ).toBe(200);

  // Terminated from the portal's contract page, as the case worker does it.
  const terminated = await postForm(`/kontrakter/${contractId}/opsig`, {
    noticeGivenOn: today().split('-').reverse().join('.'),
    terminationReason: 'Borgeren flytter til egen bolig',
  });
  expect(terminated.status).toBe(303);
  const mails = await notifications.smtp.waitFor(2, 30_000);
  expect(mails[1]?.envelopeTo).toEqual(['kontakt@cvr-10000009.test']);
  expect(mails[1]?.raw).not.toMatch(/010192|Borger L-7/);

  const ended = await orderReaches(orderId, 'ended');
  expect(ended.transitions.map((t) => t.event)).toEqual([
    'start_search',
    'send_requests',
    'receive_offer',
    'select_offer',
    'contract_signed',
    'placement_started',
    'contract_terminated',
  ]);
  expect(ended.placement).toMatchObject({
    startedOn: today(),
    endedOn: ended.contract?.effectiveDate,
  });
  expect(ended.appliedEventIds).toHaveLength(2);

  // Every event delivered a second time (as after a worker crash): applied once.
  const inbox = createProducer(QUEUES.portalEvents, portal.runtime.redis, {
    logger: portal.runtime.logger,
    prefix: portal.name,
  });
  const done = await inbox.queue.getJobs(['completed']);
  const events = done.map((j) => j.data as DomainEvent).filter((e) => e.refs.orderId === orderId);
  // The two that move the order, and the two that tell people whom a step waits for (notices).
  expect(events.map((e) => e.type).sort()).toEqual([
    'contract.accepted-by-supplier',
    'contract.sent-for-signature',
    'contract.signed',
    'contract.terminated',
  ]);
  // Delivered again as the event (the job's data also holds the correlation id it rode with).
  for (const { correlationId: _carried, ...e } of events as (DomainEvent & {
    correlationId?: string;
  })[])
    await inbox.add(e.type, e, { jobId: `${e.eventId}-again` });
  await until(
    () => Promise.resolve(portal.log.withMessage('contract event already applied')),
    (lines) => lines.length >= 2,
  );
  await inbox.close();
  const after = await readOrder(orderId);
  expect(after.transitions).toHaveLength(ended.transitions.length);
  expect(after.appliedEventIds).toEqual(ended.appliedEventIds);
  expect(after.status).toBe('ended');
});
