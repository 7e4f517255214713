/**
 * The worker process killed with SIGKILL in the middle of a batch, then started again: every
 * letter is delivered, and a letter is never delivered under two Message-IDs. (SMTP has no
 * exactly-once: a letter whose 250 reply arrived just before the kill, but was not yet recorded,
 * is sent again — with the same Message-ID, so the receiving system collapses it. The test
 * counts and bounds those.)
 */
import express from 'express';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import {
  PARTIES,
  freePort,
  startRedis,
  startSmtpCatcher,
  testEnv,
  uniqueName,
  waitForPort,
  type RunningRedis,
  type SmtpCatcher,
} from '@rammeaftale/testing';
import type { Server } from 'node:http';
import { spawnNotificationsProcess, type NotificationsProcess } from './support';

jest.setTimeout(120_000);

const LETTERS = 150;
const CONCURRENCY = 5;
let smtp: SmtpCatcher;
let redis: RunningRedis;
let jwks: Server;
let env: NodeJS.ProcessEnv;
let url: string;
let token: string;
let child: NotificationsProcess | undefined;

/** The worker as its own process, killed with SIGKILL for real. */
const startWorker = () => spawnNotificationsProcess(env);

async function until(fn: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  const app = express();
  app.get('/jwks', (_req, res) => void res.json(idp.jwks));
  const jwksPort = await freePort();
  jwks = app.listen(jwksPort, '127.0.0.1');
  smtp = await startSmtpCatcher();
  redis = await startRedis();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  env = {
    ...process.env,
    NODE_ENV: 'test',
    // Info, as in production: the CPR scan of the run reads what the process logged.
    LOG_LEVEL: 'info',
    MONGO_URL: testEnv().MONGO_URL,
    MONGO_DB: uniqueName('tn_crash'),
    REDIS_URL: redis.url,
    PORT: String(port),
    SMTP_URL: smtp.url,
    SMTP_REQUIRE_TLS: 'false',
    AUTH_ISSUER: idp.issuer,
    AUTH_JWKS_URL: `http://127.0.0.1:${jwksPort}/jwks`,
    WORKER_CONCURRENCY: String(CONCURRENCY),
    JOB_LOCK_MS: '3000',
    STALLED_CHECK_MS: '1000',
    MAIL_SOCKET_TIMEOUT_MS: '2000',
    RETRY_BASE_MS: '200',
    RECONCILE_INTERVAL_MS: '1000',
    RECONCILE_AFTER_MS: '5000',
  };
  token = await idp.issue(PARTIES.contractsService);
});

afterAll(async () => {
  await child?.crash();
  await smtp.close();
  await redis.stop();
  jwks.closeAllConnections();
  jwks.close();
});

it('When the worker is killed mid-batch and started again, then every letter arrives and none under two Message-IDs', async () => {
  smtp.delayData(40); // a slow mail server keeps letters in flight when the kill comes
  child = startWorker();
  await waitForPort(Number(new URL(url).port), 60_000);
  const keys = Array.from({ length: LETTERS }, (_, i) => `orientation:crash:${i}`);
  for (const key of keys) {
    const res = await fetch(`${url}/letters`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        key,
        kind: 'orientation-letter',
        to: ['kontakt@leverandor.test'],
        subject: `Brev ${key}`,
        text: 'Kære leverandør',
      }),
    });
    expect(res.status).toBe(202);
  }

  await until(() => smtp.messages.length >= LETTERS / 3, 60_000);
  await child.crash();
  const atKill = smtp.messages.length;
  expect(atKill).toBeLessThan(LETTERS);

  child = startWorker();
  await until(() => new Set(smtp.messages.map((m) => m.messageId)).size >= LETTERS, 90_000);

  const bySubject = new Map<string, Set<string | undefined>>();
  for (const m of smtp.messages) {
    const ids = bySubject.get(m.subject!) ?? new Set();
    ids.add(m.messageId);
    bySubject.set(m.subject!, ids);
  }
  expect(bySubject.size).toBe(LETTERS); // every letter arrived
  for (const ids of bySubject.values()) expect(ids.size).toBe(1); // one Message-ID per letter
  const resent = smtp.messages.length - LETTERS;
  // Only letters in flight at the kill can be sent twice: at most the worker's concurrency.
  expect(resent).toBeLessThanOrEqual(CONCURRENCY);
  console.log(
    `worker crash: ${atKill} delivered before the kill, ${LETTERS} distinct after restart, ${resent} re-sent with the same Message-ID`,
  );
});
