import { createHash } from 'node:crypto';
import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { bearer, party, testEnv, uniqueName } from '@rammeaftale/testing';
import { orderPortalEnv } from '../../src/config';
import { orderModel } from '../../src/orders/order.model';
import { createSessionStore } from '../../src/portal/session-store';
import { makeMunicipalities, orderBody } from '../support/order-factories';
import { sessionCookie } from '../support/session-cookie';
import { startTestPortal, type TestPortal } from '../support/start-portal';

/**
 * The portal's server-side sessions on a fake clock (no sleeping): idle and absolute timeouts;
 * and the origin check of every write that rides on the session cookie, pages and API alike.
 */
let idp: LocalIdentityProvider;
let portal: TestPortal;
let token: string;
let clock = Date.parse('2026-03-02T08:00:00Z');
const MIN = 60_000;
const web = () => request(portal.http.url);

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  portal = await startTestPortal(uniqueName('op_sessions'), {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer },
    sessionClock: () => clock,
  });
  await makeMunicipalities(portal.runtime.db, [253]);
  token = await idp.issue(party('caseworkerGreve'));
});
afterAll(() => portal.close());

const signedIn = async (cookie: string) => {
  const res = await web().get('/bestillinger').set('cookie', cookie);
  return res.status === 200;
};
const keyOf = (cookie: string) =>
  `${portal.name}:session:${createHash('sha256').update(cookie.split('=')[1]!).digest('base64url')}`;

describe('session timeouts (fake clock)', () => {
  it('When a session is used within 30 minutes each time, then it lives on; after 30 idle minutes it has ended and is gone from Redis', async () => {
    const cookie = await sessionCookie(portal, token);
    for (let i = 0; i < 4; i++) {
      clock += 29 * MIN;
      expect(await signedIn(cookie)).toBe(true);
    }
    clock += 30 * MIN;
    expect(await signedIn(cookie)).toBe(false);
    expect(await portal.runtime.redis.exists(keyOf(cookie))).toBe(0);
    // Back within the idle time does not bring it back.
    clock -= 10 * MIN;
    expect(await signedIn(cookie)).toBe(false);
  });

  it('When a session is used every 20 minutes, then it still ends 12 hours after sign-in, and the API refuses it too', async () => {
    const start = clock;
    const cookie = await sessionCookie(portal, token);
    while (clock + 20 * MIN < start + 12 * 60 * MIN) {
      clock += 20 * MIN;
      expect(await signedIn(cookie)).toBe(true);
    }
    clock = start + 12 * 60 * MIN;
    expect(await signedIn(cookie)).toBe(false);
    expect((await web().get('/api/orders').set('cookie', cookie)).status).toBe(401);
  });

  it('When the timeouts are configured, then the sessions keep those (SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS), and Redis expires them no later', async () => {
    const defaults = orderPortalEnv.parse({
      ...testEnv(),
      AUTH_ISSUER: 'http://x',
      AUTH_JWKS_URL: 'http://x/j',
    });
    expect([defaults.SESSION_IDLE_MINUTES, defaults.SESSION_ABSOLUTE_HOURS]).toEqual([30, 12]);
    let now = 0;
    const store = createSessionStore({
      redis: portal.runtime.redis,
      prefix: `${portal.name}:configured`,
      idleSeconds: 5 * 60,
      absoluteSeconds: 3600,
      clock: () => now,
    });
    const actor = { userId: 'u', role: 'caseworker' as const, organisationId: 'mun-253' };
    const id = await store.create('the-token', actor);
    const key = `${portal.name}:configured:session:${createHash('sha256').update(id).digest('base64url')}`;
    expect(await portal.runtime.redis.ttl(key)).toBe(5 * 60);
    now += 4 * MIN;
    expect((await store.touch(id))?.token).toBe('the-token');
    now += 5 * MIN;
    expect(await store.touch(id)).toBeUndefined();

    now = 0;
    const busy = await store.create('t2', actor);
    for (now = 0; now < 58 * MIN; now += 4 * MIN) expect(await store.touch(busy)).toBeDefined();
    // 2 minutes before the absolute end, Redis keeps it no longer than those 2 minutes.
    now = 58 * MIN;
    expect(await store.touch(busy)).toBeDefined();
    const last = `${portal.name}:configured:session:${createHash('sha256').update(busy).digest('base64url')}`;
    expect(await portal.runtime.redis.ttl(last)).toBe(2 * 60);
    now = 60 * MIN;
    expect(await store.touch(busy)).toBeUndefined();
    // Forged ids are not even looked up.
    expect(await store.touch('../../etc')).toBeUndefined();
  });
});

describe('writes with the session cookie come from the portal only', () => {
  const foreign = 'https://evil.example';
  const countOrders = () => orderModel(portal.runtime.db).countDocuments();
  const create = (cookie: string, headers: Record<string, string>) =>
    web().post('/api/orders').set('cookie', cookie).set(headers).send(orderBody());

  it('When a foreign site makes the browser write to the API with the cookie, then 403 problem+json and nothing is written; from the portal itself it works', async () => {
    const cookie = await sessionCookie(portal, token);
    const before = await countOrders();
    const refused: Record<string, string>[] = [
      { origin: foreign },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { referer: `${foreign}/page` },
      // A foreign Origin wins over a same-origin Referer.
      { origin: foreign, referer: `${portal.http.url}/bestillinger` },
    ];
    for (const headers of refused) {
      const res = await create(cookie, headers);
      expect([JSON.stringify(headers), res.status]).toEqual([JSON.stringify(headers), 403]);
      expect(res.type).toBe('application/problem+json');
    }
    // PUT as well (the capacity report; the origin is refused before anything else is looked at).
    const put = await web()
      .put('/api/offers/any-offer/capacity')
      .set('cookie', cookie)
      .set('origin', foreign)
      .send({});
    expect(put.status).toBe(403);
    expect(await countOrders()).toBe(before);

    expect((await create(cookie, { origin: portal.http.url })).status).toBe(201);
    // The portal's pages send no referrer: their writes come with Origin null and Sec-Fetch-Site.
    expect((await create(cookie, { origin: 'null', 'sec-fetch-site': 'same-origin' })).status).toBe(
      201,
    );
    expect((await create(cookie, { referer: `${portal.http.url}/bestillinger/ny` })).status).toBe(
      201,
    );
    // Reads are not writes.
    expect(
      (await web().get('/api/orders').set('cookie', cookie).set('origin', foreign)).status,
    ).toBe(200);
  });

  it('When a bearer token is used from any origin, then the origin is not checked (no ambient credential)', async () => {
    const res = await web()
      .post('/api/orders')
      .set(bearer(token))
      .set('origin', foreign)
      .send(orderBody());
    expect(res.status).toBe(201);
  });

  it('When a page form is posted from a foreign site, then the Danish 403 page, and the session is not signed out', async () => {
    const cookie = await sessionCookie(portal, token);
    const html = (await web().get('/bestillinger').set('cookie', cookie)).text;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const out = await web()
      .post('/log-ud')
      .set('cookie', cookie)
      .set('origin', foreign)
      .type('form')
      .send({ _csrf: csrf });
    expect(out.status).toBe(403);
    expect(out.type).toBe('text/html');
    expect(out.text).toContain('Formularen er udløbet');
    expect(out.text).toContain('lang="da"');
    expect(await signedIn(cookie)).toBe(true);
    const own = await web()
      .post('/log-ud')
      .set('cookie', cookie)
      .set('origin', portal.http.url)
      .type('form')
      .send({ _csrf: csrf });
    expect(own.status).toBe(303);
    expect(await signedIn(cookie)).toBe(false);
  });
});
