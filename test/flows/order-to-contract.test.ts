/**
 * The path across the three services, each started for real against the same FerretDB and Redis:
 * a case worker orders and selects an offer in the order portal → the "offer selected" event
 * leaves through the order's outbox → the contracts service drafts the national standard contract
 * from the order portal's contract basis → sent to the supplier → the contract letter reaches the
 * SMTP server through the notifications worker.
 */
import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { bearer, party, tokensFor, uniqueName, until } from '@rammeaftale/testing';
import {
  makeOffer,
  makeOrganisation,
} from '@rammeaftale/order-portal/test/support/order-factories';
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

jest.setTimeout(120_000);

/** The private provider whose offer the case worker selects. */
const supplier = party('supplierA', { organisationId: 'cvr-10000009' });

let idp: LocalIdentityProvider;
let portal: TestPortal;
let contracts: ContractsHarness;
let notifications: NotificationsHarness;
let tokens: Record<'caseworkerGreve' | 'secretariat' | 'supplier', string>;
const as = (who: keyof typeof tokens) => bearer(tokens[who]);
/** The order of the first test and its first contract, selected again in the second. */
const first = { orderId: '', contractId: '' };

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  notifications = await startNotifications({ name: 'e2e_tn', idp });
  // The portal's events reach the contracts service's inbox under the portal's queue prefix.
  portal = await startTestPortal(uniqueName('e2e_op'), {
    verifier: idp.verifier,
    env: { OUTBOX_RELAY_MS: '200' },
  });
  contracts = await startContracts({
    idp,
    queuePrefix: portal.name,
    env: { ORDER_PORTAL_URL: portal.http.url, TARIFF_NOTIFICATIONS_URL: notifications.url },
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
  await makeOffer(db, 'tp-900001', {
    operator: { kind: 'private', organisationId: supplier.organisationId },
    name: 'Bostedet Egely',
    frameworkAgreement: true,
  });
  tokens = {
    ...(await tokensFor(idp, ['caseworkerGreve', 'secretariat'] as const)),
    supplier: await idp.issue(supplier),
  };
  // The contract's P/L regulation uses the policy values the secretariat keeps in the registry.
  const policy = await request(portal.http.url)
    .post('/api/policy-values')
    .set(as('secretariat'))
    .send({
      year: 2027,
      effectiveFrom: '2027-01-01',
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

/** The case worker asks the offers, the supplier offers a place, the case worker selects it. */
async function askAnswerAndSelect(orderId: string): Promise<void> {
  const op = () => request(portal.http.url);
  await op().post(`/api/orders/${orderId}/search`).set(as('caseworkerGreve'));
  const sent = await op()
    .post(`/api/orders/${orderId}/requests`)
    .set(as('caseworkerGreve'))
    .send({ all: true });
  expect(sent.status).toBe(201);
  const requestId = (sent.body as { sent: { requestId: string }[] }).sent[0]!.requestId;
  await op()
    .post(`/api/requests/${requestId}/answer`)
    .set(as('supplier'))
    .send({ kind: 'offer', dailyPriceOre: 245_050, possibleStart: '2027-02-01' });
  const selected = await op()
    .post(`/api/orders/${orderId}/selection`)
    .set(as('caseworkerGreve'))
    .send({ requestId });
  expect(selected.status).toBe(200);
}

it('When a case worker selects an offer, then the contract is drafted from the order, sent, and its letter reaches the supplier', async () => {
  const op = () => request(portal.http.url);
  const created = await op()
    .post('/api/orders')
    .set(as('caseworkerGreve'))
    .send({
      payingMunicipalityCode: 253,
      citizen: { reference: 'Borger E-1', age: 31, cpr: '010195-1234' },
      need: {
        targetGroup: 'autisme',
        legalBasis: 'SEL § 108',
        wantedStart: '2027-02-01',
        needs: 'Struktur og døgndækning',
      },
      goals: [{ goal: 'Deltage i dagtilbud', followUp: 'Status hver 3. måned' }],
    });
  expect(created.status).toBe(201);
  const orderId = (created.body as { id: string }).id;
  first.orderId = orderId;
  await askAnswerAndSelect(orderId);

  const list = await until(
    () =>
      request(contracts.url)
        .get('/contracts')
        .set(as('caseworkerGreve'))
        .then(
          (r) =>
            (
              r.body as {
                items: { id: string; orderId: string; status: string; template: { id: string } }[];
              }
            ).items,
        ),
    (l) => Array.isArray(l) && l.some((c) => c.orderId === orderId),
  );
  const contract = list.find((c) => c.orderId === orderId)!;
  first.contractId = contract.id;
  expect(contract.status).toBe('draft');
  expect(JSON.stringify(contract.template)).toContain('voksen-rammeaftale');

  const send = await request(contracts.url)
    .post(`/contracts/${contract.id}/send`)
    .set(as('caseworkerGreve'))
    .send({});
  expect(send.status).toBe(200);
  const [letter] = await notifications.smtp.waitFor(1, 30_000);
  expect(letter?.envelopeTo).toEqual(['kontakt@cvr-10000009.test']);
  expect(letter?.subject).toContain('Standardkontrakt');
  expect(letter?.text).toContain('https://portal.rammeaftale-sjaelland.test/kontrakter/');
  // Nothing about the citizen in the e-mail: no CPR number, not even the pseudonym.
  expect(letter?.raw).not.toMatch(/010195|0101951234|Borger E-1/);
});

it('When the buyer withdraws the contract and the case worker selects again, then the order searches again and its next selection drafts a new contract beside the withdrawn one (ADR 0015)', async () => {
  const withdrawn = await request(contracts.url)
    .post(`/contracts/${first.contractId}/withdrawal`)
    .set(as('caseworkerGreve'))
    .send({ reason: 'Borgeren ønsker et andet tilbud' });
  expect(withdrawn.status).toBe(200);
  const order = () =>
    request(portal.http.url)
      .get(`/api/orders/${first.orderId}`)
      .set(as('caseworkerGreve'))
      .then((r) => r.body as { status: string });
  // contract.cancelled reaches the portal's inbox: the order looks for a place again.
  await until(
    async () => {
      await contracts.svc.relayEventsNow();
      return order();
    },
    (o) => o.status === 'searching',
    30_000,
  );
  await askAnswerAndSelect(first.orderId);
  const next = await until(
    () => request(contracts.url).get(`/contracts/${first.contractId}.2`).set(as('caseworkerGreve')),
    (r) => r.status === 200,
    30_000,
  );
  expect(next.body).toMatchObject({ orderId: first.orderId, status: 'draft' });
  const old = await request(contracts.url)
    .get(`/contracts/${first.contractId}`)
    .set(as('caseworkerGreve'));
  expect(old.body).toMatchObject({ status: 'withdrawn' });
});
