/**
 * The service started while Redis is away: it waits (longer than the 30 s after which the start
 * used to give up), answers the probes meanwhile — alive, not ready, naming Redis — and once a
 * Redis server comes up on its address it becomes ready, accepts a letter and sends it.
 */
import {
  freePort,
  startRedis,
  startSmtpCatcher,
  until,
  type RunningRedis,
  type SmtpCatcher,
} from '@rammeaftale/testing';
import { spawnNotificationsProcess, type NotificationsProcess } from '../support';
import { postLetter, processFixture, type ProcessFixture } from '../support/process-env';

jest.setTimeout(240_000);

const AWAY_MS = 35_000;
let smtp: SmtpCatcher;
let redis: RunningRedis | undefined;
let fx: ProcessFixture;
let svc: NotificationsProcess | undefined;
let redisPort: number;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  redisPort = await freePort(); // nothing listens here yet
  fx = await processFixture('tn_redis_at_start', {
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    SMTP_URL: smtp.url,
  });
});

afterAll(async () => {
  await svc?.crash();
  fx.close();
  await smtp.close();
  await redis?.stop();
});

const probe = async (url: string) => {
  try {
    const res = await fetch(url);
    return { status: res.status, body: (await res.json()) as { checks?: Record<string, string> } };
  } catch {
    return { status: 0, body: {} }; // not listening (yet)
  }
};

it('When Redis is down at start-up, then the service waits and answers /readyz 503, and once Redis comes it becomes ready and sends a letter', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  svc = spawnNotificationsProcess(fx.env(port));

  const first = await until(
    () => probe(`${url}/readyz`),
    (r) => r.status !== 0,
    60_000,
  );
  expect(first.status).toBe(503);
  expect(first.body.checks).toEqual({ redis: 'unavailable' });
  expect((await probe(`${url}/healthz`)).status).toBe(200);
  expect(await postLetter(url, fx.token, 'orientation:redis-at-start:early')).not.toBe(202);

  // Still waiting, still answering, well past the 30 s the start used to give up after.
  await new Promise((r) => setTimeout(r, Math.max(0, AWAY_MS - (Date.now() - t0))));
  expect(svc.exitCode()).toBeUndefined();
  expect((await probe(`${url}/readyz`)).status).toBe(503);

  redis = await startRedis({ port: redisPort });
  const cameAt = Date.now();
  const ready = await until(
    () => probe(`${url}/readyz`),
    (r) => r.status === 200,
    60_000,
  );
  const readyMs = Date.now() - cameAt;
  expect(ready.status).toBe(200);

  expect(await postLetter(url, fx.token, 'orientation:redis-at-start:1')).toBe(202);
  const [mail] = await smtp.waitFor(1, 30_000);
  expect(mail?.subject).toBe('Brev orientation:redis-at-start:1');
  console.log(
    `Redis down at start: /readyz 503 for ${Math.round((cameAt - t0) / 1000)} s (process alive), ready ${readyMs} ms after Redis came, letter accepted and sent`,
  );
});
