/**
 * The path across the three services, each started for real against the same FerretDB and Redis:
 * a case worker orders and selects an offer in the order portal → the "offer selected" event
 * leaves through the order's outbox → the contracts service drafts the national standard contract
 * from the order portal's contract basis → sent to the supplier → the contract letter reaches the
 * SMTP server through the notifications worker.
 */
import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { createLogger } from '@rammeaftale/logging';
import { startSmtpCatcher, testEnv, uniqueName, type SmtpCatcher } from '@rammeaftale/testing';
import { orderPortalEnv } from '@rammeaftale/order-portal/src/config';
import { startOrderPortal, type OrderPortal } from '@rammeaftale/order-portal/src/start';
import {
  makeOffer,
  makeOrganisation,
} from '@rammeaftale/order-portal/test/support/order-factories';
import { standardContractEnv } from '@rammeaftale/standard-contract/src/config';
import {
  startStandardContract,
  type StandardContract,
} from '@rammeaftale/standard-contract/src/start';
import { tariffNotificationsEnv } from '@rammeaftale/tariff-notifications/src/config';
import {
  startTariffNotifications,
  type TariffNotifications,
} from '@rammeaftale/tariff-notifications/src/start';

jest.setTimeout(120_000);

const logger = createLogger({ service: 'e2e', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
let idp: LocalIdentityProvider;
let smtp: SmtpCatcher;
let portal: OrderPortal;
let contracts: StandardContract;
let notifications: TariffNotifications;
const tokens: Record<string, string> = {};
const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  smtp = await startSmtpCatcher();
  const prefix = uniqueName('e2e_flow');
  const auth = { AUTH_ISSUER: idp.issuer, AUTH_JWKS_URL: 'http://127.0.0.1:1/unused' };
  const serviceTokens = (name: string) => () =>
    idp.issue({ userId: name, role: 'service', organisationId: name });

  notifications = await startTariffNotifications(
    tariffNotificationsEnv.parse({
      ...testEnv(),
      ...auth,
      PORT: '0',
      MONGO_DB: `${prefix}_tn`,
      SMTP_URL: smtp.url,
    }),
    { logger, verifier: idp.verifier, queuePrefix: prefix },
  );
  portal = await startOrderPortal(
    orderPortalEnv.parse({
      ...testEnv(),
      ...auth,
      PORT: '0',
      MONGO_DB: `${prefix}_op`,
      OUTBOX_RELAY_MS: '200',
      CPR_KEYS: `k1:${Buffer.alloc(32, 3).toString('base64')}`,
      CPR_LOOKUP_KEY: Buffer.alloc(32, 4).toString('base64'),
    }),
    { logger, tokenVerifier: idp.verifier, queuePrefix: prefix },
  );
  contracts = await startStandardContract(
    standardContractEnv.parse({
      ...testEnv(),
      ...auth,
      PORT: '0',
      MONGO_DB: `${prefix}_sc`,
      ORDER_PORTAL_URL: portal.http.url,
      TARIFF_NOTIFICATIONS_URL: notifications.http.url,
      PORTAL_URL: 'https://portal.rammeaftale-sjaelland.test',
    }),
    {
      logger,
      verifier: idp.verifier,
      serviceTokens: serviceTokens('standard-contract'),
      queuePrefix: prefix,
    },
  );

  const db = portal.runtime.db;
  await makeOrganisation(db, {
    _id: 'mun-253',
    kind: 'municipality',
    name: 'Greve Kommune',
    municipalityCode: 253,
    eanNumbers: ['5798000000018'],
  });
  await makeOrganisation(db, {
    _id: 'cvr-10000009',
    kind: 'private',
    name: 'Omsorg ApS',
    cvr: '10000009',
    eanNumbers: ['5798000000025'],
  });
  await makeOffer(db, 'tp-900001', {
    operator: { kind: 'private', organisationId: 'cvr-10000009' },
    name: 'Bostedet Egely',
    frameworkAgreement: true,
  });
  tokens.greve = await idp.issue({
    userId: 'cw-greve',
    role: 'caseworker',
    organisationId: 'mun-253',
  });
  tokens.supplier = await idp.issue({
    userId: 'sup',
    role: 'supplier',
    organisationId: 'cvr-10000009',
  });
  tokens.secretariat = await idp.issue({
    userId: 'sek',
    role: 'secretariat',
    organisationId: 'secretariat',
  });
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
  await contracts?.close();
  await portal?.close();
  await notifications?.close();
  await smtp?.close();
});

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('When a case worker selects an offer, then the contract is drafted from the order, sent, and its letter reaches the supplier', async () => {
  const op = () => request(portal.http.url);
  const created = await op()
    .post('/api/orders')
    .set(as('greve'))
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
  const orderId = created.body.id as string;
  await op().post(`/api/orders/${orderId}/search`).set(as('greve'));
  const sent = await op()
    .post(`/api/orders/${orderId}/requests`)
    .set(as('greve'))
    .send({ all: true });
  const requestId = sent.body.sent[0].requestId as string;
  await op()
    .post(`/api/requests/${requestId}/answer`)
    .set(as('supplier'))
    .send({ kind: 'offer', dailyPriceOre: 245_050, possibleStart: '2027-02-01' });
  const selected = await op()
    .post(`/api/orders/${orderId}/selection`)
    .set(as('greve'))
    .send({ requestId });
  expect(selected.status).toBe(200);

  const list = await until(
    () =>
      request(contracts.http.url)
        .get('/contracts')
        .set(as('greve'))
        .then(
          (r) =>
            r.body as { id: string; orderId: string; status: string; template: { id: string } }[],
        ),
    (l) => Array.isArray(l) && l.some((c) => c.orderId === orderId),
  );
  const contract = list.find((c) => c.orderId === orderId)!;
  expect(contract.status).toBe('draft');
  expect(JSON.stringify(contract.template)).toContain('voksen-rammeaftale');

  const send = await request(contracts.http.url)
    .post(`/contracts/${contract.id}/send`)
    .set(as('greve'))
    .send({});
  expect(send.status).toBe(200);
  const [letter] = await smtp.waitFor(1, 30_000);
  expect(letter?.envelopeTo).toEqual(['kontakt@cvr-10000009.test']);
  expect(letter?.subject).toContain('Standardkontrakt');
  expect(letter?.text).toContain('https://portal.rammeaftale-sjaelland.test/kontrakter/');
  // Nothing about the citizen in the e-mail: no CPR number, not even the pseudonym.
  expect(letter?.raw).not.toMatch(/010195|0101951234|Borger E-1/);
});
