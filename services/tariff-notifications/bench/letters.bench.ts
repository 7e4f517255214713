/**
 * What the outbox and the queue cost: 1,000 letters accepted through the use case (a MongoDB
 * outbox record each, a BullMQ job each) and sent by the real worker until the SMTP catcher has
 * all of them, against raw pooled nodemailer sending 1,000 messages straight to the same catcher
 * with the same pool settings. Interleaved pairs in one run; goal: ratio ≥ 0.6.
 *
 * Run: pnpm bench letters   (BENCH_LETTERS, BENCH_PAIRS to change the size)
 */
import nodemailer from 'nodemailer';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { createLogger } from '@rammeaftale/logging';
import {
  compareInterleaved,
  formatBenchResult,
  startInfra,
  startSmtpCatcher,
  uniqueName,
} from '@rammeaftale/testing';
import { tariffNotificationsEnv } from '../src/config';
import { acceptDeliveries } from '../src/deliveries/accept-delivery.use-case';
import { deliveryModel } from '../src/deliveries/delivery.model';
import { DeliveryRepository } from '../src/deliveries/delivery.repository';
import { workerScope } from '../src/deliveries/letter.access';
import { startTariffNotifications } from '../src/start';

const LETTERS = Number(process.env.BENCH_LETTERS ?? 1000);
const PAIRS = Math.max(1, Number(process.env.BENCH_PAIRS ?? 5));
/** Letters accepted per call of the use case, as a campaign hands them over. */
const ACCEPT_BATCH = 100;
/** The worker's pool (createMailTransport's default), used for the baseline too. */
const MAX_CONNECTIONS = 5;

const letterText =
  'Kære leverandør\n\nDe 17 kommuner har vedtaget fælles principper for standardkontrakter og takster. ' +
  'Takststigninger ud over P/L skal godkendes af den købende kommune.\n\nMed venlig hilsen\nRammeaftale Sjælland';

async function main(): Promise<void> {
  const infra = await startInfra();
  const smtp = await startSmtpCatcher();
  const idp = await createLocalIdentityProvider();
  const logger = createLogger({ service: 'bench', level: 'silent' });
  const svc = await startTariffNotifications(
    tariffNotificationsEnv.parse({
      MONGO_URL: infra.mongoUrl,
      REDIS_URL: infra.redisUrl,
      PORT: '0',
      MONGO_DB: uniqueName('bench_letters'),
      SMTP_URL: smtp.url,
      SMTP_REQUIRE_TLS: 'false',
      AUTH_ISSUER: idp.issuer,
      AUTH_JWKS_URL: 'http://127.0.0.1:1/unused',
      LOG_LEVEL: 'silent',
      RECONCILE_INTERVAL_MS: '3600000',
      ...(process.env.WORKER_CONCURRENCY
        ? { WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY }
        : {}),
    }),
    { logger, verifier: idp.verifier, queuePrefix: uniqueName('bench') },
  );
  const deps = {
    deliveries: new DeliveryRepository(svc.runtime.db),
    producer: svc.producer,
    logger,
  };
  const outbox = deliveryModel(svc.runtime.db);
  // The bench hands letters over and reads the outbox as the worker would: across tenants.
  const scope = workerScope();
  const raw = nodemailer.createTransport({
    pool: true,
    host: '127.0.0.1',
    port: smtp.port,
    maxConnections: MAX_CONNECTIONS,
    maxMessages: 500,
    ignoreTLS: true,
  });

  let round = 0;
  let roundStarted = Date.now();
  const waitForAll = async () => {
    try {
      await smtp.waitFor(LETTERS, 120_000);
    } catch (err) {
      // Say what the outbox holds, so a stuck run explains itself.
      const stuck = await deps.deliveries.list(scope, {}, 5000);
      const reasons = new Map<string, number>();
      for (const d of stuck.filter((x) => x.status !== 'sent'))
        reasons.set(
          `${d.status}: ${d.lastError ?? ''}`,
          (reasons.get(`${d.status}: ${d.lastError ?? ''}`) ?? 0) + 1,
        );
      console.error(await deps.deliveries.countByStatus(scope), [...reasons]);
      throw err;
    }
    const n = smtp.messages.length;
    smtp.clear();
    if (process.env.BENCH_VERBOSE)
      console.log(`round ${round}: ${n} letters in ${Date.now() - roundStarted} ms`);
    return n;
  };

  const result = await compareInterleaved({
    title: `${LETTERS} letters: outbox + BullMQ worker vs raw pooled nodemailer (same SMTP catcher)`,
    unit: 'letters/s',
    pairs: PAIRS,
    candidate: {
      name: 'worker',
      run: async () => {
        const r = ++round;
        roundStarted = Date.now();
        smtp.clear();
        // The previous round's records go first (inside the timing): FerretDB's SQLite handler
        // does not use its _id index, so every lookup costs time in proportion to the
        // collection, and without this each round would measure a bigger outbox than the last.
        await outbox.deleteMany({});
        if (process.env.BENCH_VERBOSE)
          console.log(`round ${r}: previous records deleted in ${Date.now() - roundStarted} ms`);
        for (let i = 0; i < LETTERS; i += ACCEPT_BATCH) {
          await acceptDeliveries(
            deps,
            scope,
            Array.from({ length: Math.min(ACCEPT_BATCH, LETTERS - i) }, (_, j) => ({
              key: `bench:${r}:${i + j}`,
              kind: 'orientation-letter',
              to: [`leverandoer-${i + j}@bench.test`],
              subject: 'Orientering om standardkontrakter og takststigninger',
              text: letterText,
            })),
          );
        }
        return waitForAll();
      },
    },
    baseline: {
      name: 'nodemailer',
      run: async () => {
        const r = ++round;
        roundStarted = Date.now();
        smtp.clear();
        await Promise.all(
          Array.from({ length: LETTERS }, (_, i) =>
            raw.sendMail({
              from: 'Rammeaftale Sjælland <noreply@rammeaftale-sjaelland.dk>',
              to: `leverandoer-${i}@bench.test`,
              subject: 'Orientering om standardkontrakter og takststigninger',
              text: letterText,
              messageId: `<bench-${r}-${i}@rammeaftale-sjaelland.dk>`,
            }),
          ),
        );
        return waitForAll();
      },
    },
  });

  console.log(formatBenchResult(result, { candidate: 'worker', baseline: 'nodemailer' }));
  for (const [i, p] of result.pairs.entries())
    console.log(
      `pair ${i + 1}: worker ${p.candidate.toFixed(0)} letters/s, nodemailer ${p.baseline.toFixed(0)} letters/s, ratio ${p.ratio.toFixed(3)}`,
    );
  console.log(
    result.medianRatio >= 0.6
      ? `goal met: median ratio ${result.medianRatio.toFixed(3)} ≥ 0.6`
      : `goal NOT met: median ratio ${result.medianRatio.toFixed(3)} < 0.6`,
  );

  raw.close();
  await svc.close();
  await smtp.close();
  await infra.stop();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
