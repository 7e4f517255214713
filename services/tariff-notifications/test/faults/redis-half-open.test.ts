/**
 * A half-open connection between the letters worker and Redis: the worker process reaches Redis
 * through a TCP fault proxy that stops forwarding without closing anything (a dropped route, a
 * firewall or NAT that forgot the connection). Once the fault ends — the route heals, the old
 * connections stay dead for good, or they are reset — a new letter is sent within 10 s.
 */
import {
  freePort,
  startFaultProxy,
  startRedis,
  startSmtpCatcher,
  until,
  waitForPort,
  type FaultProxy,
  type RunningRedis,
  type SmtpCatcher,
} from '@rammeaftale/testing';
import { spawnNotificationsProcess, type NotificationsProcess } from '../support';
import { postLetter, processFixture, type ProcessFixture } from '../support/process-env';

jest.setTimeout(240_000);

const FAULT_MS = 15_000;
const BOUND_MS = 10_000;
let smtp: SmtpCatcher;
let redis: RunningRedis;
let proxy: FaultProxy;
let fx: ProcessFixture;
let api: NotificationsProcess | undefined;
let worker: NotificationsProcess | undefined;
let apiUrl: string;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  redis = await startRedis();
  proxy = await startFaultProxy({ port: redis.port });
  fx = await processFixture('tn_half_open', {
    REDIS_URL: redis.url,
    SMTP_URL: smtp.url,
    STALLED_CHECK_MS: '2000',
    JOB_LOCK_MS: '10000',
    MAIL_SOCKET_TIMEOUT_MS: '5000',
  });
  const [apiPort, workerPort] = [await freePort(), await freePort()];
  apiUrl = `http://127.0.0.1:${apiPort}`;
  api = spawnNotificationsProcess(fx.env(apiPort), 'api');
  // Only the worker goes through the proxy: the API reaches Redis directly.
  worker = spawnNotificationsProcess(
    { ...fx.env(workerPort), REDIS_URL: `redis://127.0.0.1:${proxy.port}` },
    'letters-worker',
  );
  await Promise.all([waitForPort(apiPort, 60_000), waitForPort(workerPort, 60_000)]);
});

afterAll(async () => {
  await Promise.all([worker?.crash(), api?.crash()]);
  fx.close();
  await proxy.close();
  await smtp.close();
  await redis.stop();
});

const delivered = (key: string) => smtp.messages.some((m) => m.subject === `Brev ${key}`);

/** Sends a letter and returns how long it took to reach the mail server (or Infinity). */
async function timeToDeliver(key: string, ms = 60_000): Promise<number> {
  const t0 = Date.now();
  expect(await postLetter(apiUrl, fx.token, key)).toBe(202);
  const ok = await until(() => Promise.resolve(delivered(key)), Boolean, ms);
  return ok ? Date.now() - t0 : Infinity;
}

const endings: [string, string, () => void][] = [
  ['the route heals (held bytes delivered)', 'heal', () => proxy.restore()],
  ['the old connections stay silent for good', 'lost', () => proxy.restore({ held: 'lost' })],
  ['the connections are reset', 'reset', () => proxy.reset()],
];

it.each(endings)(
  'When the worker’s Redis connection is blackholed and then %s, then a new letter is sent within 10 s',
  async (ending, slug, end) => {
    expect(await timeToDeliver(`orientation:half-open:${slug}:before`)).toBeLessThan(BOUND_MS);
    proxy.blackhole();
    const during = `orientation:half-open:${slug}:during`;
    expect(await postLetter(apiUrl, fx.token, during)).toBe(202);
    await new Promise((r) => setTimeout(r, FAULT_MS));
    expect(delivered(during)).toBe(false); // the fault was real: nothing passed
    end();
    const faultEnded = Date.now();
    const after = await timeToDeliver(`orientation:half-open:${slug}:after`, 60_000);
    await until(() => Promise.resolve(delivered(during)), Boolean, 60_000);
    const duringMs = Date.now() - faultEnded;
    console.log(
      `Redis half-open ${FAULT_MS} ms, then ${ending}: a new letter sent ${after} ms after the fault ended; the one queued during it by ${duringMs} ms`,
    );
    expect(after).toBeLessThan(BOUND_MS);
    expect(worker!.exitCode()).toBeUndefined();
  },
);
