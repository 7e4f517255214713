/**
 * A scrape while Redis does not answer (issue 17): `/metrics` still answers, within the Redis
 * command timeout, with readiness saying redis 0 and the queue series left out — not a failed
 * scrape (the target would only show "down") and not the last depths as if they were current.
 * Once Redis answers again, the queue series are back.
 */
import request from 'supertest';
import { METRICS } from '@rammeaftale/runtime';
import {
  parsePrometheus,
  samplesOf,
  startFaultProxy,
  testEnv,
  type FaultProxy,
  type Sample,
} from '@rammeaftale/testing';
import { startNotifications, until, type NotificationsHarness } from './support';

jest.setTimeout(60_000);

const TOKEN = 'metrics-scraper-token-redis-down-0123456789';
let proxy: FaultProxy;
let h: NotificationsHarness;

beforeAll(async () => {
  proxy = await startFaultProxy({ port: Number(new URL(testEnv().REDIS_URL).port) });
  h = await startNotifications({
    name: 'tn_metrics_down',
    env: { METRICS_TOKEN: TOKEN, REDIS_URL: `redis://127.0.0.1:${proxy.port}` },
  });
});
afterAll(async () => {
  proxy.restore();
  await h?.close();
  await proxy?.close();
});

const scrape = async (): Promise<Sample[]> => {
  const res = await request(h.url).get('/metrics').set('authorization', `Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  return parsePrometheus(res.text);
};

it('When Redis is blackholed, then /metrics answers with redis not ready and no queue series; when it answers again, the queue series are back', async () => {
  expect(samplesOf(await scrape(), METRICS.queueJobs, { queue: 'letters' })).toHaveLength(4);
  proxy.blackhole();
  try {
    const started = Date.now();
    const down = await scrape();
    console.log(`scrape with Redis blackholed: ${Date.now() - started} ms`);
    expect(samplesOf(down, METRICS.ready, { check: 'redis' }).map((s) => s.value)).toEqual([0]);
    expect(samplesOf(down, METRICS.ready, { check: 'mongodb' }).map((s) => s.value)).toEqual([1]);
    expect(samplesOf(down, METRICS.queueJobs)).toEqual([]);
    expect(samplesOf(down, METRICS.queueOldestWaiting)).toEqual([]);
  } finally {
    proxy.restore();
  }
  const back = await until(
    () => scrape(),
    (s) => samplesOf(s, METRICS.queueJobs, { queue: 'letters' }).length === 4,
    30_000,
    500,
  );
  expect(samplesOf(back, METRICS.ready, { check: 'redis' })[0]?.value).toBe(1);
});
