import type { Worker } from 'bullmq';
import {
  clientCredentialsTokenSource,
  createTokenVerifier,
  type ServiceTokenSource,
  type TokenVerifier,
} from '@rammeaftale/auth';
import { createHttpApp, listen, type RunningServer } from '@rammeaftale/http';
import type { Logger } from '@rammeaftale/logging';
import { QUEUES, createWorker } from '@rammeaftale/queues';
import { accessLogger, createAccessLogRepository } from '@rammeaftale/privacy';
import { startRuntime, type Runtime } from '@rammeaftale/runtime';
import { SHIPPED_TEMPLATES_DIR, type StandardContractConfig } from './config';
import { contractBasisClient } from './contracts/contract-basis.client';
import { contractRepository } from './contracts/contract.repository';
import { registerContractRoutes } from './contracts/contract.routes';
import { handleDomainEvent } from './contracts/order-selected.processor';
import { documentRepository } from './documents/document.repository';
import { reconcileLetters } from './letters/deliver-letters.use-case';
import { notificationsClient } from './letters/notifications.client';
import { seedTemplates } from './templates/load-template.use-case';
import { templateRepository } from './templates/template.repository';
import { registerTemplateRoutes } from './templates/template.routes';

export interface StandardContract {
  runtime: Runtime;
  http: RunningServer;
  worker: Worker;
  /** One pass of the letter reconciler; returns how many letters were handed over. */
  reconcileLettersNow: () => Promise<number>;
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
  const { logger, db } = runtime;
  const now = opts.now ?? (() => new Date());
  const verifier =
    opts.verifier ??
    createTokenVerifier({
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      jwksUrl: config.AUTH_JWKS_URL,
    });

  const templates = templateRepository(db);
  const contracts = contractRepository(db);
  const documents = documentRepository(db);
  await seedTemplates({ templates, now, logger }, config.TEMPLATES_DIR ?? SHIPPED_TEMPLATES_DIR);

  const notifications = notificationsClient({ baseUrl: config.TARIFF_NOTIFICATIONS_URL, tokens });
  const basis = contractBasisClient({ baseUrl: config.ORDER_PORTAL_URL, tokens });
  const accessLog = accessLogger(createAccessLogRepository(db), { logger });
  const deps = {
    contracts,
    templates,
    documents,
    notifications,
    portalUrl: config.PORTAL_URL,
    plRateBp: config.PL_RATE_BP,
    logger,
    now,
  };

  const worker = createWorker({
    queueName: QUEUES.contractEvents,
    connection: runtime.workerConnection(),
    logger,
    prefix: opts.queuePrefix,
    concurrency: config.EVENT_CONCURRENCY,
    backoffBaseMs: config.EVENT_RETRY_BASE_MS,
    processor: (event) => handleDomainEvent({ ...deps, basis }, event),
    onFinalFailure: async (event, job, err) => {
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
    },
  });

  const reconcileLettersNow = () =>
    reconcileLetters(deps, { olderThanMs: config.LETTER_RETRY_AFTER_MS });
  const reconciler = setInterval(() => {
    reconcileLettersNow().catch((err: unknown) =>
      logger.warn({ err }, 'letter reconciler pass failed'),
    );
  }, config.LETTER_RETRY_INTERVAL_MS);
  reconciler.unref();

  const app = createHttpApp({
    service: 'standard-contract',
    description:
      'The national standard contracts, drafted from selected orders; price changes beyond P/L need the buyer.',
    logger,
    readiness: runtime.readiness,
    isUnavailable: runtime.isUnavailable,
    jsonBodyLimit: config.JSON_BODY_LIMIT,
    ipRateLimit: { max: config.RATE_LIMIT_PER_MINUTE, windowMs: 60_000 },
    routes: (api) => {
      registerTemplateRoutes(api, { templates, verifier, now });
      registerContractRoutes(api, { ...deps, verifier, accessLog });
    },
  });
  const http = await listen(app, config.PORT, config.HOST);
  logger.info({ url: http.url }, 'standard-contract listening');
  return {
    runtime,
    http,
    worker,
    reconcileLettersNow,
    close: async () => {
      clearInterval(reconciler);
      await http.close();
      await worker.close(); // lets an event being drafted finish
      await runtime.close();
    },
  };
}
