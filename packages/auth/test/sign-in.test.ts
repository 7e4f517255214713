import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Redis } from 'ioredis';
import { freePort, testEnv, uniqueName } from '@rammeaftale/testing';
import {
  createDevIdentityServer,
  createLocalIdentityProvider,
  createOidcClient,
  createSignInGuard,
  type DevUser,
  type LocalIdentityProvider,
  type OidcClient,
  type SignInGuard,
} from '../src';

/**
 * The sign-in as the portal performs it: the OIDC authorization code flow with PKCE between the
 * relying-party client and the local identity provider over real HTTP, with the lock-out counted
 * in a real Redis.
 */
let redis: Redis;
let idp: LocalIdentityProvider;
let server: Server;
let prefix: string;
let guard: SignInGuard;
const REDIRECT = 'http://127.0.0.1:3999/log-ind/callback';
const events: { outcome: string; userId?: string }[] = [];

const users: DevUser[] = [
  {
    userId: 'sagsbehandler-greve',
    name: 'Sara',
    role: 'caseworker',
    organisationId: 'mun-253',
    password: 'demo',
  },
  {
    userId: 'sagsbehandler-koege',
    name: 'Karl',
    role: 'caseworker',
    organisationId: 'mun-259',
    password: 'demo',
  },
  {
    userId: 'leverandoer-privat',
    name: 'Pia',
    role: 'supplier',
    organisationId: 'cvr-1',
    password: 'demo',
  },
];

beforeAll(async () => {
  redis = new Redis(testEnv().REDIS_URL, { maxRetriesPerRequest: 1 });
  // The issuer must be the server's own URL (discovery checks it): take a port first.
  const port = await freePort();
  idp = await createLocalIdentityProvider({ issuer: `http://127.0.0.1:${port}` });
  prefix = uniqueName('signin');
  guard = createSignInGuard({
    redis,
    prefix,
    maxUserFailures: 5,
    maxAddressFailures: 12,
    windowSeconds: 600,
    lockSeconds: 2,
  });
  const app = createDevIdentityServer({
    idp,
    users,
    clients: [{ clientId: 'order-portal', secret: 'portal-secret', redirectUris: [REDIRECT] }],
    guard,
    onSignIn: (e) => events.push(e),
  });
  server = app.listen(port, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  redis.disconnect();
});

const client = (secret = 'portal-secret'): OidcClient =>
  createOidcClient({ issuer: idp.issuer, clientId: 'order-portal', clientSecret: secret });

/** Submits the provider's sign-in form for the authorization request at `url`. */
async function submit(url: string, username: string, password: string) {
  const authorize = new URL(url);
  const shown = await fetch(authorize);
  expect(shown.status).toBe(200);
  const body = new URLSearchParams(authorize.searchParams);
  body.set('username', username);
  body.set('password', password);
  body.set('action', 'sign-in');
  const res = await fetch(`${idp.issuer}/authorize`, { method: 'POST', body, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), res, text: await res.text() };
}

async function signIn(username: string, password: string, c = client()) {
  const { url, pending } = await c.begin(REDIRECT);
  const answer = await submit(url, username, password);
  return { answer, pending, c };
}

const callbackOf = (location: string | null) => {
  const u = new URL(location ?? 'http://invalid/');
  return {
    code: u.searchParams.get('code') ?? undefined,
    state: u.searchParams.get('state') ?? undefined,
    error: u.searchParams.get('error') ?? undefined,
  };
};

describe('sign-in with the authorization code flow', () => {
  it('When a demo user signs in with the right password, then the portal gets an access token with the user’s role and organisation', async () => {
    const { answer, pending, c } = await signIn('sagsbehandler-greve', 'demo');
    expect(answer.status).toBe(303);
    expect(answer.location?.startsWith(`${REDIRECT}?`)).toBe(true);
    const { accessToken, subject } = await c.complete(
      callbackOf(answer.location),
      pending,
      REDIRECT,
    );
    expect(subject).toBe('sagsbehandler-greve');
    expect(await idp.verifier(accessToken)).toEqual({
      userId: 'sagsbehandler-greve',
      role: 'caseworker',
      organisationId: 'mun-253',
      name: 'Sara',
    });
  });

  it('When the same code is exchanged twice, then the second exchange is refused', async () => {
    const { answer, pending, c } = await signIn('sagsbehandler-koege', 'demo');
    const cb = callbackOf(answer.location);
    await c.complete(cb, pending, REDIRECT);
    await expect(c.complete(cb, pending, REDIRECT)).rejects.toThrow('token endpoint answered 400');
  });

  it('When the PKCE verifier, the state or the nonce does not match, then the sign-in fails', async () => {
    const first = await signIn('sagsbehandler-greve', 'demo');
    await expect(
      first.c.complete(
        callbackOf(first.answer.location),
        { ...first.pending, codeVerifier: 'x'.repeat(43) },
        REDIRECT,
      ),
    ).rejects.toThrow('token endpoint answered 400');

    const second = await signIn('sagsbehandler-greve', 'demo');
    await expect(
      second.c.complete(
        { ...callbackOf(second.answer.location), state: 'forged-state-value' },
        second.pending,
        REDIRECT,
      ),
    ).rejects.toThrow('state does not match');

    const third = await signIn('sagsbehandler-greve', 'demo');
    await expect(
      third.c.complete(
        callbackOf(third.answer.location),
        { ...third.pending, nonce: 'another-nonce-value' },
        REDIRECT,
      ),
    ).rejects.toThrow('nonce does not match');
  });

  it('When the client secret is wrong, then the code is not exchanged', async () => {
    const { answer, pending } = await signIn('sagsbehandler-greve', 'demo');
    await expect(
      client('wrong').complete(callbackOf(answer.location), pending, REDIRECT),
    ).rejects.toThrow('token endpoint answered 401');
  });

  it('When the redirect URI is not registered, then the provider shows an error and redirects nowhere', async () => {
    const { url } = await client().begin('https://evil.example/callback');
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('When the user cancels, then the portal gets access_denied with its state', async () => {
    const { url, pending } = await client().begin(REDIRECT);
    const body = new URLSearchParams(new URL(url).searchParams);
    body.set('action', 'cancel');
    const res = await fetch(`${idp.issuer}/authorize`, {
      method: 'POST',
      body,
      redirect: 'manual',
    });
    const cb = callbackOf(res.headers.get('location'));
    expect(cb).toEqual({ error: 'access_denied', state: pending.state, code: undefined });
    await expect(client().complete(cb, pending, REDIRECT)).rejects.toThrow(
      'provider refused: access_denied',
    );
  });

  it('When a service asks with its client credentials, then it gets a service token; a wrong secret gets 401', async () => {
    const ok = await fetch(`${idp.issuer}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'order-portal',
        client_secret: 'portal-secret',
      }),
    });
    const token = ((await ok.json()) as { access_token: string }).access_token;
    expect((await idp.verifier(token)).role).toBe('service');
    const bad = await fetch(`${idp.issuer}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'order-portal',
        client_secret: 'nope',
      }),
    });
    expect(bad.status).toBe(401);
  });
});

describe('lock-out after repeated failed sign-ins', () => {
  beforeEach(async () => {
    for (const key of await redis.keys(`${prefix}:*`)) await redis.del(key);
  });

  it('When a password is wrong five times, then the user is locked out, even with the right password, until the lock expires', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await signIn('leverandoer-privat', `guess-${i}`)).answer.status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);

    const locked = await signIn('leverandoer-privat', 'demo');
    expect(locked.answer.status).toBe(429);
    expect(Number(locked.answer.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.answer.text).toContain('midlertidigt spærret');
    expect(locked.answer.location).toBeNull();

    // Another user at the same address is not affected: the address has a higher limit.
    expect((await signIn('sagsbehandler-greve', 'demo')).answer.status).toBe(303);

    await new Promise((r) => setTimeout(r, 2100));
    expect((await signIn('leverandoer-privat', 'demo')).answer.status).toBe(303);
    expect(events.filter((e) => e.outcome === 'locked').length).toBeGreaterThan(0);
  });

  it('When an unknown user name is tried, then it is answered and locked like a known one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signIn('findes-ikke', 'x')).answer.status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it('When a sign-in succeeds, then the user’s count starts again', async () => {
    for (let i = 0; i < 4; i++) await signIn('sagsbehandler-koege', 'wrong');
    expect((await signIn('sagsbehandler-koege', 'demo')).answer.status).toBe(303);
    const after: number[] = [];
    for (let i = 0; i < 4; i++)
      after.push((await signIn('sagsbehandler-koege', 'wrong')).answer.status);
    expect(after).toEqual([401, 401, 401, 401]);
  });

  it('When many user names fail from one address, then the address is locked for every user', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `gaet-${i}`);
    const statuses: number[] = [];
    for (const n of names) statuses.push((await signIn(n, 'x')).answer.status);
    expect(statuses.slice(0, 11)).toEqual(Array(11).fill(401));
    expect(statuses[11]).toBe(429);
    expect((await signIn('sagsbehandler-greve', 'demo')).answer.status).toBe(429);
  });

  it('When the counts are in Redis, then no key or value holds a user name or an address', async () => {
    await signIn('sagsbehandler-greve', 'wrong');
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    const values = await Promise.all(keys.map((k) => redis.get(k)));
    expect([...keys, ...values].join('\n')).not.toMatch(/sagsbehandler|127\.0\.0\.1/);
  });

  it('When Redis cannot be reached, then sign-in answers 503 rather than going on unguarded', async () => {
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    dead.on('error', () => undefined);
    const app = createDevIdentityServer({
      idp,
      users,
      clients: [{ clientId: 'order-portal', secret: 'portal-secret', redirectUris: [REDIRECT] }],
      guard: createSignInGuard({
        redis: dead,
        maxUserFailures: 5,
        maxAddressFailures: 12,
        windowSeconds: 60,
        lockSeconds: 60,
      }),
    });
    const other = app.listen(0, '127.0.0.1');
    await new Promise((r) => other.once('listening', r));
    const { url } = await client().begin(REDIRECT);
    const body = new URLSearchParams(new URL(url).searchParams);
    body.set('username', 'sagsbehandler-greve');
    body.set('password', 'demo');
    const res = await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/authorize`, {
      method: 'POST',
      body,
      redirect: 'manual',
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('location')).toBeNull();
    await new Promise((r) => other.close(r));
  });
});
