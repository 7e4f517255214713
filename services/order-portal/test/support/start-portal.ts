import type { ServiceTokenSource, TokenVerifier } from '@rammeaftale/auth';
import type { Logger } from '@rammeaftale/logging';
import { testEnv, testLogger, type TestLogger } from '@rammeaftale/testing';
import { orderPortalEnv } from '../../src/config';
import { startOrderPortal, type OrderPortal, type Role } from '../../src/start';

/** Keys for tests only: the CPR vault needs some. */
export const TEST_CPR_KEYS = {
  CPR_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  CPR_LOOKUP_KEY: Buffer.alloc(32, 9).toString('base64'),
};

export interface PortalOptions {
  /** Verifies bearer tokens (the local identity provider's); without one every API call is 401. */
  verifier?: TokenVerifier;
  /** Any setting of the portal's configuration, over the test defaults. */
  env?: Record<string, string>;
  now?: () => Date;
  /** The sessions' clock (epoch ms), for their idle and absolute timeouts. */
  sessionClock?: () => number;
  /** The portal's own tokens for other services (its notice mails to the notifications service). */
  serviceTokens?: ServiceTokenSource;
  /** Only these parts of the portal (default: all), e.g. ['api'] to keep events in the outbox. */
  roles?: readonly Role[];
}

/** The order portal of one test file, and what it logged. */
export interface TestPortal extends OrderPortal {
  /** Every line the portal logged, through the production logger (redaction included). */
  log: TestLogger;
  /** The portal's database and queue prefix. */
  name: string;
}

/**
 * The one way tests start the order portal: in-process for one test file, with its own database
 * and queue prefix (`name`, e.g. from `uniqueName`), any free port, no rate limits in the way,
 * events published only when the test asks, and a captured logger the test can read
 * (TEST_LOG_LEVEL to see the lines as well). `env` overrides any of it.
 */
export async function startTestPortal(name: string, opts: PortalOptions = {}): Promise<TestPortal> {
  const log = testLogger(name);
  const portal = await startPortalWith(
    name,
    { ...opts, env: { ...testEnv(), ...opts.env } },
    log.logger,
  );
  return Object.assign(portal, { log, name });
}

/**
 * The same start with the caller's database, Redis and logger: for the benchmarks, which run
 * outside jest against servers of their own and must not keep every log line in memory.
 */
export function startPortalWith(
  name: string,
  opts: PortalOptions & { env: { MONGO_URL: string; REDIS_URL: string } & Record<string, string> },
  logger: Logger,
): Promise<OrderPortal> {
  return startOrderPortal(
    orderPortalEnv.parse({
      NODE_ENV: 'test',
      PORT: '0',
      MONGO_DB: name,
      AUTH_ISSUER: 'http://127.0.0.1/dev-idp',
      AUTH_JWKS_URL: 'http://127.0.0.1:1/unused',
      ...TEST_CPR_KEYS,
      RATE_LIMIT_PER_MINUTE: '100000000',
      USER_RATE_LIMIT_PER_MINUTE: '100000000',
      OUTBOX_RELAY_MS: '3600000',
      ...opts.env,
    }),
    {
      logger,
      tokenVerifier: opts.verifier,
      queuePrefix: name,
      now: opts.now,
      sessionClock: opts.sessionClock,
      serviceTokens: opts.serviceTokens,
      roles: opts.roles,
    },
  );
}
