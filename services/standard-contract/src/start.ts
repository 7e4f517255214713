import type { Worker } from 'bullmq';
import {
  clientCredentialsTokenSource,
  createTokenVerifier,
  type ServiceTokenSource,
  type TokenVerifier,
} from '@rammeaftale/auth';
import { validatesResponses } from '@rammeaftale/config';
import { createHttpApp, listen, type RunningServer } from '@rammeaftale/http';
import type { Logger } from '@rammeaftale/logging';
import { outboxBacklog, startRelay } from '@rammeaftale/outbox';
import { QUEUES, createEventPublisher, createWorker, eventDispatcher } from '@rammeaftale/queues';
import { accessLogger, createAccessLogRepository } from '@rammeaftale/privacy';
import { serveHealth, startRuntime, type Runtime } from '@rammeaftale/runtime';
import { SHIPPED_TEMPLATES_DIR, parseAuthorities, type StandardContractConfig } from './config';
import { AnalyticsRepository } from './analytics/analytics.repository';
import { registerAnalyticsRoutes } from './analytics/analytics.routes';
import { policyValuesClient } from './policy/policy-values.client';
import { TariffChangeRepository } from './tariffs/tariff-change.repository';
import { tariffChangeModel } from './tariffs/tariff-change.model';
import { registerTariffChangeRoutes } from './tariffs/tariff-change.routes';
import { TariffOversightRepository } from './tariffs/tariff-oversight.repository';
import { registerTariffOversightRoutes } from './tariffs/tariff-oversight.routes';
import { contractBasisClient } from './contracts/contract-basis.client';
import { contractModel } from './contracts/contract.model';
import { ContractRepository } from './contracts/contract.repository';
import { registerContractRoutes } from './contracts/contract.routes';
import { draftContractForSelectedOrder } from './contracts/order-selected.processor';
import { documentRepository } from './documents/document.repository';
import { notificationsClient } from './letters/notifications.client';
import { startPeriodicPasses } from './periodic-passes';
import { seedTemplates } from './templates/load-template.use-case';
import { templateRepository } from './templates/template.repository';
import { registerTemplateRoutes } from './templates/template.routes';

export interface StandardContract {
  runtime: Runtime;
  http: RunningServer;
  worker: Worker;
  /** One pass of the letter reconciler; returns how many letters were handed over. */
  reconcileLettersNow: () => Promise<number>;
  /** Publishes the contracts' pending domain events now (otherwise every OUTBOX_RELAY_MS). */
  relayEventsNow: () => Promise<number>;
  /** One pass of the tariff flow; returns how many changes with open work it looked at. */
  runTariffFlowNow: () => Promise<number>;
  close: () => Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  verifier?: TokenVerifier;
  /** Tokens for calls to other services; default: client credentials from config. */
  serviceTokens?: ServiceTokenSource;
  /** Queue key prefix; tests isolate themselves with it. */
  queuePrefix?: string;
  now?: () => Date;
}

function serviceTokenSource(config: StandardContractConfig): ServiceTokenSource {
  const { AUTH_TOKEN_URL, AUTH_CLIENT_ID, AUTH_CLIENT_SECRET } = config;
  if (AUTH_TOKEN_URL && AUTH_CLIENT_ID && AUTH_CLIENT_SECRET)
    return clientCredentialsTokenSource({
      tokenUrl: AUTH_TOKEN_URL,
      clientId: AUTH_CLIENT_ID,
      clientSecret: AUTH_CLIENT_SECRET,
      audience: config.AUTH_AUDIENCE,
    });
  if (config.NODE_ENV === 'production')
    throw new Error(
      'AUTH_TOKEN_URL, AUTH_CLIENT_ID and AUTH_CLIENT_SECRET are required in production',
    );
  // Development without an identity provider: calls fail and are retried (nothing is lost).
  return () => Promise.reject(new Error('service credentials are not configured'));
}

/**
 * Composition root: config → logging → database → templates → queues/worker → HTTP. The event
 * worker starts only after MongoDB and Redis answered and the templates are loaded, so it never
 * takes an event it cannot turn into a contract.
 */
export async function startStandardContract(
  config: StandardContractConfig,
  opts: StartOptions = {},
): Promise<StandardContract> {
  const tokens = opts.serviceTokens ?? serviceTokenSource(config);
  const runtime = await startRuntime('standard-contract', config, opts);
  const verifier = tokenVerifier(config, opts);
  const deps = await composeServices(config, runtime, tokens, opts.now ?? (() => new Date()));
  const events = startEventRelay(config, runtime, opts.queuePrefix);
  const worker = startContractEventsWorker(config, runtime, deps, opts.queuePrefix);
  const passes = startPeriodicPasses(config, deps, runtime.db);
  const http = await startHttp(config, runtime, deps, verifier);
  return {
    runtime,
    http,
    worker,
    ...passes.now,
    relayEventsNow: events.kick,
    close: async () => {
      passes.stop();
      await http.close();
      await worker.close(); // lets an event being drafted finish
      await events.close();
      await runtime.close();
    },
  };
}

/**
 * The parts of the service that can run as processes of their own (`node dist/main.js <role>`),
 * each scaled on its own: the HTTP API, the consumer of the contracts' event inbox, the outbox
 * relays (the contracts' and tariff changes' events out), and the sweeper (the letter reconciler
 * and the tariff flow's deadlines). Without a role, `startStandardContract` runs them all.
 */
export const ROLES = ['api', 'events-worker', 'relay', 'sweeper'] as const;
export type Role = (typeof ROLES)[number];

/** One role's process: its runtime, its HTTP server (the API, or a worker's health port). */
export interface StandardContractProcess {
  runtime: Runtime;
  http: RunningServer;
  close: () => Promise<void>;
}

/** One role in its own process; a worker role answers the probes on PORT (`serveHealth`). */
export async function startStandardContractRole(
  config: StandardContractConfig,
  role: Role,
  opts: StartOptions = {},
): Promise<StandardContractProcess> {
  const tokens = opts.serviceTokens ?? serviceTokenSource(config);
  const runtime = await startRuntime('standard-contract', config, opts);
  const deps = await composeServices(config, runtime, tokens, opts.now ?? (() => new Date()));
  if (role === 'api') {
    const http = await startHttp(config, runtime, deps, tokenVerifier(config, opts));
    return {
      runtime,
      http,
      close: async () => {
        await http.close();
        await runtime.close();
      },
    };
  }
  const stop = await startWorkerRole(config, runtime, deps, role, opts.queuePrefix);
  const http = await serveHealth('standard-contract', role, runtime, config);
  return {
    runtime,
    http,
    close: async () => {
      await http.close();
      await stop();
      await runtime.close();
    },
  };
}

/** Starts a worker role; resolves to what stops it (letting work in hand finish). */
async function startWorkerRole(
  config: StandardContractConfig,
  runtime: Runtime,
  deps: Services,
  role: Exclude<Role, 'api'>,
  queuePrefix: string | undefined,
): Promise<() => Promise<void>> {
  if (role === 'events-worker') {
    const worker = startContractEventsWorker(config, runtime, deps, queuePrefix);
    await worker.waitUntilReady();
    return () => worker.close();
  }
  if (role === 'relay') return startEventRelay(config, runtime, queuePrefix).close;
  const passes = startPeriodicPasses(config, deps, runtime.db);
  return () => Promise.resolve(passes.stop());
}

function tokenVerifier(config: StandardContractConfig, opts: StartOptions): TokenVerifier {
  return (
    opts.verifier ??
    createTokenVerifier({
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      jwksUrl: config.AUTH_JWKS_URL,
    })
  );
}

/** Repositories and clients of other services, with the templates seeded before anything runs. */
async function composeServices(
  config: StandardContractConfig,
  runtime: Runtime,
  tokens: ServiceTokenSource,
  now: () => Date,
) {
  const { logger, db } = runtime;
  const templates = templateRepository(db);
  await seedTemplates({ templates, now, logger }, config.TEMPLATES_DIR ?? SHIPPED_TEMPLATES_DIR);
  const accessLogRepo = createAccessLogRepository(db);
  const deps = {
    contracts: new ContractRepository(db),
    templates,
    documents: documentRepository(db),
    notifications: notificationsClient({ baseUrl: config.TARIFF_NOTIFICATIONS_URL, tokens }),
    policies: policyValuesClient({
      baseUrl: config.ORDER_PORTAL_URL,
      tokens,
      cacheMs: config.POLICY_CACHE_MS,
    }),
    portalUrl: config.PORTAL_URL,
    logger,
    now,
    accessLog: accessLogger(accessLogRepo, { logger, observe: runtime.metrics.accessLogWrite }),
  };
  return {
    deps,
    accessLogRepo,
    basis: contractBasisClient({ baseUrl: config.ORDER_PORTAL_URL, tokens }),
    analytics: new AnalyticsRepository(db),
    oversight: new TariffOversightRepository(db),
    tariffDeps: {
      ...deps,
      tariffChanges: new TariffChangeRepository(db),
      authorities: parseAuthorities(config.AUTHORITIES),
      tariffSettings: {
        approvalDays: config.TARIFF_APPROVAL_DAYS,
        reminderDaysBefore: config.TARIFF_REMINDER_DAYS_BEFORE,
        justificationDays: config.TARIFF_JUSTIFICATION_DAYS,
        deadlineNearDays: config.TARIFF_DEADLINE_NEAR_DAYS,
      },
    },
  };
}

export type Services = Awaited<ReturnType<typeof composeServices>>;

/**
 * The consumer of the contracts service's inbox (`QUEUES.contractEvents`): an order whose offer
 * was selected becomes a drafted contract.
 */
function startContractEventsWorker(
  config: StandardContractConfig,
  runtime: Runtime,
  { deps, basis }: Services,
  queuePrefix: string | undefined,
): Worker {
  const { logger } = runtime;
  return createWorker({
    queueName: QUEUES.contractEvents,
    connection: runtime.workerConnection(),
    logger,
    prefix: queuePrefix,
    concurrency: config.EVENT_CONCURRENCY,
    backoffBaseMs: config.EVENT_RETRY_BASE_MS,
    // Refuses to start when an event type routed to this inbox has no handler here, or the other
    // way round (EVENTS in packages/queues).
    processor: eventDispatcher('standard-contract', {
      'order.offer-selected': (event) => draftContractForSelectedOrder({ ...deps, basis }, event),
    }),
    onFinalFailure: (event, job, err) => {
      // The failed set is the dead letter an operator looks at; the log line says which order.
      logger.error(
        {
          jobId: job.id,
          eventId: event?.eventId,
          orderId: event?.aggregateId,
          reason: err.message,
        },
        'order event could not be turned into a contract',
      );
      return Promise.resolve();
    },
  });
}

/**
 * The contracts' events out: the outbox relays publish what a lifecycle step recorded in the
 * contract (sent, accepted, signed, terminated, cancelled) or the tariff flow in a tariff change
 * (approval requested, deadline near) to the inboxes they are routed to (the portal's).
 */
function startEventRelay(config: StandardContractConfig, runtime: Runtime, prefix?: string) {
  // Refuses to start if an event the service publishes goes nowhere (EVENTS in packages/queues).
  const publisher = createEventPublisher('standard-contract', runtime.redis, {
    logger: runtime.logger,
    prefix,
  });
  // The contracts' outbox and the tariff changes' (approval requested, deadline near).
  const outboxes = {
    contracts: contractModel(runtime.db),
    tariffChanges: tariffChangeModel(runtime.db),
  };
  const relays = Object.entries(outboxes).map(([name, model]) => {
    runtime.metrics.watchOutbox(name, () => outboxBacklog(model));
    return startRelay({
      model,
      publisher,
      logger: runtime.logger,
      intervalMs: config.OUTBOX_RELAY_MS,
    });
  });
  return {
    kick: async () => {
      let published = 0;
      for (const r of relays) published += await r.kick();
      return published;
    },
    close: async () => {
      for (const r of relays) await r.stop();
      await publisher.close();
    },
  };
}

async function startHttp(
  config: StandardContractConfig,
  runtime: Runtime,
  { deps, tariffDeps, accessLogRepo, analytics, oversight }: Services,
  verifier: TokenVerifier,
): Promise<RunningServer> {
  const { logger } = runtime;
  const app = createHttpApp({
    service: 'standard-contract',
    description:
      'The national standard contracts, drafted from selected orders; announced tariff changes decided against the policy values in force (above P/L the buyer approves, above the report threshold the supervising authority is told); market data for the secretariat and the authority.',
    logger,
    readiness: runtime.readiness,
    isUnavailable: runtime.isUnavailable,
    jsonBodyLimit: config.JSON_BODY_LIMIT,
    ipRateLimit: { max: config.RATE_LIMIT_PER_MINUTE, windowMs: 60_000, store: runtime.rateLimits },
    validateResponses: validatesResponses(config),
    metrics: runtime.metrics.endpoint(config.METRICS_TOKEN),
    routes: (api) => {
      registerTemplateRoutes(api, { templates: deps.templates, verifier, now: deps.now });
      registerContractRoutes(api, { ...deps, verifier, accessLogRepo });
      registerTariffChangeRoutes(api, { ...tariffDeps, verifier });
      registerTariffOversightRoutes(api, { ...tariffDeps, oversight, verifier });
      registerAnalyticsRoutes(api, {
        analytics,
        contracts: deps.contracts,
        authorities: tariffDeps.authorities,
        logger,
        verifier,
        now: deps.now,
      });
    },
  });
  const http = await listen(app, config.PORT, config.HOST);
  logger.info({ url: http.url }, 'standard-contract listening');
  return http;
}
