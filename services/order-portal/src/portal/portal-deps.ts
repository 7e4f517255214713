import type { TokenVerifier } from '@rammeaftale/auth';
import type { Logger } from '@rammeaftale/logging';
import type { OfferRepository } from '../offers/offer.repository';
import type { OrganisationRepository } from '../offers/organisation.repository';
import type { OrderDeps } from '../orders/order-deps';

/** What the portal pages need: the same use-case dependencies the API routes get, wired in start.ts. */
export interface PortalDeps {
  orders: OrderDeps;
  registry: {
    offers: OfferRepository;
    organisations: OrganisationRepository;
    logger: Logger;
    now: () => Date;
    staleCapacityDays: number;
  };
  verifier: TokenVerifier;
  /**
   * Development only: issues a session token for a demo user id (the local identity provider of
   * scripts/dev.ts, or the tests' own). Absent in production, where the OIDC provider of the
   * security issue signs people in (authorization code flow) and the dev page is not served.
   */
  devSignIn?: (userId: string) => Promise<string | undefined>;
  /** Omit `Secure` on the session cookie for plain-http loopback requests (never in production). */
  allowInsecureLoopback: boolean;
  /** Where the operator finds the other services' pages. */
  links?: { notifications?: string; contracts?: string };
}
