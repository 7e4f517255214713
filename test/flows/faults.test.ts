/**
 * Backing services going away and coming back: readiness and API answers turn 503 within seconds
 * (never hang), and everything recovers by itself. Uses private servers, so stopping them does not
 * disturb other test files.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  startFerretDb,
  startRedis,
  type RunningFerret,
  type RunningRedis,
} from '@rammeaftale/testing';
import {
  startNotifications,
  type NotificationsHarness,
} from '@rammeaftale/tariff-notifications/test/support/start-notifications';

jest.setTimeout(90_000);

let ferret: RunningFerret;
let redis: RunningRedis;
let h: NotificationsHarness;
const ferretDir = mkdtempSync(path.join(tmpdir(), 'ferret-fault-'));
const redisDir = mkdtempSync(path.join(tmpdir(), 'redis-fault-'));

beforeAll(async () => {
  ferret = await startFerretDb({ dataDir: ferretDir });
  redis = await startRedis({ dir: redisDir });
  h = await startNotifications({
    name: 'faults',
    env: {
      MONGO_URL: ferret.url,
      REDIS_URL: redis.url,
      RECONCILE_INTERVAL_MS: '500',
      RECONCILE_AFTER_MS: '200',
    },
  });
});

afterAll(async () => {
  await h.close().catch(() => undefined);
  await Promise.all([ferret.discard(), redis.stop()]);
});

const ready = () => request(h.url).get('/readyz');
const list = () => request(h.url).get('/deliveries').set(h.headers('operator'));

async function eventually(fn: () => Promise<boolean>, ms = 30_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

describe('faults', () => {
  it('When MongoDB goes away, then /readyz and API calls answer 503 within seconds, and recover when it returns', async () => {
    expect((await ready()).status).toBe(200);
    const port = Number(new URL(ferret.url).port);
    await ferret.stop();

    const t0 = Date.now();
    const apiWhileDown = await list();
    expect(apiWhileDown.status).toBe(503);
    expect(apiWhileDown.headers['content-type']).toContain('application/problem+json');
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await eventually(async () => (await ready()).status === 503, 10_000)).toBe(true);

    ferret = await startFerretDb({ dataDir: ferretDir, port });
    expect(await eventually(async () => (await ready()).status === 200)).toBe(true);
    expect((await list()).status).toBe(200);
  });

  it('When Redis goes away, then a letter is still accepted (kept in the outbox) and is delivered once Redis returns', async () => {
    const port = redis.port;
    await redis.stop();
    expect(await eventually(async () => (await ready()).status === 503, 10_000)).toBe(true);

    const t0 = Date.now();
    const res = await request(h.url)
      .post('/letters')
      .set(h.headers('operator'))
      .send({
        key: 'orientation:fault:1',
        kind: 'orientation-letter',
        to: ['a@leverandor.test'],
        subject: 'Orientering',
        text: 'Kære leverandør',
      });
    expect(res.status).toBe(202);
    expect(Date.now() - t0).toBeLessThan(5000);

    redis = await startRedis({ dir: redisDir, port });
    expect(await eventually(async () => (await ready()).status === 200)).toBe(true);
    const [mail] = await h.smtp.waitFor(1, 30_000);
    expect(mail?.subject).toBe('Orientering');
  });
});
