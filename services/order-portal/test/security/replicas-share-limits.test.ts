import request from 'supertest';
import { createHttpApp } from '@rammeaftale/http';
import { createRedisConnection, waitUntilReady } from '@rammeaftale/queues';
import {
  RateLimitUnavailableError,
  redisRateLimitStore,
  sharedRateLimitStore,
} from '@rammeaftale/runtime';
import { bearer, testEnv, testLogger, tokensFor, uniqueName, until } from '@rammeaftale/testing';
import { startTestPortal, type TestPortal } from '../support/start-portal';
import { demoUser, localProvider, type LocalProvider } from '../support/local-provider';

/**
 * Two replicas of the portal's API on one database and one Redis, as two pods behind the load
 * balancer (issue 17): the per-address and per-user rate limits and the sign-in lock-out are
 * counted in Redis, so requests spread over both replicas meet the configured limit in total,
 * not once per replica. (Each replica is its own app with its own memory: a limiter counting in
 * memory would let twice the limit through.)
 */
const IP_MAX = 12;
const USER_MAX = 5;
const MAX_PER_ADDRESS = 4;
let provider: LocalProvider;
let replicas: TestPortal[];
let token: string;

beforeAll(async () => {
  const name = uniqueName('op_replicas');
  provider = await localProvider(name);
  const env = {
    ...provider.env,
    SESSION_KEY: Buffer.alloc(32, 3).toString('base64'),
    RATE_LIMIT_PER_MINUTE: String(IP_MAX),
    USER_RATE_LIMIT_PER_MINUTE: String(USER_MAX),
    SIGN_IN_MAX_FAILURES_PER_ADDRESS: String(MAX_PER_ADDRESS),
    SIGN_IN_LOCK_SECONDS: '60',
  };
  replicas = [];
  for (let i = 0; i < 2; i++)
    replicas.push(await startTestPortal(name, { verifier: provider.idp.verifier, env }));
  await provider.serve(replicas[0]!, [demoUser('sagsbehandler-greve', 'caseworker', 'mun-253')]);
  ({ caseworkerGreve: token } = await tokensFor(provider.idp, ['caseworkerGreve']));
}, 60_000);

afterAll(async () => {
  await Promise.all((replicas ?? []).map((r) => r.close()));
  await provider?.close();
});

/** `count` requests, the n-th to replica n mod 2, one after the other; their statuses. */
async function alternate(
  count: number,
  path: string,
  headers: Record<string, string>,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${replicas[i % 2]!.http.url}${path}`, { headers, redirect: 'manual' });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

it('When requests from one address alternate between two replicas, then the address gets 429 after the configured maximum in total, not twice it', async () => {
  // The address as the load balancer reports it (trusted from loopback), kept apart from the
  // other tests' addresses.
  const statuses = await alternate(2 * IP_MAX, '/api/orders', { 'x-forwarded-for': '203.0.113.7' });
  expect(statuses.slice(0, IP_MAX).filter((s) => s === 429)).toEqual([]);
  expect(statuses.slice(IP_MAX)).toEqual(Array<number>(IP_MAX).fill(429));
});

it('When one signed-in user’s requests alternate between two replicas, then the user gets 429 after the per-user maximum in total', async () => {
  const statuses = await alternate(2 * USER_MAX, '/api/orders', {
    ...bearer(token),
    'x-forwarded-for': '203.0.113.8',
  });
  expect(statuses.slice(0, USER_MAX)).toEqual(Array<number>(USER_MAX).fill(200));
  expect(statuses.slice(USER_MAX)).toEqual(Array<number>(USER_MAX).fill(429));
  // Another user from the same address is counted on their own.
  const other = await tokensFor(provider.idp, ['caseworkerKoege']);
  const res = await fetch(`${replicas[1]!.http.url}/api/orders`, {
    headers: { ...bearer(other.caseworkerKoege), 'x-forwarded-for': '203.0.113.8' },
  });
  expect(res.status).toBe(200);
});

it('When sign-ins fail at replica A until the address is locked out, then replica B refuses that address too, with Retry-After', async () => {
  const address = { 'x-forwarded-for': '203.0.113.9' };
  const failures = [];
  for (let i = 0; i < MAX_PER_ADDRESS; i++) {
    const res = await fetch(`${replicas[0]!.http.url}/log-ind/callback?code=guess-${i}&state=x`, {
      headers: address,
      redirect: 'manual',
    });
    await res.arrayBuffer();
    failures.push(res.status);
  }
  expect(failures).toEqual([...Array<number>(MAX_PER_ADDRESS - 1).fill(401), 429]);

  const atB = await fetch(`${replicas[1]!.http.url}/log-ind/start`, {
    headers: address,
    redirect: 'manual',
  });
  expect(atB.status).toBe(429);
  expect(Number(atB.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await atB.text()).toContain('midlertidigt spærret');
  // Another address still reaches the provider from replica B.
  const other = await fetch(`${replicas[1]!.http.url}/log-ind/start`, {
    headers: { 'x-forwarded-for': '203.0.113.10' },
    redirect: 'manual',
  });
  expect(other.status).toBe(303);
});

describe('the rate limits’ Redis counter', () => {
  it('When a window ends, then its count starts again; two stores on one Redis share the count', async () => {
    const [a, b] = [0, 1].map(() => createRedisConnection(testEnv().REDIS_URL, 'producer'));
    try {
      await Promise.all([waitUntilReady(a!), waitUntilReady(b!)]);
      const scope = uniqueName('rl_window');
      const stores = [redisRateLimitStore(a!, scope), redisRateLimitStore(b!, scope)];
      const counts = [];
      for (let i = 0; i < 4; i++) counts.push((await stores[i % 2]!.hit('ip|ip:x', 1_000)).count);
      expect(counts).toEqual([1, 2, 3, 4]);
      const first = await stores[0]!.hit('ip|ip:x', 1_000);
      expect(first.resetAt - Date.now()).toBeLessThanOrEqual(1_000);
      const next = await until(
        () => stores[1]!.hit('ip|ip:x', 1_000),
        (h) => h.count === 1,
        5_000,
      );
      expect(next.count).toBe(1);
    } finally {
      a!.disconnect();
      b!.disconnect();
    }
  });

  it('When Redis does not answer, then the replica counts on its own (degraded, told once) and still limits — work is not refused, no request goes uncounted', async () => {
    const dead = createRedisConnection('redis://127.0.0.1:1', 'producer');
    dead.on('error', () => undefined);
    try {
      const redisOnly = redisRateLimitStore(dead, uniqueName('rl_dead'));
      await expect(redisOnly.hit('ip|ip:x', 60_000)).rejects.toBeInstanceOf(
        RateLimitUnavailableError,
      );
      const told: boolean[] = [];
      const store = sharedRateLimitStore(redisOnly, (degraded) => told.push(degraded));
      const app = createHttpApp({
        service: 'rl-test',
        logger: testLogger('rl-dead').logger,
        readiness: [],
        isUnavailable: (err) => err instanceof RateLimitUnavailableError,
        ipRateLimit: { max: 5, windowMs: 60_000, store },
        routes: (_api, express) => express.get('/x', (_req, res) => void res.json({ ok: true })),
      });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await request(app).get('/x')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect(told).toEqual([true]);
    } finally {
      dead.disconnect();
    }
  });
});
