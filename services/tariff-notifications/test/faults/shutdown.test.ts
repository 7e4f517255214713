/**
 * SIGTERM to the letters worker process while 5 letters are in flight at a slow mail server: the
 * process finishes them, exits 0 well within 30 s, and leaves no job active or stalled behind —
 * BullMQ's "close workers on SIGTERM" (main.ts → onShutdown → worker.close()).
 */
import { Queue, QueueEvents } from 'bullmq';
import IORedis from 'ioredis';
import {
  freePort,
  startRedis,
  startSmtpCatcher,
  until,
  waitForPort,
  type RunningRedis,
  type SmtpCatcher,
} from '@rammeaftale/testing';
import { spawnNotificationsProcess, type NotificationsProcess } from '../support';
import { postLetter, processFixture, type ProcessFixture } from '../support/process-env';

jest.setTimeout(180_000);

const IN_FLIGHT = 5;
const SMTP_DELAY_MS = 4000;
let smtp: SmtpCatcher;
let redis: RunningRedis;
let fx: ProcessFixture;
let api: NotificationsProcess | undefined;
let worker: NotificationsProcess | undefined;
let queue: Queue;
let events: QueueEvents;
let raw: IORedis;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  redis = await startRedis();
  fx = await processFixture('tn_sigterm', {
    REDIS_URL: redis.url,
    SMTP_URL: smtp.url,
    WORKER_CONCURRENCY: '10',
    JOB_LOCK_MS: '10000',
    STALLED_CHECK_MS: '1000',
    MAIL_SOCKET_TIMEOUT_MS: '8000',
  });
  const connection = { host: '127.0.0.1', port: redis.port };
  queue = new Queue('letters', { connection });
  events = new QueueEvents('letters', { connection });
  raw = new IORedis(redis.port, '127.0.0.1');
});

afterAll(async () => {
  await Promise.all([worker?.crash(), api?.crash()]);
  await Promise.all([queue.close(), events.close()]);
  raw.disconnect();
  fx.close();
  await smtp.close();
  await redis.stop();
});

it('When the letters worker gets SIGTERM with 5 letters in flight, then it exits 0 within 30 s, all 5 are delivered and no job is left active or stalled', async () => {
  let stalled = 0;
  events.on('stalled', () => (stalled += 1));
  await events.waitUntilReady();
  const [apiPort, workerPort] = [await freePort(), await freePort()];
  api = spawnNotificationsProcess(fx.env(apiPort), 'api');
  worker = spawnNotificationsProcess(fx.env(workerPort), 'letters-worker');
  await Promise.all([waitForPort(apiPort, 60_000), waitForPort(workerPort, 60_000)]);

  smtp.delayData(SMTP_DELAY_MS); // each letter stays in flight for seconds
  for (let i = 0; i < IN_FLIGHT; i++)
    expect(
      await postLetter(`http://127.0.0.1:${apiPort}`, fx.token, `orientation:sigterm:${i}`),
    ).toBe(202);
  const active = await until(
    () => queue.getActiveCount(),
    (n) => n === IN_FLIGHT,
    30_000,
  );
  expect(active).toBe(IN_FLIGHT);
  expect(smtp.messages).toHaveLength(0); // none finished yet: all 5 are mid-conversation

  const t0 = Date.now();
  const code = await worker.terminate('SIGTERM');
  const exitMs = Date.now() - t0;
  expect(code).toBe(0);
  expect(exitMs).toBeLessThan(30_000);

  expect(new Set(smtp.messages.map((m) => m.subject)).size).toBe(IN_FLIGHT);
  const counts = await queue.getJobCounts('active', 'completed', 'failed', 'waiting', 'delayed');
  expect(counts).toMatchObject({ active: 0, completed: IN_FLIGHT, failed: 0, waiting: 0 });
  expect(counts.delayed).toBe(0);
  expect(await raw.scard('bull:letters:stalled')).toBe(0);
  expect(stalled).toBe(0);
  expect(worker.output()).toContain('shut down cleanly');
  for (let i = 0; i < IN_FLIGHT; i++) {
    const res = await fetch(`http://127.0.0.1:${apiPort}/deliveries/orientation:sigterm:${i}`, {
      headers: { authorization: `Bearer ${fx.token}` },
    });
    expect(((await res.json()) as { status: string }).status).toBe('sent');
  }
  console.log(
    `SIGTERM: exit ${code} after ${exitMs} ms with ${active} letters in flight (SMTP ${SMTP_DELAY_MS} ms each); ${smtp.messages.length} delivered, 0 active, 0 stalled`,
  );
});
