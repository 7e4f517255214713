/**
 * A soak run of the notifications service (issue 16): one process of it with every role (API,
 * letters worker, reconciler), a private redis-server and an SMTP catcher on loopback, under a
 * steady SOAK_RPS requests a second (default 20: half letters posted, half their delivery read)
 * for SOAK_MINUTES (default 30). Every 10 s it samples the process's resident memory
 * (/proc/<pid>/status VmRSS) and the number of Redis keys.
 *
 *   pnpm soak                                  # 30 minutes at 20 req/s
 *   SOAK_MINUTES=3 pnpm soak                   # a short run
 *
 * The first sixth of the run (at least 1 minute) is warm-up. Exit 0 only when the memory after it
 * grew by at most 10 % to the end (median of the last three samples against the first three), the
 * Redis keys stayed within the queues' retention (a completed job is kept up to
 * JOB_RETENTION.completed.count per queue: one key each, plus a few hundred of the queues' own and
 * the rate limits'), and every request was answered. At 10 letters a second the keys reach that
 * plateau after ~17 minutes, so only a full run shows it level off.
 * Prints its figures as JSON on stdout. Uses MONGO_URL when set, else a private FerretDB.
 */
import express from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
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
} from '@rammeaftale/testing';
import { JOB_RETENTION } from '../packages/queues/src/defaults';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const RPS = Number(process.env.SOAK_RPS ?? 20);
const SAMPLE_MS = 10_000;
const log = (message: string) => process.stderr.write(`[soak] ${message}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Resident memory of a process in MB, from Linux's /proc. */
function rssMb(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) / 1024 : NaN;
}

interface Sample {
  atS: number;
  rssMb: number;
  redisKeys: number;
}

async function main(): Promise<void> {
  const ferret = process.env.MONGO_URL ? undefined : await startFerretDb();
  const idp = await createLocalIdentityProvider();
  const jwksApp = express();
  jwksApp.get('/jwks', (_req, res) => void res.json(idp.jwks));
  const jwksPort = await freePort();
  const jwks = jwksApp.listen(jwksPort, '127.0.0.1');
  const redis = await startRedis({});
  let mailsAtSink = 0;
  const smtp = await startSmtpCatcher({ onMail: () => void (mailsAtSink += 1) });
  const port = await freePort();
  const service = spawnManaged(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot(), 'services/tariff-notifications/src/main.ts')],
    {
      cwd: repoRoot(),
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        PORT: String(port),
        MONGO_URL: process.env.MONGO_URL ?? ferret!.url,
        MONGO_DB: uniqueName('soak'),
        REDIS_URL: redis.url,
        SMTP_URL: smtp.url,
        SMTP_REQUIRE_TLS: 'false',
        AUTH_ISSUER: idp.issuer,
        AUTH_JWKS_URL: `http://127.0.0.1:${jwksPort}/jwks`,
        RATE_LIMIT_PER_MINUTE: '100000',
      },
    },
  );
  await waitForPort(port, 60_000);
  const url = `http://127.0.0.1:${port}`;
  const token = await idp.issue(PARTIES.contractsService);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const keys = new Redis(redis.url);
  const statuses: Record<string, number> = {};
  const count = (status: number) => (statuses[status] = (statuses[status] ?? 0) + 1);
  const samples: Sample[] = [];
  const started = Date.now();
  const endAt = started + MINUTES * 60_000;
  log(`${MINUTES} min at ${RPS} req/s against ${url}`);
  const sampler = setInterval(() => {
    void keys.dbsize().then((n) => {
      samples.push({
        atS: (Date.now() - started) / 1000,
        rssMb: rssMb(service.pid!),
        redisKeys: n,
      });
      const last = samples.at(-1)!;
      smtp.clear(); // counted by onMail; the catcher need not keep every mail
      log(`${last.atS.toFixed(0)} s: ${last.rssMb.toFixed(1)} MB, ${n} Redis keys`);
    });
  }, SAMPLE_MS);
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; Date.now() < endAt; i++) {
    await sleep(Math.max(0, started + (i * 1000) / RPS - Date.now()));
    const key = `orientation:soak:${Math.floor(i / 2)}`;
    const call =
      i % 2 === 0
        ? fetch(`${url}/letters`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              key,
              kind: 'orientation-letter',
              to: ['kontakt@leverandor.test'],
              subject: `Brev ${key}`,
              text: 'Kære leverandør',
            }),
          })
        : fetch(`${url}/deliveries/${encodeURIComponent(key)}`, { headers });
    const p = call
      .then(async (res) => {
        count(res.status);
        await res.body?.cancel();
      })
      .catch(() => void count(0))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  clearInterval(sampler);
  const out = figures(samples, statuses, mailsAtSink);
  console.log(JSON.stringify(out, undefined, 2));
  keys.disconnect();
  await service.stop();
  jwks.close();
  await Promise.all([smtp.close(), redis.stop(), ferret?.discard()]);
  process.exit(out.ok ? 0 : 1);
}

function figures(samples: Sample[], statuses: Record<string, number>, mails: number) {
  const warm = Math.max(60, (MINUTES * 60) / 6);
  const steady = samples.filter((s) => s.atS >= warm);
  const rssStart = median(steady.slice(0, 3).map((s) => s.rssMb));
  const rssEnd = median(steady.slice(-3).map((s) => s.rssMb));
  const keysMax = Math.max(...samples.map((s) => s.redisKeys));
  // The letters queue is the one that completes jobs here; its retention is the bound.
  const keysBound = JOB_RETENTION.completed.count + 500;
  const growthPercent = ((rssEnd - rssStart) / rssStart) * 100;
  // 404: a delivery read before its letter's POST was answered; not a failure.
  const unanswered = (statuses['0'] ?? 0) + (statuses['500'] ?? 0) + (statuses['503'] ?? 0);
  return {
    minutes: MINUTES,
    requestsPerSecond: RPS,
    statuses,
    mailsAtSink: mails,
    rssMb: {
      afterWarmUp: round(rssStart),
      end: round(rssEnd),
      growthPercent: round(growthPercent),
    },
    redisKeys: { max: keysMax, bound: keysBound, last: samples.at(-1)?.redisKeys },
    samples: samples.map((s) => [round(s.atS), round(s.rssMb), s.redisKeys]),
    ok: steady.length >= 6 && growthPercent <= 10 && keysMax <= keysBound && !unanswered,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
