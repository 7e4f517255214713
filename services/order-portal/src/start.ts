import type { Express } from 'express';
import type { ServiceTokenSource, TokenVerifier } from '@rammeaftale/auth';
import { validatesResponses } from '@rammeaftale/config';
import { createHttpApp, listen, type Api, type RunningServer } from '@rammeaftale/http';
import type { Logger } from '@rammeaftale/logging';
import { serveHealth, startRuntime, type Runtime } from '@rammeaftale/runtime';
import type { OrderPortalConfig } from './config';
import { seedDemoData } from './demo/seed';
import { MarketRepository } from './market/market.repository';
import { OfferLockRepository } from './offers/offer-lock.repository';
import { registerOfferRoutes } from './offers/offer.routes';
import { PolicyValuesRepository } from './offers/policy-values.repository';
import { workspaceDeps } from './operations/workspace.wiring';
import { startContractEventsConsumer } from './orders/contract-events.worker';
import type { SessionStore } from './portal/session-store';
import { registerOrderRoutes } from './orders/order.routes';
import { registerPortalPages } from './portal/pages';
import {
  noticeMailer,
  portalDeps,
  refuseUnsafeProduction,
  registryDeps,
  signInAt,
  startEventRelay,
  startHousekeeping,
  tokenVerifierOf,
  webSessions,
  wireOrderDeps,
} from './wiring';

export interface OrderPortal {
  runtime: Runtime;
  http: RunningServer;
  /** The express app: its router stack names every route (the tenant matrix test walks it). */
  app: Express;
  /** Publishes pending domain events now (otherwise every OUTBOX_RELAY_MS). */
  relayEvents: () => Promise<number>;
  /** The portal's server-side sessions (tests start one for a token they hold). */
  sessions: SessionStore;
  /** One housekeeping pass now (otherwise every 5 minutes): expiry, reminders, notice mails. */
  housekeepingNow: () => Promise<void>;
  close: () => Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Verifies bearer tokens into an actor. Without one every API call answers 401. */
  tokenVerifier?: TokenVerifier;
  now?: () => Date;
  /** Queue key prefix; tests isolate themselves with it. */
  queuePrefix?: string;
  /** The sessions' clock (epoch ms) for their idle and absolute timeouts; tests pass a fake one. */
  sessionClock?: () => number;
  /** The portal's own tokens for other services (notice mails); default: client credentials. */
  serviceTokens?: ServiceTokenSource;
  /** The parts this process runs (ROLES); default all of them. */
  roles?: readonly Role[];
}

/**
 * The parts of the portal that can run as processes of their own (`node dist/main.js <role>`),
 * each scaled on its own: the HTTP API and pages, the consumer of the portal's event inbox (what
 * became of the orders' contracts), the outbox relay (the orders' events out) and the
 * housekeeping sweepers. Without a role, `startOrderPortal` runs them all.
 */
export const ROLES = ['api', 'events-worker', 'relay', 'housekeeping'] as const;
export type Role = (typeof ROLES)[number];

/** One worker role's process: its runtime and its health port. */
export interface OrderPortalProcess {
  runtime: Runtime;
  http: RunningServer;
  close: () => Promise<void>;
}

/** Composition root: config → logging → database → queues → HTTP. */
export async function startOrderPortal(
  config: OrderPortalConfig,
  opts: StartOptions = {},
): Promise<OrderPortal> {
  refuseUnsafeProduction(config);
  const runtime = await startRuntime('order-portal', config, opts);
  const now = opts.now ?? (() => new Date());
  if (config.DEMO_DATA) await seedDemoData(runtime.db, runtime.logger);
  const verifier = opts.tokenVerifier ?? tokenVerifierOf(config);
  const runs = (role: Role) => !opts.roles || opts.roles.includes(role);
  // Without the relay here, the relay process publishes on its interval; a kick does nothing.
  const events = runs('relay')
    ? startEventRelay(config, runtime, opts.queuePrefix)
    : { kick: () => Promise.resolve(0), close: () => Promise.resolve() };
  let publicUrl = config.PUBLIC_URL ?? '';
  const mailer = noticeMailer(config, opts.serviceTokens, () => publicUrl);
  const orderDeps = wireOrderDeps(config, runtime, {
    now,
    verifier,
    onSelected: events.kick,
    mailer,
  });
  const housekeeping = startHousekeeping(config, runtime, orderDeps, now, runs('housekeeping'));
  // What became of the orders' contracts, from the contracts service's events.
  const contractEvents = runs('events-worker')
    ? startContractEventsConsumer(runtime, orderDeps, opts.queuePrefix)
    : undefined;
  const web = webSessions(config, runtime, verifier, () => publicUrl, opts);
  const app = createHttpApp({
    service: 'order-portal',
    description: 'Orders, placement search and offer registry of Rammeaftale Sjælland.',
    logger: runtime.logger,
    readiness: runtime.readiness,
    isUnavailable: runtime.isUnavailable,
    jsonBodyLimit: config.JSON_BODY_LIMIT,
    ipRateLimit: { max: config.RATE_LIMIT_PER_MINUTE, windowMs: 60_000, store: runtime.rateLimits },
    validateResponses: validatesResponses(config),
    metrics: runtime.metrics.endpoint(config.METRICS_TOKEN),
    routes: (api, express) =>
      registerRoutes(api, express, {
        config,
        runtime,
        orderDeps,
        web,
        now,
        opts,
        publicUrl: () => publicUrl,
      }),
  });
  const http = await listen(app, config.PORT, config.HOST);
  publicUrl = config.PUBLIC_URL ?? http.url;
  runtime.logger.info({ url: http.url }, 'order-portal listening');
  return {
    runtime,
    http,
    app,
    relayEvents: events.kick,
    sessions: web.pages.sessions,
    housekeepingNow: housekeeping.now,
    close: async () => {
      await http.close();
      clearInterval(housekeeping.timer);
      await contractEvents?.close();
      await events.close();
      await runtime.close();
    },
  };
}

/**
 * One role in its own process: `api` is the portal without its workers; a worker role builds no
 * HTTP app and answers the probes on PORT (`serveHealth`).
 */
export async function startOrderPortalRole(
  config: OrderPortalConfig,
  role: Role,
  opts: StartOptions = {},
): Promise<OrderPortalProcess> {
  if (role === 'api') return startOrderPortal(config, { ...opts, roles: ['api'] });
  refuseUnsafeProduction(config);
  const runtime = await startRuntime('order-portal', config, opts);
  const now = opts.now ?? (() => new Date());
  const mailer = noticeMailer(config, opts.serviceTokens, () => config.PUBLIC_URL ?? '');
  const orderDeps = wireOrderDeps(config, runtime, {
    now,
    verifier: opts.tokenVerifier ?? tokenVerifierOf(config),
    onSelected: () => Promise.resolve(0),
    mailer,
  });
  const stop = async (): Promise<() => Promise<void>> => {
    if (role === 'relay') return startEventRelay(config, runtime, opts.queuePrefix).close;
    if (role === 'housekeeping') {
      const { timer } = startHousekeeping(config, runtime, orderDeps, now, true);
      return () => Promise.resolve(clearInterval(timer));
    }
    const consumer = startContractEventsConsumer(runtime, orderDeps, opts.queuePrefix);
    await consumer.waitUntilReady();
    return () => consumer.close();
  };
  const stopRole = await stop();
  const http = await serveHealth('order-portal', role, runtime, config);
  return {
    runtime,
    http,
    close: async () => {
      await http.close();
      await stopRole();
      await runtime.close();
    },
  };
}

/** The portal's pages and its API on one app, over the same use cases. */
function registerRoutes(
  api: Api,
  express: Express,
  w: {
    config: OrderPortalConfig;
    runtime: Runtime;
    orderDeps: ReturnType<typeof wireOrderDeps>;
    web: ReturnType<typeof webSessions>;
    now: () => Date;
    opts: StartOptions;
    publicUrl: () => string;
  },
): void {
  const { config, runtime, orderDeps, web, now, opts, publicUrl } = w;
  const registry = registryDeps(config, runtime, orderDeps);
  const signIn = signInAt(config, runtime, publicUrl, opts.queuePrefix);
  registerPortalPages(express, {
    ...portalDeps(config, orderDeps, registry, signIn, web.pages),
    market: {
      market: new MarketRepository(runtime.db),
      policies: new PolicyValuesRepository(runtime.db),
      organisations: orderDeps.organisations,
      now,
    },
    ...workspaceDeps(config, runtime, orderDeps),
    isUnavailable: runtime.isUnavailable,
    accessLogRetentionDays: config.ACCESS_LOG_RETENTION_DAYS,
    orderRetentionDays: config.ORDER_RETENTION_DAYS,
  });
  registerOfferRoutes(api, {
    ...registry,
    locks: new OfferLockRepository(runtime.db),
    policies: new PolicyValuesRepository(runtime.db),
    importBodyLimit: config.IMPORT_BODY_LIMIT,
    authenticate: web.authenticate,
  });
  registerOrderRoutes(api, { ...orderDeps, authenticate: web.authenticate });
}
