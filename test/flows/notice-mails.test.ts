/**
 * People told what needs them by mail (issue 15): a notice in the portal ("Beskeder") goes out as
 * a mail through the notifications service's outbox and worker to a real SMTP server, once per
 * notice, with a Danish sentence and a link only — nothing about the citizen. The contract and
 * tariff steps taken directly at the contracts service's API tell the portal's people through
 * events, and the tariff flow tells the buyer once when its approval deadline is near.
 */
import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { createLogger } from '@rammeaftale/logging';
import {
  canary,
  freePort,
  startSmtpCatcher,
  testEnv,
  uniqueName,
  until,
  type CapturedMail,
  type SmtpCatcher,
} from '@rammeaftale/testing';
import { noticeModel } from '@rammeaftale/order-portal/src/notices-to-people/notice.model';
import {
  makeMunicipalities,
  makeOffer,
  makeOrganisation,
  orderBody,
} from '@rammeaftale/order-portal/test/support/order-factories';
import { orderAt } from '@rammeaftale/order-portal/test/support/placed-order';
import {
  startTestPortal,
  type TestPortal,
} from '@rammeaftale/order-portal/test/support/start-portal';
import { standardContractEnv } from '@rammeaftale/standard-contract/src/config';
import {
  startStandardContract,
  type StandardContract,
} from '@rammeaftale/standard-contract/src/start';
import { AUTHORITIES, basisFactory } from '@rammeaftale/standard-contract/test/support';
import {
  startNotifications,
  type NotificationsHarness,
} from '@rammeaftale/tariff-notifications/test/support/start-notifications';

jest.setTimeout(120_000);

const PUBLIC_URL = 'https://portal.rammeaftale.test';
const WHO = {
  greve: { role: 'caseworker', organisationId: 'mun-253' },
  supplierA: { role: 'supplier', organisationId: 'cvr-11111111' },
  solhaven: { role: 'supplier', organisationId: 'provider-solhaven' },
  secretariat: { role: 'secretariat', organisationId: 'secretariat' },
  service: { role: 'service', organisationId: 'order-portal' },
} as const;
type Who = keyof typeof WHO;
/** Planted in the order: no mail may carry any of it. */
const CITIZEN = {
  reference: canary('Borger'),
  needs: canary('behov'),
  goal: canary('maal'),
  cpr: '010190-1234',
};
const DAY = 86_400_000;

const logger = createLogger({
  service: 'e2e-notices',
  level: process.env.TEST_LOG_LEVEL ?? 'silent',
});
let idp: LocalIdentityProvider;
let smtp: SmtpCatcher;
let notifications: NotificationsHarness;
let portal: TestPortal;
let contracts: StandardContract;
/** The contracts service's clock (the tariff flow's "today"), moved by the deadline test. */
let clock = Date.now();
const tokens = {} as Record<Who, string>;

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  smtp = await startSmtpCatcher();
  const prefix = uniqueName('e2e_notices');
  notifications = await startNotifications({ name: `${prefix}_tn`, idp, smtp });
  const auth = { AUTH_ISSUER: idp.issuer, AUTH_JWKS_URL: 'http://127.0.0.1:1/unused' };
  const portalPort = await freePort();
  contracts = await startStandardContract(
    standardContractEnv.parse({
      ...testEnv(),
      ...auth,
      PORT: '0',
      MONGO_DB: `${prefix}_sc`,
      ORDER_PORTAL_URL: `http://127.0.0.1:${portalPort}`,
      // The contracts' own letters wait in their outbox: the notice mails are this test's subject.
      TARIFF_NOTIFICATIONS_URL: 'http://127.0.0.1:1',
      PORTAL_URL: PUBLIC_URL,
      AUTHORITIES: JSON.stringify(AUTHORITIES),
      TARIFF_FLOW_INTERVAL_MS: '3600000',
    }),
    {
      logger,
      verifier: idp.verifier,
      serviceTokens: () =>
        idp.issue({
          userId: 'standard-contract',
          role: 'service',
          organisationId: 'standard-contract',
        }),
      // The portal's inbox is on the same prefix: the contracts' events reach it.
      queuePrefix: prefix,
      now: () => new Date(clock),
    },
  );
  portal = await startTestPortal(prefix, {
    verifier: idp.verifier,
    serviceTokens: () => idp.issue({ userId: 'order-portal', ...WHO.service }),
    env: {
      ...auth,
      PORT: String(portalPort),
      PUBLIC_URL,
      STANDARD_CONTRACT_URL: contracts.http.url,
      TARIFF_NOTIFICATIONS_URL: notifications.url,
    },
  });
  for (const [who, actor] of Object.entries(WHO))
    tokens[who as Who] = await idp.issue({ userId: `u-${who}`, ...actor });
  const db = portal.runtime.db;
  await makeMunicipalities(db, [259]);
  // Greve's case workers have a mailbox of their own for notices; the suppliers use their contact.
  await makeOrganisation(db, {
    _id: 'mun-253',
    kind: 'municipality',
    name: 'Greve Kommune',
    municipalityCode: 253,
    contact: { email: 'post@greve.test' },
    noticeEmails: { caseworker: 'beskeder-myndighed@greve.test' },
  });
  await makeOrganisation(db, {
    _id: 'cvr-11111111',
    kind: 'private',
    name: 'Udbyder A',
    cvr: '11111111',
  });
  await makeOrganisation(db, {
    _id: 'provider-solhaven',
    kind: 'private',
    name: 'Bostedet Solhaven ApS',
    cvr: '29403473',
    contact: { email: 'leder@solhaven.test' },
  });
  await makeOffer(db, 'private-1', {
    operator: { kind: 'private', organisationId: 'cvr-11111111' },
  });
});

afterAll(async () => {
  await portal?.close();
  await contracts?.close();
  await notifications?.close();
  await smtp?.close();
});

const portalApi = (who: Who, path: string, body: object = {}) =>
  request(portal.http.url).post(path).set('authorization', `Bearer ${tokens[who]}`).send(body);
const contractsApi = (who: Who, path: string, body: object = {}) =>
  request(contracts.http.url).post(path).set('authorization', `Bearer ${tokens[who]}`).send(body);

const mailsTo = (address: string) => smtp.messages.filter((m) => m.envelopeTo.includes(address));
async function mailTo(address: string, subject: RegExp): Promise<CapturedMail> {
  const found = await until(
    () => Promise.resolve(mailsTo(address).find((m) => subject.test(m.subject ?? ''))),
    (m) => m !== undefined,
    20_000,
  );
  if (!found) throw new Error(`no mail to ${address} about ${subject}`);
  return found;
}

/** Nothing about the citizen or the order's free text, in any part of the mail. */
function expectNoCitizenData(mail: CapturedMail): void {
  const all = [mail.subject, mail.text, mail.html, mail.raw].join('\n');
  for (const planted of Object.values(CITIZEN)) expect(all).not.toContain(planted);
  expect(all).not.toMatch(/\b\d{6}-?\d{4}\b/);
}

/** Publishes the contracts service's events and waits until the portal has made the notice. */
async function relayUntilNotice(id: string): Promise<void> {
  const notices = noticeModel(portal.runtime.db);
  const found = await until(
    async () => {
      await contracts.relayEventsNow();
      return notices.countDocuments({ _id: id });
    },
    (n) => n === 1,
    20_000,
  );
  if (found !== 1) throw new Error(`no notice ${id}`);
}

describe('notice mails', () => {
  it('When a case worker sends a request and the supplier answers, then each is told by one mail with a Danish sentence and the link only, and a second hand-over sends nothing more', async () => {
    const created = await portalApi(
      'greve',
      '/api/orders',
      orderBody({
        citizen: { reference: CITIZEN.reference, cpr: CITIZEN.cpr },
        need: { needs: CITIZEN.needs },
        goals: [{ goal: CITIZEN.goal, followUp: 'Hver 3. måned' }],
      }),
    );
    expect(created.status).toBe(201);
    const orderId = (created.body as { id: string }).id;
    await portalApi('greve', `/api/orders/${orderId}/search`);
    const sent = await portalApi('greve', `/api/orders/${orderId}/requests`, { all: true });
    expect(sent.status).toBe(201);
    const requestId = (sent.body as { sent: { requestId: string }[] }).sent[0]!.requestId;

    const toSupplier = await mailTo('kontakt@cvr-11111111.test', /Ny forespørgsel/);
    expect(toSupplier.text).toContain(`${PUBLIC_URL}/leverandoer/forespoergsler/${requestId}`);
    expect(toSupplier.headers.get('auto-submitted')).toBe('auto-generated');
    expectNoCitizenData(toSupplier);

    const answered = await portalApi('supplierA', `/api/requests/${requestId}/answer`, {
      kind: 'offer',
      dailyPriceOre: 210_000,
      possibleStart: '2027-01-15',
    });
    expect(answered.status).toBe(200);
    const toCaseworker = await mailTo('beskeder-myndighed@greve.test', /har svaret/);
    expect(toCaseworker.text).toContain(`${PUBLIC_URL}/bestillinger/${orderId}`);
    expectNoCitizenData(toCaseworker);
    expect(mailsTo('post@greve.test')).toHaveLength(0);

    // The outbox hands the same notice over again (a lost answer, a reconciler pass): the
    // notifications service accepted its key once, so no second mail goes out.
    const notices = noticeModel(portal.runtime.db);
    const id = `request-new.${requestId}`;
    expect((await notices.findById(id).lean())?.mail?.status).toBe('accepted');
    await notices.updateOne(
      { _id: id },
      { $set: { 'mail.status': 'pending', createdAt: new Date(0) } },
    );
    await portal.housekeepingNow();
    await portal.housekeepingNow();
    expect((await notices.findById(id).lean())?.mail?.status).toBe('accepted');
    await new Promise((r) => setTimeout(r, 300));
    expect(
      mailsTo('kontakt@cvr-11111111.test').filter((m) => /Ny forespørgsel/.test(m.subject ?? '')),
    ).toHaveLength(1);
  });

  it('When contract and tariff steps are taken at the contracts API directly, then the portal tells whom they wait for, once each, and the buyer once when its approval deadline is near', async () => {
    // The P/L of the years the increase may fall in, read by the contracts service.
    const year = new Date(clock).getUTCFullYear();
    for (const y of new Set([2025, year, year + 1]))
      await portalApi('secretariat', '/api/policy-values', {
        year: y,
        effectiveFrom: `${y}-01-01`,
        plRateBp: 400,
        privateReportThresholdBp: 500,
        publicReportThresholdBp: 800,
      });
    const base = basisFactory();
    const drafted = await contractsApi('service', '/internal/contracts/drafts', {
      ...basisFactory({
        payingMunicipality: base.actingMunicipality,
        offer: { ...base.offer, offerId: 'offer-sol', name: 'Bostedet Solhaven' },
        price: { dailyBasisTariffOre: 100_000, additionalTariffs: [], tariffYear: 2025 },
        startDate: '2025-03-01',
      }),
    });
    expect(drafted.status).toBe(201);
    const contractId = (drafted.body as { contract: { id: string } }).contract.id;

    expect((await contractsApi('greve', `/contracts/${contractId}/send`)).status).toBe(200);
    await relayUntilNotice(`contract-awaiting-signature.${contractId}-v1-supplier`);
    const toSupplier = await mailTo('leder@solhaven.test', /kontrakt venter/);
    expect(toSupplier.text).toContain(`${PUBLIC_URL}/kontrakter/${contractId}`);

    expect(
      (await contractsApi('solhaven', `/contracts/${contractId}/accept`, { version: 1 })).status,
    ).toBe(200);
    await relayUntilNotice(`contract-awaiting-signature.${contractId}-v1-caseworker`);
    await mailTo('beskeder-myndighed@greve.test', /kontrakt venter/);
    expect(
      (await contractsApi('greve', `/contracts/${contractId}/sign`, { version: 1 })).status,
    ).toBe(200);
    expect(
      (
        await contractsApi('greve', `/contracts/${contractId}/activate`, {
          startedOn: '2025-03-01',
        })
      ).status,
    ).toBe(200);

    // Effective in 10 days: the buyer's deadline is the day before, 9 days away.
    const announced = await contractsApi('solhaven', '/tariff-changes', {
      offerId: 'offer-sol',
      effectiveFrom: new Date(clock + 10 * DAY).toISOString().slice(0, 10),
      dailyBasisTariffOre: 110_000,
      reason: 'Stigende lønudgifter',
    });
    expect(announced.status).toBe(201);
    const changeId = (announced.body as { change: { id: string } }).change.id;
    await relayUntilNotice(`increase-awaiting-approval.${changeId}-mun-253`);
    await mailTo('beskeder-myndighed@greve.test', /takststigning venter/);

    const notices = noticeModel(portal.runtime.db);
    const near = `approval-deadline-near.${changeId}-mun-253`;
    await contracts.runTariffFlowNow();
    await contracts.relayEventsNow();
    expect(await notices.countDocuments({ _id: near })).toBe(0);
    // Five days later the deadline is 4 days away: told once, however many passes follow.
    clock += 5 * DAY;
    await contracts.runTariffFlowNow();
    await relayUntilNotice(near);
    await contracts.runTariffFlowNow();
    await contracts.relayEventsNow();
    const toBuyer = await mailTo('beskeder-myndighed@greve.test', /Fristen for at godkende/);
    expect(toBuyer.text).toContain(`${PUBLIC_URL}/takstaendringer/${changeId}`);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      mailsTo('beskeder-myndighed@greve.test').filter((m) => /Fristen/.test(m.subject ?? '')),
    ).toHaveLength(1);
    expect(await notices.countDocuments({ kind: 'approval_deadline_near' })).toBe(1);
  });

  it("When a placement's next follow-up meeting is near, then the case workers are reminded once per due date by a notice and a mail with the link only, and one due later is not yet", async () => {
    const notes = canary('notater');
    const iso = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
    const placed = async (nextDueOn: string) => {
      const created = await portalApi(
        'greve',
        '/api/orders',
        orderBody({ citizen: { cpr: undefined } }),
      );
      const id = (created.body as { id: string }).id;
      await orderAt(portal.runtime.db, id, 'active', {
        placement: { startedOn: iso(-60) },
        followUps: [
          {
            followUpId: `fup-${id.slice(-8)}`,
            heldOn: iso(-30),
            assessments: [{ key: 'goal-1', label: 'Mål', status: 'in_progress' }],
            notes,
            nextDueOn,
            recordedAt: new Date(),
            recordedBy: { userId: 'u-greve', role: 'caseworker', organisationId: 'mun-253' },
          },
        ],
      });
      return id;
    };
    const soon = await placed(iso(3));
    const later = await placed(iso(30));
    await portal.housekeepingNow();
    await portal.housekeepingNow();
    const notices = noticeModel(portal.runtime.db);
    expect(await notices.countDocuments({ kind: 'follow_up_due', 'refs.orderId': soon })).toBe(1);
    expect(await notices.countDocuments({ kind: 'follow_up_due', 'refs.orderId': later })).toBe(0);
    const mail = await mailTo('beskeder-myndighed@greve.test', /opfølgningsmøde/);
    expect(mail.text).toContain(`${PUBLIC_URL}/bestillinger/${soon}/opfoelgning`);
    expect([mail.subject, mail.text, mail.raw].join('\n')).not.toContain(notes);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      mailsTo('beskeder-myndighed@greve.test').filter((m) =>
        /opfølgningsmøde/.test(m.subject ?? ''),
      ),
    ).toHaveLength(1);
  });
});
