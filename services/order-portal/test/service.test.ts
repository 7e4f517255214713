import request from 'supertest';
import { testEnv, uniqueName } from '@rammeaftale/testing';
import { createLogger } from '@rammeaftale/logging';
import { orderPortalEnv } from '../src/config';
import { startOrderPortal, type OrderPortal } from '../src/start';

describe('order-portal service', () => {
  let portal: OrderPortal;

  beforeAll(async () => {
    const config = orderPortalEnv.parse({
      ...testEnv(),
      PORT: '0',
      MONGO_DB: uniqueName('op'),
      AUTH_ISSUER: 'http://127.0.0.1/dev-idp',
      AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks',
    });
    portal = await startOrderPortal(config, {
      logger: createLogger({ service: 'op-test', level: 'silent' }),
    });
  });
  afterAll(() => portal.close());

  it('When MongoDB and Redis are reachable, then /readyz answers 200 with both checks ok', async () => {
    const res = await request(portal.http.url).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body.checks).toEqual({ mongodb: 'ok', redis: 'ok' });
  });

  it('When a person opens the portal, then the front page is in Danish', async () => {
    const res = await request(portal.http.url).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('lang="da"');
    expect(res.text).toContain('Bestillingsportal');
  });

  it('When the API description is asked for, then OpenAPI 3.1 is served', async () => {
    const res = await request(portal.http.url).get('/openapi.json');
    expect(res.body.openapi).toBe('3.1.0');
  });
});
