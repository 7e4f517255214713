/**
 * Scale-out of the letters queue (issue 17): the API and two letters workers, each its own node
 * process (`main.ts api|letters-worker`, as the Deployments run them), on one Redis and one
 * database. 1,000 letters are accepted by the API; at the SMTP server every letter arrives once,
 * under its own Message-ID, none is lost, and both workers sent some. Each worker sends from its
 * own MAIL_FROM, so the envelope sender at the catcher says which worker sent a letter.
 */
import path from 'node:path';
import express from 'express';
import type { Server } from 'node:http';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import {
  PARTIES,
  freePort,
  repoRoot,
  spawnManaged,
  startRedis,
  startSmtpCatcher,
  testEnv,
  uniqueName,
  until,
  type ManagedProcess,
  type RunningRedis,
  type SmtpCatcher,
} from '@rammeaftale/testing';

jest.setTimeout(240_000);

const LETTERS = 1_000;
const WORKERS = ['worker-a', 'worker-b'] as const;
let smtp: SmtpCatcher;
let redis: RunningRedis;
let jwks: Server;
let env: NodeJS.ProcessEnv;
let token: string;
const procs: ManagedProcess[] = [];

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  const app = express();
  app.get('/jwks', (_req, res) => void res.json(idp.jwks));
  const jwksPort = await freePort();
  jwks = app.listen(jwksPort, '127.0.0.1');
  smtp = await startSmtpCatcher();
  // A Redis of its own: the roles use the letters queue without a test prefix.
  redis = await startRedis();
  env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    MONGO_URL: testEnv().MONGO_URL,
    MONGO_DB: uniqueName('tn_scale'),
    REDIS_URL: redis.url,
    SMTP_URL: smtp.url,
    SMTP_REQUIRE_TLS: 'false',
    AUTH_ISSUER: idp.issuer,
    AUTH_JWKS_URL: `http://127.0.0.1:${jwksPort}/jwks`,
    // One client posts the 1,000 letters from one address.
    RATE_LIMIT_PER_MINUTE: '100000',
  };
  token = await idp.issue(PARTIES.contractsService);
});

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await smtp?.close();
  await redis?.stop();
  jwks?.close();
});

/** One role as its own node process (tsx as a loader), ready when its /readyz answers 200. */
async function startRole(role: string, extra: Record<string, string> = {}): Promise<string> {
  const port = await freePort();
  const proc = spawnManaged(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, '../src/main.ts'), role],
    { env: { ...env, ...extra, PORT: String(port) }, cwd: repoRoot() },
  );
  procs.push(proc);
  const url = `http://127.0.0.1:${port}`;
  const status = await until(
    async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status,
    (s) => s === 200,
    60_000,
  );
  if (status !== 200) throw new Error(`${role} not ready (${status}):\n${proc.output()}`);
  return url;
}

const fromOf = (worker: string) => `Rammeaftale Sjælland <${worker}@rammeaftale-sjaelland.dk>`;

async function postLetter(api: string, i: number): Promise<number> {
  const res = await fetch(`${api}/letters`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      key: `scale-out:${i}`,
      kind: 'notice',
      to: [`leverandor${i % 50}@leverandor.test`],
      subject: `Meddelelse ${i}`,
      text: `Der er en ny meddelelse til jer på portalen (${i}).`,
    }),
  });
  await res.arrayBuffer();
  return res.status;
}

it('When two letters workers share a queue of 1,000 letters, then every letter reaches the SMTP server exactly once, each under its own Message-ID, and both workers sent some', async () => {
  const [api = ''] = await Promise.all([
    startRole('api'),
    ...WORKERS.map((w) => startRole('letters-worker', { MAIL_FROM: fromOf(w) })),
  ]);
  const started = Date.now();
  const statuses: number[] = [];
  const batch = 25;
  for (let i = 0; i < LETTERS; i += batch) {
    const indexes = Array.from({ length: Math.min(batch, LETTERS - i) }, (_, j) => i + j);
    statuses.push(...(await Promise.all(indexes.map((n) => postLetter(api, n)))));
  }
  expect(statuses.filter((s) => s !== 202)).toEqual([]);
  await smtp.waitFor(LETTERS, 180_000);
  const seconds = (Date.now() - started) / 1000;
  // Anything still on its way (a letter sent twice) would arrive in this pause.
  await new Promise((r) => setTimeout(r, 2_000));

  const mails = smtp.messages;
  const keys = mails.map((m) => m.headers.get('x-delivery-key') as string);
  const ids = new Set(mails.map((m) => m.messageId));
  const expected = Array.from({ length: LETTERS }, (_, i) => `scale-out:${i}`).sort();
  expect(mails).toHaveLength(LETTERS);
  expect(ids.size).toBe(LETTERS);
  expect([...new Set(keys)].sort()).toEqual(expected);

  const byWorker = WORKERS.map(
    (w) => mails.filter((m) => m.envelopeFrom === `${w}@rammeaftale-sjaelland.dk`).length,
  );
  console.log(
    `letters scale-out: ${LETTERS} letters in ${seconds.toFixed(1)} s, ` +
      WORKERS.map((w, i) => `${w} ${byWorker[i]}`).join(', '),
  );
  expect(byWorker[0]! + byWorker[1]!).toBe(LETTERS);
  expect(byWorker.every((n) => n > 0)).toBe(true);
});
