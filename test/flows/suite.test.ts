/**
 * The three services started together, in-process, against the same real servers the start
 * command uses: each is ready and documents its API, and a letter accepted by the worker's API
 * reaches the SMTP server.
 */
import request from 'supertest';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { bearer, tokensFor, uniqueName } from '@rammeaftale/testing';
import { startTestPortal } from '@rammeaftale/order-portal/test/support/start-portal';
import { startContracts } from '@rammeaftale/standard-contract/test/support/start-contracts';
import {
  startNotifications,
  type NotificationsHarness,
} from '@rammeaftale/tariff-notifications/test/support/start-notifications';

let notifications: NotificationsHarness;
let closers: (() => Promise<void>)[] = [];
let urls: Record<string, string> = {};
let serviceToken: string;

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  const [portal, contracts, started] = await Promise.all([
    startTestPortal(uniqueName('op'), { verifier: idp.verifier }),
    startContracts({ idp }),
    startNotifications({ name: 'e2e', idp }),
  ]);
  notifications = started;
  closers = [portal.close, contracts.svc.close, notifications.close];
  urls = { portal: portal.http.url, contracts: contracts.url, notifications: notifications.url };
  serviceToken = (await tokensFor(idp, ['contractsService'])).contractsService;
});

afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

describe('the suite', () => {
  it.each(['portal', 'contracts', 'notifications'])(
    'When %s is started, then /readyz is 200 and OpenAPI 3.1 is served',
    async (name) => {
      expect((await request(urls[name]!).get('/readyz')).status).toBe(200);
      const doc = await request(urls[name]!).get('/openapi.json');
      expect((doc.body as { openapi: string }).openapi).toBe('3.1.0');
    },
  );

  it('When a service hands a letter to the notifications worker, then it reaches the SMTP server over TCP', async () => {
    const res = await request(urls.notifications!)
      .post('/letters')
      .set(bearer(serviceToken))
      .send({
        key: 'orientation:e2e:1',
        kind: 'orientation-letter',
        to: ['kontakt@leverandor.test'],
        subject: 'Orientering om standardkontrakter og takstindberetning',
        text: 'Kære leverandør. Fra 2025 anvendes alene de nationale standardkontrakter.',
      });
    expect(res.status).toBe(202);
    const [mail] = await notifications.smtp.waitFor(1);
    expect(mail?.envelopeTo).toEqual(['kontakt@leverandor.test']);
    expect(mail?.text).toContain('standardkontrakter');
  });
});
