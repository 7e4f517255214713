/**
 * The three services started together, in-process, against the same real servers the start
 * command uses: each is ready and documents its API, and a letter accepted by the worker's API
 * reaches the SMTP server.
 */
import request from 'supertest';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { createLogger } from '@rammeaftale/logging';
import { startSmtpCatcher, testEnv, uniqueName, type SmtpCatcher } from '@rammeaftale/testing';
import { orderPortalEnv } from '@rammeaftale/order-portal/src/config';
import { startOrderPortal } from '@rammeaftale/order-portal/src/start';
import { standardContractEnv } from '@rammeaftale/standard-contract/src/config';
import { startStandardContract } from '@rammeaftale/standard-contract/src/start';
import { tariffNotificationsEnv } from '@rammeaftale/tariff-notifications/src/config';
import { startTariffNotifications } from '@rammeaftale/tariff-notifications/src/start';

const logger = createLogger({ service: 'e2e', level: 'silent' });
let smtp: SmtpCatcher;
let closers: (() => Promise<void>)[] = [];
let urls: Record<string, string> = {};
let serviceToken: string;

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  smtp = await startSmtpCatcher();
  const auth = { AUTH_ISSUER: idp.issuer, AUTH_JWKS_URL: 'http://127.0.0.1:1/unused' };
  const [portal, contracts, notifications] = await Promise.all([
    startOrderPortal(
      orderPortalEnv.parse({ ...testEnv(), PORT: '0', MONGO_DB: uniqueName('op'), ...auth }),
      { logger },
    ),
    startStandardContract(
      standardContractEnv.parse({ ...testEnv(), PORT: '0', MONGO_DB: uniqueName('sc'), ...auth }),
      { logger },
    ),
    startTariffNotifications(
      tariffNotificationsEnv.parse({
        ...testEnv(),
        PORT: '0',
        MONGO_DB: uniqueName('tn'),
        SMTP_URL: smtp.url,
        ...auth,
      }),
      { logger, verifier: idp.verifier, queuePrefix: uniqueName('e2e') },
    ),
  ]);
  closers = [portal.close, contracts.close, notifications.close];
  urls = {
    portal: portal.http.url,
    contracts: contracts.http.url,
    notifications: notifications.http.url,
  };
  serviceToken = await idp.issue({
    userId: 'standard-contract',
    role: 'service',
    organisationId: 'standard-contract',
  });
});

afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
  await smtp.close();
});

describe('the suite', () => {
  it.each(['portal', 'contracts', 'notifications'])(
    'When %s is started, then /readyz is 200 and OpenAPI 3.1 is served',
    async (name) => {
      expect((await request(urls[name]!).get('/readyz')).status).toBe(200);
      const doc = await request(urls[name]!).get('/openapi.json');
      expect(doc.body.openapi).toBe('3.1.0');
    },
  );

  it('When a service hands a letter to the notifications worker, then it reaches the SMTP server over TCP', async () => {
    const res = await request(urls.notifications!)
      .post('/letters')
      .set('authorization', `Bearer ${serviceToken}`)
      .send({
        key: 'orientation:e2e:1',
        kind: 'orientation-letter',
        to: ['kontakt@leverandor.test'],
        subject: 'Orientering om standardkontrakter og takstindberetning',
        text: 'Kære leverandør. Fra 2025 anvendes alene de nationale standardkontrakter.',
      });
    expect(res.status).toBe(202);
    const [mail] = await smtp.waitFor(1);
    expect(mail?.envelopeTo).toEqual(['kontakt@leverandor.test']);
    expect(mail?.text).toContain('standardkontrakter');
  });
});
