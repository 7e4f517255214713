import path from 'node:path';
import { Queue, type Worker } from 'bullmq';
import { createTokenVerifier, type TokenVerifier } from '@rammeaftale/auth';
import { validatesResponses } from '@rammeaftale/config';
import { createHttpApp, listen, type RunningServer } from '@rammeaftale/http';
import type { Logger } from '@rammeaftale/logging';
import { createMailTransport, type MailTransport } from '@rammeaftale/mail';
import { QUEUES, createProducer, createWorker, type Producer } from '@rammeaftale/queues';
import { serveHealth, startRuntime, type Runtime } from '@rammeaftale/runtime';
import type { TariffNotificationsConfig } from './config';
import { DeliveryRepository } from './deliveries/delivery.repository';
import { registerDeliveryRoutes } from './deliveries/delivery.routes';
import { reconcileOutbox } from './deliveries/reconcile-outbox.use-case';
import { workerScope } from './deliveries/letter.access';
import { sendLetter } from './deliveries/send-letter.processor';
import {
  smtpRetryAttempts,
  smtpRetryDelayMs,
  smtpRetryPolicy,
  type SmtpRetryPolicy,
} from './deliveries/smtp-retry.rules';
import { loadTemplates } from './letters/letter-templates';
import { CampaignRepository } from './campaigns/campaign.repository';
import { registerCampaignRoutes } from './campaigns/campaign.routes';
import { mountQueueDashboard } from './dashboard/queue-dashboard';
import { registerQueueRoutes } from './dashboard/queue-stats';

export interface TariffNotifications {
  runtime: Runtime;
  http: RunningServer;
  worker: Worker;
  producer: Producer<typeof QUEUES.letters>;
  transport: MailTransport;
  reconcileNow: () => Promise<number>;
  close: () => Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  verifier?: TokenVerifier;
  /** Queue key prefix; tests isolate themselves with it. */
  queuePrefix?: string;
  templatesDir?: string;
}

/**
 * The parts of the service that can run as processes of their own (`node dist/main.js <role>`),
 * each scaled on its own: the HTTP API, the letters worker (sends the queue's letters) and the
 * reconciler (re-queues deliveries whose job was lost).
 */
export const ROLES = ['api', 'letters-worker', 'reconciler'] as const;
export type Role = (typeof ROLES)[number];

/** One role's process: its runtime, its HTTP server (the API, or a worker's health port). */
export interface TariffNotificationsProcess {
  runtime: Runtime;
  http: RunningServer;
  close: () => Promise<void>;
}

/**
 * Composition root of the worker: config → logging → database → queues → HTTP. The worker is
 * created only after MongoDB and Redis answered, so it never consumes a job it cannot record.
 * Every part in one process (development, the tests, `npm start`).
 */
export async function startTariffNotifications(
  config: TariffNotificationsConfig,
  opts: StartOptions = {},
): Promise<TariffNotifications> {
  const runtime = await startRuntime('tariff-notifications', config, opts);
  const core = composeCore(config, runtime, opts);
  const transport = mailTransport(config);
  const worker = startLetterWorker(config, runtime, { ...core, transport }, opts.queuePrefix);
  const reconciler = startReconciler(config, runtime, core);
  const api = await startApi(config, runtime, core, opts);
  return {
    runtime,
    http: api.http,
    worker,
    producer: core.producer,
    transport,
    reconcileNow: reconciler.now,
    close: async () => {
      reconciler.stop();
      await api.http.close();
      await worker.close(); // waits for letters being sent right now
      await core.producer.close();
      await api.closeQueues();
      transport.close();
      await runtime.close();
    },
  };
}

/** One role in its own process; a worker role answers the probes on PORT (`serveHealth`). */
export async function startTariffNotificationsRole(
  config: TariffNotificationsConfig,
  role: Role,
  opts: StartOptions = {},
): Promise<TariffNotificationsProcess> {
  const runtime = await startRuntime('tariff-notifications', config, opts);
  const core = composeCore(config, runtime, opts);
  if (role === 'api') {
    const api = await startApi(config, runtime, core, opts);
    return {
      runtime,
      http: api.http,
      close: async () => {
        await api.http.close();
        await core.producer.close();
        await api.closeQueues();
        await runtime.close();
      },
    };
  }
  const stopRole = async (): Promise<() => Promise<void>> => {
    if (role === 'reconciler') {
      const reconciler = startReconciler(config, runtime, core);
      return () => Promise.resolve(reconciler.stop());
    }
    const transport = mailTransport(config);
    const worker = startLetterWorker(config, runtime, { ...core, transport }, opts.queuePrefix);
    await worker.waitUntilReady();
    return async () => {
      await worker.close(); // waits for letters being sent right now
      transport.close();
    };
  };
  const stop = await stopRole();
  const http = await serveHealth('tariff-notifications', role, runtime, config);
  return {
    runtime,
    http,
    close: async () => {
      await http.close();
      await stop();
      await core.producer.close();
      await runtime.close();
    },
  };
}

/** What every role shares: the deliveries, the retry policy and the letters queue's producer. */
function composeCore(config: TariffNotificationsConfig, runtime: Runtime, opts: StartOptions) {
  const retry = smtpRetryPolicy(config.RETRY_BASE_MS);
  const producer = createProducer(QUEUES.letters, runtime.redis, {
    logger: runtime.logger,
    prefix: opts.queuePrefix,
    // A temporary SMTP failure is retried for the RFC 5321 horizon (smtp-retry.rules.ts).
    jobOptions: { attempts: smtpRetryAttempts(retry) },
  });
  return { deliveries: new DeliveryRepository(runtime.db), retry, producer };
}

type Core = ReturnType<typeof composeCore>;

function mailTransport(config: TariffNotificationsConfig): MailTransport {
  return createMailTransport({
    smtpUrl: config.SMTP_URL,
    socketTimeoutMs: config.MAIL_SOCKET_TIMEOUT_MS,
    requireTls: config.SMTP_REQUIRE_TLS,
    tlsMinVersion: config.SMTP_TLS_MIN_VERSION,
  });
}

/** Re-queues deliveries whose job was lost, every RECONCILE_INTERVAL_MS; `now` runs one pass. */
function startReconciler(config: TariffNotificationsConfig, runtime: Runtime, core: Core) {
  const { logger } = runtime;
  const now = () =>
    reconcileOutbox(
      { deliveries: core.deliveries, producer: core.producer, logger },
      { olderThanMs: config.RECONCILE_AFTER_MS },
    );
  const timer = setInterval(() => {
    now().catch((err: unknown) => logger.warn({ err }, 'reconciler pass failed'));
  }, config.RECONCILE_INTERVAL_MS);
  timer.unref();
  return { now, stop: () => clearInterval(timer) };
}

/** The HTTP API with the operator's board; the suite's other queues are read for their depths. */
async function startApi(
  config: TariffNotificationsConfig,
  runtime: Runtime,
  core: Core,
  opts: StartOptions,
) {
  const { logger, db } = runtime;
  const verifier =
    opts.verifier ??
    createTokenVerifier({
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      jwksUrl: config.AUTH_JWKS_URL,
    });
  const templates = loadTemplates(opts.templatesDir ?? path.join(__dirname, '../templates'));
  // The other queues of the suite, read-only, for the operator's depths and the board (one Redis).
  const otherQueues = Object.values(QUEUES)
    .filter((name) => name !== QUEUES.letters)
    .map((name) => new Queue(name, { connection: runtime.redis, prefix: opts.queuePrefix }));
  const http = await startHttp(config, runtime, {
    queues: [core.producer.queue, ...otherQueues],
    templates,
    deliveries: core.deliveries,
    campaigns: new CampaignRepository(db),
    producer: core.producer,
    logger,
    verifier,
  });
  return { http, closeQueues: () => Promise.all(otherQueues.map((q) => q.close())) };
}

/** The consumer of `QUEUES.letters`: sends one letter per job, a final failure is recorded. */
function startLetterWorker(
  config: TariffNotificationsConfig,
  runtime: Runtime,
  deps: { deliveries: DeliveryRepository; transport: MailTransport; retry: SmtpRetryPolicy },
  queuePrefix: string | undefined,
): Worker {
  const { logger } = runtime;
  const { deliveries, transport } = deps;
  const count = runtime.metrics.delivery;
  return createWorker({
    queueName: QUEUES.letters,
    connection: runtime.workerConnection(),
    logger,
    prefix: queuePrefix,
    concurrency: config.WORKER_CONCURRENCY,
    lockDurationMs: config.JOB_LOCK_MS,
    stalledIntervalMs: config.STALLED_CHECK_MS,
    retryDelayMs: (attemptsMade) => smtpRetryDelayMs(attemptsMade, deps.retry),
    processor: (data) =>
      sendLetter(
        {
          deliveries,
          transport,
          from: config.MAIL_FROM,
          replyTo: config.MAIL_REPLY_TO,
          logger,
          count,
        },
        data.deliveryId,
      ),
    onFinalFailure: async (data, _job, err) => {
      // Retries exhausted or a permanent refusal: a domain-level dead letter the operator sees.
      if (data) await deliveries.markRetriesExhausted(workerScope(), data.deliveryId, err.message);
      // A permanent refusal was counted where it was recorded; retries running out is counted here.
      if (err.name !== 'UnrecoverableError') count('failed');
    },
  });
}

async function startHttp(
  config: TariffNotificationsConfig,
  runtime: Runtime,
  deps: {
    queues: Queue[];
    templates: ReturnType<typeof loadTemplates>;
    deliveries: DeliveryRepository;
    campaigns: CampaignRepository;
    producer: Producer<typeof QUEUES.letters>;
    logger: Logger;
    verifier: TokenVerifier;
  },
): Promise<RunningServer> {
  const app = createHttpApp({
    service: 'tariff-notifications',
    description:
      'Letters to suppliers and reports to the supervisory authority, sent by a BullMQ worker from a MongoDB outbox.',
    logger: deps.logger,
    readiness: runtime.readiness,
    isUnavailable: runtime.isUnavailable,
    jsonBodyLimit: '8mb', // authority reports carry their PDF form and data as attachments
    ipRateLimit: { max: config.RATE_LIMIT_PER_MINUTE, windowMs: 60_000, store: runtime.rateLimits },
    validateResponses: validatesResponses(config),
    metrics: runtime.metrics.endpoint(config.METRICS_TOKEN),
    routes: (api, app) => {
      registerDeliveryRoutes(api, deps);
      registerCampaignRoutes(api, deps);
      registerQueueRoutes(api, deps);
      // Letters and authority reports share the letters queue (one worker, one outbox); the
      // board shows the suite's event queues beside it.
      mountQueueDashboard(app, { verifier: deps.verifier, queues: deps.queues });
    },
  });
  const http = await listen(app, config.PORT, config.HOST);
  deps.logger.info({ url: http.url }, 'tariff-notifications listening');
  return http;
}
