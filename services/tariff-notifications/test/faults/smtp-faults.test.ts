/**
 * The mail server failing in the two ways a sender cannot tell from success by a reply: it takes
 * the message and drops the connection before answering 250 (the letter is sent again, under the
 * same Message-ID, and recorded sent once), and it accepts the TCP connection and never says a
 * word (every attempt ends at its timeout, the job is retried, nothing stalls).
 */
import request from 'supertest';
import IORedis from 'ioredis';
import {
  startFaultProxy,
  startSmtpCatcher,
  testEnv,
  until,
  type FaultProxy,
  type SmtpCatcher,
} from '@rammeaftale/testing';
import { letterFactory, startNotifications, type NotificationsHarness } from '../support';

jest.setTimeout(120_000);

const SOCKET_TIMEOUT_MS = 2000;
let h: NotificationsHarness;
let smtp: SmtpCatcher;
let proxy: FaultProxy;
let raw: IORedis;
let stalled = 0;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  proxy = await startFaultProxy({ port: smtp.port });
  h = await startNotifications({
    name: 'tn_smtp_faults',
    smtp,
    env: {
      SMTP_URL: `smtp://127.0.0.1:${proxy.port}`,
      MAIL_SOCKET_TIMEOUT_MS: String(SOCKET_TIMEOUT_MS),
      RETRY_BASE_MS: '200',
      JOB_LOCK_MS: '5000',
      STALLED_CHECK_MS: '1000',
    },
  });
  h.svc.worker.on('stalled', () => (stalled += 1));
  raw = new IORedis(testEnv().REDIS_URL);
});

afterAll(async () => {
  await h.close();
  await smtp.close();
  await proxy.close();
  raw.disconnect();
});

interface StoredDelivery {
  status: string;
  attempts: number;
  messageId: string;
  lastError?: string;
}

/** The delivery record as stored (the state the operator's API shows). */
const delivery = async (key: string) =>
  (await h.svc.runtime.db
    .collection<{ _id: string } & StoredDelivery>('deliveries')
    .findOne({ _id: key }))!;

const stalledSet = () => raw.scard(`${h.prefix}:letters:stalled`);

it('When the mail server takes the message and drops the connection before its 250, then the letter is sent again under the same Message-ID and recorded sent once', async () => {
  smtp.clear();
  smtp.dropAfterData(1);
  const key = 'orientation:smtp-drop:1';
  const res = await request(h.url)
    .post('/letters')
    .set(h.headers('operator'))
    .send(letterFactory(key));
  expect(res.status).toBe(202);

  const done = await until(
    () => delivery(key),
    (d) => d.status === 'sent',
    30_000,
  );
  expect(done.status).toBe('sent');
  const copies = smtp.messages.filter((m) => m.subject === letterFactory(key).subject);
  expect(copies).toHaveLength(2); // the dropped one arrived too: the sink has it twice
  expect(new Set(copies.map((m) => m.messageId))).toEqual(new Set([done.messageId]));
  expect(done.attempts).toBe(2);
  const sentLines = h.log.lines().filter((l) => l.msg === 'letter sent' && l.deliveryId === key);
  expect(sentLines).toHaveLength(1);
  console.log(
    `SMTP dropped after DATA: ${copies.length} copies at the sink under 1 Message-ID, ${done.attempts} attempts, marked sent once`,
  );
});

it('When the mail server accepts the connection and never answers, then every attempt ends within its timeout, the job is retried and nothing stalls', async () => {
  smtp.clear();
  const durations: number[] = [];
  const startedAt = new Map<string, number>();
  h.svc.worker.on('active', (job) => startedAt.set(job.id!, Date.now()));
  h.svc.worker.on('failed', (job) => {
    if (job?.id && startedAt.has(job.id)) durations.push(Date.now() - startedAt.get(job.id)!);
  });
  proxy.reset(); // the pooled connection of the first test is cut: every attempt dials anew
  proxy.blackhole();
  const key = 'orientation:smtp-blackhole:1';
  const res = await request(h.url)
    .post('/letters')
    .set(h.headers('operator'))
    .send(letterFactory(key));
  expect(res.status).toBe(202);

  await until(
    () => Promise.resolve(durations.length),
    (n) => n >= 3,
    60_000,
  );
  const during = await delivery(key);
  expect(durations.length).toBeGreaterThanOrEqual(3);
  // The greeting timeout bounds each attempt; the margin is for a loaded machine.
  for (const ms of durations) expect(ms).toBeLessThan(SOCKET_TIMEOUT_MS + 3000);
  expect(during.status).toBe('pending');
  expect(during.attempts).toBeGreaterThanOrEqual(3);
  expect(during.lastError).toMatch(/greeting|timeout|ETIMEDOUT/i);
  expect(smtp.messages).toHaveLength(0);
  expect(stalled).toBe(0);
  expect(await stalledSet()).toBe(0);

  proxy.restore();
  const sent = await until(
    () => delivery(key),
    (d) => d.status === 'sent',
    30_000,
  );
  expect(sent.status).toBe('sent');
  expect(smtp.messages.filter((m) => m.messageId === sent.messageId)).toHaveLength(1);
  expect(stalled).toBe(0);
  console.log(
    `SMTP blackhole: ${durations.length} attempts of ${Math.min(...durations)}–${Math.max(...durations)} ms (timeout ${SOCKET_TIMEOUT_MS} ms), retried, 0 stalled; sent once after the server answered again`,
  );
});
