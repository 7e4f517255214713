import {
  clientCredentialsTokenSource,
  createOidcClient,
  createSignInGuard,
  createTokenVerifier,
  type ServiceTokenSource,
  type TokenVerifier,
} from '@rammeaftale/auth';
import { LeaseRepository, crossTenant, onOneReplica } from '@rammeaftale/db';
import { outboxBacklog, startRelay } from '@rammeaftale/outbox';
import {
  createAccessLogRepository,
  accessLogger,
  createCprVault,
  runRetention,
} from '@rammeaftale/privacy';
import { createEventPublisher } from '@rammeaftale/queues';
import type { Runtime } from '@rammeaftale/runtime';
import type { OrderPortalConfig } from './config';
import { contractsClient } from './contracts/contracts.client';
import { expireRequestsAndTell, remindFollowUpsDue } from './notices-to-people/notices.use-case';
import {
  lettersClient,
  reconcileNoticeMails,
  type NoticeMailer,
} from './notices-to-people/notice-mail';
import { NoticeRepository } from './notices-to-people/notice.repository';
import { OfferLockRepository } from './offers/offer-lock.repository';
import { OfferRepository } from './offers/offer.repository';
import { OrganisationRepository } from './offers/organisation.repository';
import { citizenTexts } from './orders/citizen-texts';
import type { OrderDeps } from './orders/order-deps';
import { orderModel } from './orders/order.model';
import { OrderRepository } from './orders/order.repository';
import { dailyOrderRetention } from './orders/retention/order-retention.use-case';
import { searchCandidates } from './orders/search-candidates';
import type { PortalDeps } from './portal/portal-deps';
import { sessionOrBearer } from './portal/session-auth';
import { createSessionStore } from './portal/session-store';
import type { StartOptions } from './start';

/*
 * The composition root's parts (start.ts puts them together): the order use cases' dependencies,
 * the event relay, the housekeeping sweepers, the sessions and the sign-in, each built once.
 */

/** Verifies the provider's access tokens by its published keys. */
export const tokenVerifierOf = (config: OrderPortalConfig): TokenVerifier =>
  createTokenVerifier({
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    jwksUrl: config.AUTH_JWKS_URL,
  });

/**
 * The pages' sessions in Redis, and the API's authentication: a bearer token, or the session
 * cookie, whose writes must come from the portal's own origin (PUBLIC_URL or where it listens).
 */
export function webSessions(
  config: OrderPortalConfig,
  runtime: Runtime,
  verifier: TokenVerifier,
  publicUrl: () => string,
  opts: StartOptions,
) {
  const sessions = createSessionStore({
    redis: runtime.redis,
    prefix: opts.queuePrefix ?? 'rs',
    idleSeconds: config.SESSION_IDLE_MINUTES * 60,
    absoluteSeconds: config.SESSION_ABSOLUTE_HOURS * 3600,
    clock: opts.sessionClock,
  });
  return {
    pages: { sessions, sessionSeconds: config.SESSION_ABSOLUTE_HOURS * 3600, ownOrigin: publicUrl },
    authenticate: sessionOrBearer({ verifier, sessions, ownOrigin: publicUrl }),
  };
}

export function refuseUnsafeProduction(config: OrderPortalConfig): void {
  if (config.NODE_ENV !== 'production') return;
  const missing = (['AUTH_CLIENT_ID', 'AUTH_CLIENT_SECRET', 'SESSION_KEY'] as const).filter(
    (k) => !config[k],
  );
  if (missing.length) throw new Error(`${missing.join(', ')} required in production`);
}

/**
 * The portal's events out: the outbox relay publishes the orders' pending events (an offer
 * selected) to the inboxes that subscribe to them, on its timer or at once when `kick`ed.
 */
export function startEventRelay(config: OrderPortalConfig, runtime: Runtime, prefix?: string) {
  // Refuses to start if the events the portal publishes go nowhere (EVENTS in packages/queues).
  const events = createEventPublisher('order-portal', runtime.redis, {
    logger: runtime.logger,
    prefix,
  });
  const model = orderModel(runtime.db);
  runtime.metrics.watchOutbox('orders', () => outboxBacklog(model));
  const orders = new OrderRepository(runtime.db);
  const relay = startRelay({
    model,
    // The pop of a published event holds the order's lease like every other write on it.
    aggregateLease: (id, write) => orders.guarded(id, write),
    publisher: events,
    logger: runtime.logger,
    intervalMs: config.OUTBOX_RELAY_MS,
  });
  return {
    kick: relay.kick,
    close: async () => {
      await relay.stop();
      await events.close();
    },
  };
}

/** What the order use cases need, for the API routes and the portal's pages alike. */
export function wireOrderDeps(
  config: OrderPortalConfig,
  runtime: Runtime,
  opts: {
    now: () => Date;
    verifier: TokenVerifier;
    onSelected: () => Promise<number>;
    mailer?: NoticeMailer;
  },
): OrderDeps & { verifier: TokenVerifier } {
  const accessLogRepo = createAccessLogRepository(runtime.db);
  const vault =
    config.CPR_KEYS && config.CPR_LOOKUP_KEY
      ? createCprVault({ keyring: config.CPR_KEYS, lookupKey: config.CPR_LOOKUP_KEY })
      : undefined;
  return {
    // The citizen's free texts at rest under the CPR keys (citizen-texts.ts).
    orders: new OrderRepository(runtime.db, citizenTexts(vault)),
    candidates: searchCandidates(runtime.db, {
      today: () => opts.now().toISOString().slice(0, 10),
    }),
    organisations: new OrganisationRepository(runtime.db),
    vault,
    accessLog: accessLogger(accessLogRepo, {
      logger: runtime.logger,
      groupCommitMs: 2,
      observe: runtime.metrics.accessLogWrite,
    }),
    accessLogRepo,
    notices: new NoticeRepository(runtime.db),
    mailer: opts.mailer,
    logger: runtime.logger,
    rateLimits: runtime.rateLimits,
    settings: {
      staleAfterDays: config.STALE_CAPACITY_DAYS,
      requestDeadlineHours: config.REQUEST_DEADLINE_HOURS,
      weights: config.SEARCH_WEIGHTS,
      userRateLimitPerMinute: config.USER_RATE_LIMIT_PER_MINUTE,
    },
    now: opts.now,
    onSelected: () => void opts.onSelected(),
    verifier: opts.verifier,
  };
}

/**
 * How notice mails leave: `POST /letters` of the notifications service with the portal's own
 * service token. Without the service's URL or credentials, notices stay in the portal.
 */
export function noticeMailer(
  config: OrderPortalConfig,
  tokens: ServiceTokenSource | undefined,
  publicUrl: () => string,
): NoticeMailer | undefined {
  const { AUTH_TOKEN_URL, AUTH_CLIENT_ID, AUTH_CLIENT_SECRET, TARIFF_NOTIFICATIONS_URL } = config;
  const source =
    tokens ??
    (AUTH_TOKEN_URL && AUTH_CLIENT_ID && AUTH_CLIENT_SECRET
      ? clientCredentialsTokenSource({
          tokenUrl: AUTH_TOKEN_URL,
          clientId: AUTH_CLIENT_ID,
          clientSecret: AUTH_CLIENT_SECRET,
          audience: config.AUTH_AUDIENCE,
        })
      : undefined);
  if (!TARIFF_NOTIFICATIONS_URL || !source) return undefined;
  return lettersClient({ baseUrl: TARIFF_NOTIFICATIONS_URL, tokens: source, publicUrl });
}

/**
 * Housekeeping on a timer: requests past their deadline expire; follow-ups near their due date
 * are reminded; notice mails still pending are handed over again; access-log entries older than
 * the retention period are purged (the only way entries leave the log). `now` runs one pass.
 */
export function startHousekeeping(
  config: OrderPortalConfig,
  runtime: Runtime,
  orderDeps: OrderDeps,
  now: () => Date,
  onTimer: boolean,
): { timer?: NodeJS.Timeout; now: () => Promise<void> } {
  const sweeper = crossTenant('the request sweeper expires overdue requests of every order');
  const reminder = crossTenant('the follow-up sweeper reminds the case workers of every order');
  const orderRetention = dailyOrderRetention(
    { db: runtime.db, accessLog: orderDeps.accessLog, logger: runtime.logger },
    config.ORDER_RETENTION_DAYS,
  );
  const pass = async (what: string, run: () => Promise<unknown>) => {
    await run().catch((err: unknown) => runtime.logger.warn({ err }, `${what} failed`));
  };
  const sweeps = async () => {
    await pass('request expiry', () => expireRequestsAndTell(orderDeps, sweeper, now()));
    await pass('follow-up reminders', () =>
      remindFollowUpsDue(orderDeps, reminder, now(), config.FOLLOW_UP_REMINDER_DAYS),
    );
    await pass('notice mails', () =>
      reconcileNoticeMails(
        { ...orderDeps, notices: orderDeps.notices! },
        { olderThanMs: config.NOTICE_MAIL_RETRY_AFTER_MS },
      ),
    );
    await pass('access log retention', () =>
      runRetention(runtime.db, config.ACCESS_LOG_RETENTION_DAYS, now()),
    );
    await pass('order retention', () => orderRetention(now()));
  };
  // One replica's pass at a time (issue 17): the timer's pass skips while another replica runs
  // one; a pass asked for now waits for it. A replica that died mid-pass is taken over after 4 min.
  const leases = new LeaseRepository(runtime.db, {
    model: 'SweeperLease',
    collection: 'sweeper_leases',
  });
  const whole = crossTenant('the housekeeping pass sweeps the orders of every municipality');
  const exclusive = (waitMs: number) =>
    pass('housekeeping', () =>
      onOneReplica(leases, whole, 'housekeeping', sweeps, { ttlMs: 4 * 60_000, waitMs }),
    );
  const once = () => exclusive(4 * 60_000);
  if (!onTimer) return { now: once };
  const timer = setInterval(() => void exclusive(0), 5 * 60_000);
  timer.unref();
  return { timer, now: once };
}

/** The offer registry's read side, shared by the API routes and the portal's pages. */
export function registryDeps(
  config: OrderPortalConfig,
  runtime: Runtime,
  orderDeps: OrderDeps,
): PortalDeps['registry'] {
  return {
    offers: new OfferRepository(runtime.db),
    locks: new OfferLockRepository(runtime.db),
    organisations: orderDeps.organisations,
    logger: orderDeps.logger,
    now: orderDeps.now,
    staleCapacityDays: config.STALE_CAPACITY_DAYS,
  };
}

export function portalDeps(
  config: OrderPortalConfig,
  orderDeps: OrderDeps & { verifier: TokenVerifier },
  registry: PortalDeps['registry'],
  signIn: PortalDeps['signIn'],
  sessions: Pick<PortalDeps, 'sessions' | 'sessionSeconds' | 'ownOrigin'>,
): PortalDeps {
  return {
    ...sessions,
    orders: orderDeps,
    registry,
    verifier: orderDeps.verifier,
    signIn,
    sessionKey: config.SESSION_KEY ? Buffer.from(config.SESSION_KEY, 'base64') : undefined,
    contracts: config.STANDARD_CONTRACT_URL
      ? contractsClient({ baseUrl: config.STANDARD_CONTRACT_URL })
      : undefined,
    allowInsecureLoopback: config.NODE_ENV !== 'production',
  };
}

/**
 * Users' sign-in at the configured OIDC provider, with the portal's own client. The lock-out
 * counts live in Redis beside the queues, so every replica sees them.
 */
export function signInAt(
  config: OrderPortalConfig,
  runtime: Runtime,
  publicUrl: () => string,
  prefix = 'rs',
) {
  if (!config.AUTH_CLIENT_ID || !config.AUTH_CLIENT_SECRET) return undefined;
  const localProvider = ['127.0.0.1', 'localhost', '[::1]'].includes(
    new URL(config.AUTH_ISSUER, 'http://x').hostname,
  );
  return {
    oidc: createOidcClient({
      issuer: config.AUTH_ISSUER,
      clientId: config.AUTH_CLIENT_ID,
      clientSecret: config.AUTH_CLIENT_SECRET,
    }),
    guard: createSignInGuard({
      redis: runtime.redis,
      prefix: `${prefix}:signin`,
      maxAddressFailures: config.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
      maxUserFailures: config.SIGN_IN_MAX_FAILURES_PER_USER,
      windowSeconds: config.SIGN_IN_WINDOW_SECONDS,
      lockSeconds: config.SIGN_IN_LOCK_SECONDS,
    }),
    callbackUrl: () => `${publicUrl()}/log-ind/callback`,
    hint: localProvider
      ? 'Udvikling: den lokale identitetsudbyder har demobrugere med adgangskoden “demo”.'
      : undefined,
  };
}
