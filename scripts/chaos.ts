/**
 * A chaos run of the letters pipeline (issue 16): the notifications service as its production
 * processes (api, letters-worker, reconciler), a private redis-server (AOF everysec) and an SMTP
 * catcher, all on loopback. While CHAOS_LETTERS letters are posted over CHAOS_SECONDS, one of
 * the worker (SIGKILL), Redis (SIGKILL) and the SMTP server (closed) is killed at random every
 * few seconds and brought back a moment later. Then everything stays up until the outbox drains.
 *
 *   pnpm exec tsx scripts/chaos.ts                          # 1,000 letters over 10 minutes
 *   CHAOS_SECONDS=60 CHAOS_LETTERS=300 pnpm exec tsx scripts/chaos.ts
 *
 * It ends with exit 0 only when every letter is `sent` or `failed` with a reason, and the SMTP
 * server holds as many distinct Message-IDs as letters marked sent (each of them among them);
 * copies re-sent under the same Message-ID are counted, not refused (SMTP has no exactly-once).
 * Uses MONGO_URL when set, else a private FerretDB. Prints its figures as JSON on stdout.
 */
import express from 'express';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { MongoClient } from 'mongodb';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import {
  PARTIES,
  freePort,
  repoRoot,
  spawnManaged,
  startFerretDb,
  startRedis,
  startSmtpCatcher,
  uniqueName,
  waitForPort,
  type ManagedProcess,
  type RunningRedis,
  type SmtpCatcher,
} from '@rammeaftale/testing';

const LETTERS = Number(process.env.CHAOS_LETTERS ?? 1000);
const SECONDS = Number(process.env.CHAOS_SECONDS ?? 600);
const DRAIN_MS = Number(process.env.CHAOS_DRAIN_MS ?? 300_000);
const log = (message: string) => process.stderr.write(`[chaos] ${message}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (lo: number, hi: number) => lo + Math.random() * (hi - lo);

type Target = 'worker' | 'redis' | 'smtp';

/** The parts that are killed and brought back, on fixed ports so they come back where they were. */
interface Stage {
  env: NodeJS.ProcessEnv;
  apiUrl: string;
  token: string;
  redis: RunningRedis;
  redisDir: string;
  smtp: SmtpCatcher;
  smtpPort: number;
  /** Every message any SMTP catcher of the run received: Message-IDs and subjects. */
  sink: { messageId: string | undefined; subject: string | undefined }[];
  worker: ManagedProcess;
  others: ManagedProcess[];
  kills: Record<Target, number>;
}

const spawnRole = (env: NodeJS.ProcessEnv, role: string, port: number) =>
  spawnManaged(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot(), 'services/tariff-notifications/src/main.ts'), role],
    { env: { ...env, PORT: String(port) }, cwd: repoRoot(), stopGraceMs: 15_000 },
  );

async function startWorker(env: NodeJS.ProcessEnv): Promise<ManagedProcess> {
  const port = await freePort();
  const worker = spawnRole(env, 'letters-worker', port);
  await waitForPort(port, 60_000).catch(() => undefined); // it may wait for Redis (startup gate)
  return worker;
}

async function startSink(stage: Pick<Stage, 'sink'>, port?: number): Promise<SmtpCatcher> {
  return startSmtpCatcher({
    port,
    onMail: (m) => stage.sink.push({ messageId: m.messageId, subject: m.subject }),
  });
}

async function setUp(mongoUrl: string, mongoDb: string): Promise<Stage> {
  const idp = await createLocalIdentityProvider();
  const app = express();
  app.get('/jwks', (_req, res) => void res.json(idp.jwks));
  const jwksPort = await freePort();
  app.listen(jwksPort, '127.0.0.1');
  const redisDir = mkdtempSync(path.join(tmpdir(), 'chaos-redis-'));
  const redis = await startRedis({ dir: redisDir });
  const sink: Stage['sink'] = [];
  const smtp = await startSink({ sink });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    MONGO_URL: mongoUrl,
    MONGO_DB: mongoDb,
    REDIS_URL: redis.url,
    SMTP_URL: smtp.url,
    SMTP_REQUIRE_TLS: 'false',
    AUTH_ISSUER: idp.issuer,
    AUTH_JWKS_URL: `http://127.0.0.1:${jwksPort}/jwks`,
    WORKER_CONCURRENCY: '10',
    JOB_LOCK_MS: '10000',
    STALLED_CHECK_MS: '2000',
    MAIL_SOCKET_TIMEOUT_MS: '5000',
    RETRY_BASE_MS: '200',
    RECONCILE_INTERVAL_MS: '2000',
    RECONCILE_AFTER_MS: '10000',
    RATE_LIMIT_PER_MINUTE: '100000',
  };
  const [apiPort, reconcilerPort] = [await freePort(), await freePort()];
  const others = [spawnRole(env, 'api', apiPort), spawnRole(env, 'reconciler', reconcilerPort)];
  await waitForPort(apiPort, 60_000);
  const worker = await startWorker(env);
  return {
    env,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    token: await idp.issue(PARTIES.contractsService),
    redis,
    redisDir,
    smtp,
    smtpPort: smtp.port,
    sink,
    worker,
    others,
    kills: { worker: 0, redis: 0, smtp: 0 },
  };
}

/** Kills one part and brings it back after a moment. */
async function strike(stage: Stage, target: Target): Promise<void> {
  stage.kills[target] += 1;
  const down = between(1000, 5000);
  log(`kill ${target} for ${Math.round(down)} ms`);
  if (target === 'worker') {
    if (stage.worker.pid) process.kill(stage.worker.pid, 'SIGKILL');
    await sleep(down);
    stage.worker = await startWorker(stage.env);
  } else if (target === 'redis') {
    if (stage.redis.process.pid) process.kill(stage.redis.process.pid, 'SIGKILL');
    await sleep(down);
    stage.redis = await startRedis({ dir: stage.redisDir, port: stage.redis.port });
  } else {
    await stage.smtp.close();
    await sleep(down);
    stage.smtp = await startSink(stage, stage.smtpPort);
  }
}

async function chaos(stage: Stage, until: () => boolean): Promise<void> {
  const targets: Target[] = ['worker', 'redis', 'smtp'];
  while (!until()) {
    await sleep(between(2000, 6000));
    if (until()) break;
    await strike(stage, targets[Math.floor(Math.random() * targets.length)]!);
  }
}

/** Answers other than 202 to a letter's POST, by status (0: no answer), tried again. */
const refusals: Record<string, number> = {};

/** Posts a letter until it is accepted (the API may answer 503 while a part is down). */
async function post(stage: Stage, key: string): Promise<number> {
  for (let tries = 1; ; tries++) {
    const res = await fetch(`${stage.apiUrl}/letters`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stage.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        key,
        kind: 'orientation-letter',
        to: ['kontakt@leverandor.test'],
        subject: `Brev ${key}`,
        text: 'Kære leverandør',
      }),
    }).catch(() => undefined);
    await res?.body?.cancel();
    if (res && res.status === 202) return tries;
    refusals[res?.status ?? 0] = (refusals[res?.status ?? 0] ?? 0) + 1;
    await sleep(500);
  }
}

async function load(stage: Stage): Promise<{ retriedPosts: number }> {
  const every = (SECONDS * 1000) / LETTERS;
  const start = Date.now();
  let retriedPosts = 0;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < LETTERS; i++) {
    await sleep(Math.max(0, start + i * every - Date.now()));
    inFlight.push(post(stage, `orientation:chaos:${i}`).then((t) => void (retriedPosts += t - 1)));
  }
  await Promise.all(inFlight);
  return { retriedPosts };
}

interface Outcome {
  byStatus: Record<string, number>;
  failedWithoutReason: number;
  failedReasons: Record<string, number>;
  sentIds: string[];
}

async function outcome(client: MongoClient, db: string): Promise<Outcome> {
  const docs = await client
    .db(db)
    .collection<{ _id: string; status: string; messageId: string; lastError?: string }>(
      'deliveries',
    )
    .find({}, { projection: { status: 1, messageId: 1, lastError: 1 } })
    .toArray();
  const byStatus: Record<string, number> = {};
  const failedReasons: Record<string, number> = {};
  for (const d of docs) {
    byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;
    if (d.status === 'failed' && d.lastError) {
      const reason = d.lastError.slice(0, 80);
      failedReasons[reason] = (failedReasons[reason] ?? 0) + 1;
    }
  }
  return {
    byStatus,
    failedWithoutReason: docs.filter((d) => d.status === 'failed' && !d.lastError).length,
    failedReasons,
    sentIds: docs.filter((d) => d.status === 'sent').map((d) => d.messageId),
  };
}

async function drain(client: MongoClient, db: string): Promise<{ result: Outcome; ms: number }> {
  const t0 = Date.now();
  for (;;) {
    const result = await outcome(client, db);
    const settled = (result.byStatus.sent ?? 0) + (result.byStatus.failed ?? 0);
    if (settled >= LETTERS || Date.now() - t0 > DRAIN_MS) return { result, ms: Date.now() - t0 };
    await sleep(1000);
  }
}

function figures(stage: Stage, result: Outcome, extra: Record<string, number>) {
  const sinkIds = new Set(stage.sink.map((m) => m.messageId));
  const sent = result.sentIds.length;
  return {
    letters: LETTERS,
    seconds: SECONDS,
    kills: stage.kills,
    byStatus: result.byStatus,
    failedReasons: result.failedReasons,
    sinkMessages: stage.sink.length,
    uniqueMessageIds: sinkIds.size,
    resentCopies: stage.sink.length - sinkIds.size,
    sentMissingAtSink: result.sentIds.filter((id) => !sinkIds.has(id)).length,
    refusedPosts: refusals,
    ok:
      (result.byStatus.sent ?? 0) + (result.byStatus.failed ?? 0) === LETTERS &&
      result.failedWithoutReason === 0 &&
      sinkIds.size === sent &&
      result.sentIds.every((id) => sinkIds.has(id)),
    ...extra,
  };
}

async function main(): Promise<void> {
  const ferret = process.env.MONGO_URL ? undefined : await startFerretDb();
  const mongoUrl = process.env.MONGO_URL ?? ferret!.url;
  const mongoDb = uniqueName('chaos');
  const stage = await setUp(mongoUrl, mongoDb);
  const client = await MongoClient.connect(mongoUrl);
  log(`${LETTERS} letters over ${SECONDS} s, database ${mongoDb}`);
  let loading = true;
  const chaotic = chaos(stage, () => !loading);
  const { retriedPosts } = await load(stage);
  loading = false;
  await chaotic;
  log('load done, everything up: draining the outbox');
  const { result, ms } = await drain(client, mongoDb);
  const out = figures(stage, result, { retriedPosts, drainMs: ms });
  console.log(JSON.stringify(out, undefined, 2));
  await client.db(mongoDb).dropDatabase();
  await client.close();
  await Promise.all([stage.worker.stop(), ...stage.others.map((p) => p.stop())]);
  await Promise.all([stage.smtp.close(), stage.redis.stop(), ferret?.discard()]);
  process.exit(out.ok ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
