import request from 'supertest';
import { uniqueName } from '@rammeaftale/testing';
import { startTestPortal, type TestPortal } from './support/start-portal';

/** The readiness body of /readyz. */
interface Readiness {
  checks: Record<string, string>;
}

describe('order-portal service', () => {
  let portal: TestPortal;

  beforeAll(async () => {
    // No token verifier of the test's own: the service starts with its configured one.
    portal = await startTestPortal(uniqueName('op'));
  });
  afterAll(() => portal.close());

  it('When MongoDB and Redis are reachable, then /readyz answers 200 with both checks ok', async () => {
    const res = await request(portal.http.url).get('/readyz');
    expect(res.status).toBe(200);
    expect((res.body as Readiness).checks).toEqual({ mongodb: 'ok', redis: 'ok' });
  });

  it('When a person opens the portal, then the front page is in Danish', async () => {
    const res = await request(portal.http.url).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('lang="da"');
    expect(res.text).toContain('Bestillingsportal');
  });

  it('When the API description is asked for, then OpenAPI 3.1 is served', async () => {
    const res = await request(portal.http.url).get('/openapi.json');
    expect((res.body as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('When the portal has started, then it logged where it listens', () => {
    expect(portal.log.withMessage('order-portal listening')).toEqual([
      expect.objectContaining({ url: portal.http.url }),
    ]);
  });
});
