/**
 * A burst of letters (issue 13): BENCH_BURST_LETTERS letters (default 5,000) posted to
 * `POST /letters` all at once (BENCH_BURST_CLIENTS concurrent posts, default 200, each letter its
 * own key and recipient), then drained by the real worker to an SMTP catcher. Prints how long the
 * posting and the drain took and what arrived; after the last letter it waits BENCH_SETTLE_MS
 * (default 5 s) for late duplicates. Goals: every post accepted, all delivered (0 missing),
 * 0 duplicate Message-IDs at the catcher, drained within 120 s of the first post.
 *
 * Run: pnpm bench letters-burst   (`pnpm bench letters` runs this and letters.bench.ts)
 */
import { performance } from 'node:perf_hooks';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { createLogger } from '@rammeaftale/logging';
import {
  bearer,
  describeInfra,
  runLoad,
  startInfra,
  startSmtpCatcher,
  tokensFor,
  uniqueName,
} from '@rammeaftale/testing';
import { readFileSync } from 'node:fs';
import { tariffNotificationsEnv } from '../src/config';
import { DeliveryRepository } from '../src/deliveries/delivery.repository';
import { workerScope } from '../src/deliveries/letter.access';
import { startTariffNotifications } from '../src/start';

const LETTERS = Number(process.env.BENCH_BURST_LETTERS ?? 5000);
const CLIENTS = Number(process.env.BENCH_BURST_CLIENTS ?? 200);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 5000);
const GOAL_S = 120;

const letterText =
  'Kære leverandør\n\nDe 17 kommuner har vedtaget fælles principper for standardkontrakter og takster. ' +
  'Takststigninger ud over P/L skal godkendes af den købende kommune.\n\nMed venlig hilsen\nRammeaftale Sjælland';

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function main(): Promise<void> {
  const infra = await startInfra();
  const smtp = await startSmtpCatcher();
  const idp = await createLocalIdentityProvider();
  const logger = createLogger({ service: 'bench', level: process.env.BENCH_LOG ?? 'silent' });
  const svc = await startTariffNotifications(
    tariffNotificationsEnv.parse({
      MONGO_URL: infra.mongoUrl,
      REDIS_URL: infra.redisUrl,
      PORT: '0',
      MONGO_DB: uniqueName('bench_burst'),
      SMTP_URL: smtp.url,
      SMTP_REQUIRE_TLS: 'false',
      AUTH_ISSUER: idp.issuer,
      AUTH_JWKS_URL: 'http://127.0.0.1:1/unused',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '100000000',
      RECONCILE_INTERVAL_MS: '3600000',
      ...(process.env.WORKER_CONCURRENCY
        ? { WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY }
        : {}),
    }),
    { logger, verifier: idp.verifier, queuePrefix: uniqueName('bench') },
  );
  console.log(describeInfra(infra));
  const { orderPortalService } = await tokensFor(idp, ['orderPortalService']);
  const headers = bearer(orderPortalService);
  const run = uniqueName('burst');
  const recipient = (i: number) => `leverandoer-${i}@bench.test`;

  console.log(`load average before: ${loadAverage()}`);
  const started = performance.now();
  const posted = await runLoad({
    url: `${svc.http.url}/letters`,
    concurrency: CLIENTS,
    requests: LETTERS,
    variants: Array.from({ length: LETTERS }, (_, i) => ({
      method: 'POST',
      headers,
      body: JSON.stringify({
        key: `${run}:${i}`,
        kind: 'orientation-letter',
        to: [recipient(i)],
        subject: 'Orientering om standardkontrakter og takststigninger',
        text: letterText,
      }),
    })),
  });
  const postedS = (performance.now() - started) / 1000;
  console.log(
    `posted ${posted.requests} letters in ${postedS.toFixed(1)} s (${posted.rps.toFixed(0)}/s, ` +
      `p99 ${posted.p99Ms.toFixed(0)} ms), statuses ${JSON.stringify(posted.statuses)}`,
  );

  let drainedS: number | undefined;
  try {
    await smtp.waitFor(LETTERS, GOAL_S * 1000 * 2);
    drainedS = (performance.now() - started) / 1000;
  } catch {
    // counted below: what arrived, what is missing
  }
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  console.log(`load average after: ${loadAverage()}`);

  const messages = smtp.messages;
  const ids = new Map<string, number>();
  for (const m of messages)
    ids.set(m.messageId ?? '(none)', (ids.get(m.messageId ?? '(none)') ?? 0) + 1);
  const duplicates = [...ids.values()].reduce((n, c) => n + (c - 1), 0);
  const arrivedTo = new Set(messages.flatMap((m) => m.envelopeTo));
  const missing = Array.from({ length: LETTERS }, (_, i) => recipient(i)).filter(
    (r) => !arrivedTo.has(r),
  ).length;
  const outbox = await new DeliveryRepository(svc.runtime.db).countByStatus(workerScope());
  console.log(
    `# burst of ${LETTERS} letters: ${drainedS === undefined ? `NOT drained within ${GOAL_S * 2} s` : `drained ${drainedS.toFixed(1)} s after the first post (${(LETTERS / drainedS).toFixed(0)} letters/s)`}; ` +
      `at the catcher ${messages.length} messages, ${ids.size} distinct Message-IDs, ${duplicates} duplicates, ` +
      `${missing} recipients missing; outbox ${JSON.stringify(outbox)}`,
  );
  const results: boolean[] = [];
  const check = (ok: boolean, text: string) => {
    results.push(ok);
    console.log(`${ok ? 'PASS' : 'FAIL'}  ${text}`);
  };
  check(posted.errors === 0, `every post accepted: ${posted.requests - posted.errors}/${LETTERS}`);
  check(missing === 0, `missing: ${missing} (goal 0)`);
  check(duplicates === 0, `duplicate Message-IDs: ${duplicates} (goal 0)`);
  check(
    drainedS !== undefined && drainedS <= GOAL_S,
    `drain: ${drainedS === undefined ? 'not drained' : `${drainedS.toFixed(1)} s`} (goal ≤ ${GOAL_S} s)`,
  );
  await svc.close();
  await smtp.close();
  await infra.stop();
  process.exit(results.every(Boolean) ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
