import type { TokenVerifier } from '@rammeaftale/auth';
import { createLogger } from '@rammeaftale/logging';
import { testEnv } from '@rammeaftale/testing';
import { orderPortalEnv } from '../../src/config';
import { startOrderPortal, type OrderPortal } from '../../src/start';

/** Keys for tests only: the CPR vault needs some. */
export const TEST_CPR_KEYS = {
  CPR_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  CPR_LOOKUP_KEY: Buffer.alloc(32, 9).toString('base64'),
};

/**
 * The order portal in-process for one test file: its own database and queue prefix (`name`), any
 * free port, no rate limits in the way, events published only when the test asks, quiet logs
 * (TEST_LOG_LEVEL to see them). `env` overrides any of it.
 */
export function startTestPortal(
  name: string,
  opts: { verifier: TokenVerifier; env?: Record<string, string> },
): Promise<OrderPortal> {
  return startOrderPortal(
    orderPortalEnv.parse({
      ...testEnv(),
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
      logger: createLogger({ service: name, level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      tokenVerifier: opts.verifier,
      queuePrefix: name,
    },
  );
}
