import { createHash } from 'node:crypto';
import { uniqueName } from '@rammeaftale/testing';
import type { OrderPortal } from '../../src/start';
import { startTestPortal } from '../support/start-portal';
import { demoUser, localProvider, type LocalProvider } from '../support/local-provider';

/**
 * The portal's sign-in over HTTP, as a browser does it (cookies kept by hand): the portal's
 * OIDC client against the local provider on its own port, lock-out counts in the real Redis.
 */
let provider: LocalProvider;
let portal: OrderPortal;
let prefix: string;
const LOCK_SECONDS = 2;
const MAX_PER_ADDRESS = 4;

beforeAll(async () => {
  prefix = uniqueName('op_signin');
  provider = await localProvider(prefix);
  portal = await startTestPortal(prefix, {
    verifier: provider.idp.verifier,
    env: {
      ...provider.env,
      SESSION_KEY: Buffer.alloc(32, 3).toString('base64'),
      SIGN_IN_MAX_FAILURES_PER_ADDRESS: String(MAX_PER_ADDRESS),
      SIGN_IN_LOCK_SECONDS: String(LOCK_SECONDS),
    },
  });
  await provider.serve(portal, [demoUser('sagsbehandler-greve', 'caseworker', 'mun-253')]);
});

afterAll(async () => {
  await portal.close();
  await provider.close();
});

/** A browser's cookie jar for the portal, enough for these flows. */
class Browser {
  cookies = new Map<string, string>();
  setCookies: string[] = [];
  async get(url: string) {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: url.startsWith(portal.http.url) ? { cookie: this.header() } : {},
    });
    if (url.startsWith(portal.http.url)) {
      for (const c of res.headers.getSetCookie()) {
        this.setCookies.push(c);
        const [pair] = c.split(';');
        const [name, ...value] = pair!.split('=');
        if (/Max-Age=0/.test(c)) this.cookies.delete(name!);
        else this.cookies.set(name!, value.join('='));
      }
    }
    return {
      status: res.status,
      location: res.headers.get('location'),
      res,
      text: await res.text(),
    };
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** Portal → provider's form → the provider's redirect back (not yet followed). */
async function toProvider(b: Browser, target = '') {
  const start = await b.get(
    `${portal.http.url}/log-ind/start${target ? `?til=${encodeURIComponent(target)}` : ''}`,
  );
  expect(start.status).toBe(303);
  const authorize = new URL(start.location!);
  const body = new URLSearchParams(authorize.searchParams);
  body.set('username', 'sagsbehandler-greve');
  body.set('password', 'demo');
  body.set('action', 'sign-in');
  const answer = await fetch(`${provider.idp.issuer}/authorize`, {
    method: 'POST',
    body,
    redirect: 'manual',
  });
  expect(answer.status).toBe(303);
  return answer.headers.get('location')!;
}

async function clearLocks() {
  for (const key of await portal.runtime.redis.keys(`${prefix}:signin:*`))
    await portal.runtime.redis.del(key);
}

describe('portal sign-in', () => {
  beforeEach(clearLocks);

  it('When a case worker signs in at the provider, then the portal starts an HttpOnly session and the pages open', async () => {
    const b = new Browser();
    const page = await b.get(`${portal.http.url}/log-ind`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/log-ind/start"');
    const callback = await toProvider(b);
    expect(callback.startsWith(`${portal.http.url}/log-ind/callback?`)).toBe(true);
    const done = await b.get(callback);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/bestillinger');
    const session = b.setCookies.find((c) => c.startsWith('__Host-rs_session='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    // `__Host-`: Secure, Path=/ and no Domain, or the browser drops it.
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/Path=\/;/);
    expect(session).not.toMatch(/Domain=/i);
    // An opaque random id (256 bits), not the access token.
    const id = b.cookies.get('__Host-rs_session')!;
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(id).not.toContain('.');
    expect(b.cookies.has('rs_signin')).toBe(false);
    const orders = await b.get(`${portal.http.url}/bestillinger`);
    expect(orders.status).toBe(200);
    expect(orders.text).toContain('Mine bestillinger');
  });

  it('When the sign-in started from a page, then the user comes back to that page, but never to another site', async () => {
    const back = new Browser();
    const done = await back.get(await toProvider(back, '/bestillinger/ny'));
    expect(done.location).toBe('/bestillinger/ny');
    const evil = new Browser();
    const refused = await evil.get(await toProvider(evil, '//evil.example/x'));
    expect(refused.location).toBe('/bestillinger');
  });

  it('When the callback comes to another browser, or its signed cookie is altered, then no session is started', async () => {
    const a = new Browser();
    const callback = await toProvider(a);
    const other = new Browser();
    const stolen = await other.get(callback);
    expect(stolen.status).toBe(401);
    expect(stolen.text).toContain('Log ind mislykkedes');
    expect(other.cookies.has('__Host-rs_session')).toBe(false);

    const c = new Browser();
    const cb = await toProvider(c);
    const [payload, sig] = c.cookies.get('rs_signin')!.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as {
      target: string;
    };
    forged.target = '/drift';
    c.cookies.set(
      'rs_signin',
      `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${sig}`,
    );
    const tampered = await c.get(cb);
    expect(tampered.status).toBe(401);
    expect(c.cookies.has('__Host-rs_session')).toBe(false);
  });

  it('When sign-ins fail again and again from one address, then it is locked out with Retry-After, even for a valid sign-in, until the lock expires', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < MAX_PER_ADDRESS; i++) {
      const b = new Browser();
      statuses.push(
        (await b.get(`${portal.http.url}/log-ind/callback?code=guess-${i}&state=x`)).status,
      );
    }
    expect(statuses).toEqual([...Array<number>(MAX_PER_ADDRESS - 1).fill(401), 429]);

    const b = new Browser();
    const start = await b.get(`${portal.http.url}/log-ind/start`);
    expect(start.status).toBe(429);
    expect(Number(start.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(start.text).toContain('midlertidigt spærret');

    await new Promise((r) => setTimeout(r, LOCK_SECONDS * 1000 + 100));
    const again = new Browser();
    const done = await again.get(await toProvider(again));
    expect(done.status).toBe(303);
    expect(again.cookies.has('__Host-rs_session')).toBe(true);
  });

  it('When a person signs out, then the server-side session is deleted: a copy of the cookie opens nothing, in the pages or the API', async () => {
    const b = new Browser();
    await b.get(await toProvider(b));
    const id = b.cookies.get('__Host-rs_session')!;
    const copy = `__Host-rs_session=${id}`;
    // In Redis under the id's hash, never the id itself; the token in it is not in clear.
    const keys = await portal.runtime.redis.keys(`${prefix}:session:*`);
    expect(keys.join()).not.toContain(id);
    const hashed = `${prefix}:session:${createHash('sha256').update(id).digest('base64url')}`;
    expect(keys).toContain(hashed);
    const stored = JSON.parse((await portal.runtime.redis.get(hashed))!) as Record<string, unknown>;
    expect(stored).toMatchObject({ userId: 'sagsbehandler-greve', organisationId: 'mun-253' });
    expect(String(stored.token)).not.toMatch(/^eyJ/);
    expect(await portal.runtime.redis.ttl(hashed)).toBeGreaterThan(29 * 60);
    expect(await portal.runtime.redis.ttl(hashed)).toBeLessThanOrEqual(30 * 60);

    const orders = await b.get(`${portal.http.url}/bestillinger`);
    expect(orders.status).toBe(200);
    expect(
      (await fetch(`${portal.http.url}/api/orders`, { headers: { cookie: copy } })).status,
    ).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(orders.text)![1]!;
    const out = await fetch(`${portal.http.url}/log-ud`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: b.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie().join()).toMatch(/__Host-rs_session=; .*Max-Age=0/);
    expect(await portal.runtime.redis.exists(hashed)).toBe(0);

    const page = await fetch(`${portal.http.url}/bestillinger`, {
      headers: { cookie: copy },
      redirect: 'manual',
    });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/log-ind/);
    const api = await fetch(`${portal.http.url}/api/orders`, { headers: { cookie: copy } });
    expect(api.status).toBe(401);
  });

  it('When the counts are in Redis, then they hold neither the address nor the user', async () => {
    await new Browser().get(`${portal.http.url}/log-ind/callback?code=x&state=y`);
    const keys = await portal.runtime.redis.keys(`${prefix}:signin:*`);
    expect(keys.length).toBe(1);
    expect(keys.join()).not.toMatch(/127\.0\.0\.1|::1/);
  });
});
