import type { OidcClient, SignInGuard, TokenVerifier } from '@rammeaftale/auth';
import type { Logger } from '@rammeaftale/logging';
import type { OfferLockRepository } from '../offers/offer-lock.repository';
import type { OfferRepository } from '../offers/offer.repository';
import type { OrganisationRepository } from '../offers/organisation.repository';
import type { ContractsClient } from '../contracts/contracts.client';
import type { OrderDeps } from '../orders/order-deps';
import type { NotificationsClient } from '../notifications/notifications.client';
import type { UploadDeps } from '../offers/import/import-upload.use-case';
import type { PolicyDeps } from '../offers/policy-values.use-case';
import type { OperationsDeps } from '../operations/operations.use-case';
import type { MarketDeps } from '../market/market-data.use-case';
import type { SessionStore } from './session-store';

/** What the portal pages need: the same use-case dependencies the API routes get, wired in start.ts. */
export interface PortalDeps {
  orders: OrderDeps;
  registry: {
    offers: OfferRepository;
    locks: OfferLockRepository;
    organisations: OrganisationRepository;
    logger: Logger;
    now: () => Date;
    staleCapacityDays: number;
  };
  verifier: TokenVerifier;
  /** The secretariat's market data over the registry (absent: those pages answer 503). */
  market?: MarketDeps;
  /**
   * Sign-in at the identity provider (authorization code flow). Absent when the portal has no
   * client at the provider: then nobody can sign in to the pages (the API still takes tokens).
   */
  signIn?: {
    oidc: OidcClient;
    guard: SignInGuard;
    /** The absolute URL of `/log-ind/callback` as the provider has it registered. */
    callbackUrl: () => string;
    /** A line shown on the sign-in page (development: which demo users exist). */
    hint?: string;
  };
  /** The contracts service, called with the signed-in person's own token (absent: not connected). */
  contracts?: ContractsClient;
  /** Key of CSRF tokens and the signed sign-in cookie (random per process when absent). */
  sessionKey?: Buffer;
  /** Omit `Secure` on the pre-session and sign-in cookies on plain-http loopback (never in production). */
  allowInsecureLoopback: boolean;
  /** The server-side sessions (Redis) behind the session cookie. */
  sessions: SessionStore;
  /** The session cookie's lifetime in the browser: the sessions' absolute timeout. */
  sessionSeconds: number;
  /** The portal's own origin, which every page write must come from. */
  ownOrigin: () => string;
  /**
   * The notifications service (letters, campaigns, queues), called with the signed-in person's
   * own token (absent: not connected; the campaign and operator pages say so).
   */
  notifications?: NotificationsClient;
  /** The operator's view of the suite: the services' health, the queues, failed letters. */
  operations?: OperationsDeps;
  /** The policy values of each year, for the secretariat's pages and the campaigns' letters. */
  policies?: PolicyDeps;
  /** The CSV imports the secretariat uploads in the portal, and the largest file it takes. */
  imports?: UploadDeps & { bodyLimit: string };
  /**
   * Errors that mean a backing service is down (the runtime's rule): the pages answer them with
   * the Danish 503 page instead of a fault.
   */
  isUnavailable?: (err: unknown) => boolean;
  /** How long the access log keeps its entries (ACCESS_LOG_RETENTION_DAYS), for the privacy notice. */
  accessLogRetentionDays?: number;
  /** Days an order that is over keeps its citizen's data (ORDER_RETENTION_DAYS), for the notice. */
  orderRetentionDays?: number;
}
