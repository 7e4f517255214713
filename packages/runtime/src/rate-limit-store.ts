import type { Redis } from 'ioredis';
import { memoryRateLimitStore, type RateLimitStore } from '@rammeaftale/http';

/** Redis did not count the request: the service answers 503 rather than let it through uncounted. */
export class RateLimitUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('the rate-limit counts (Redis) are unavailable', { cause });
    this.name = 'RateLimitUnavailableError';
  }
}

/**
 * The rate limits' fixed windows in Redis, so all replicas of a service count against one total
 * (issue 17). One MULTI per request: the window's key is made with its expiry only when absent
 * (SET NX PX), INCR keeps that expiry, PTTL says when the window ends. `scope` keeps services,
 * and the tests' databases on one Redis, apart: `rl:<scope>:<key>`.
 */
export function redisRateLimitStore(redis: Redis, scope: string): RateLimitStore {
  return {
    hit: async (key, windowMs) => {
      const name = `rl:${scope}:${key}`;
      let replies: [Error | null, unknown][] | null;
      try {
        replies = await redis
          .multi()
          .set(name, 0, 'PX', windowMs, 'NX')
          .incr(name)
          .pttl(name)
          .exec();
      } catch (err) {
        throw new RateLimitUnavailableError(err);
      }
      const failed = replies?.find(([err]) => err)?.[0];
      if (!replies || failed) throw new RateLimitUnavailableError(failed);
      const count = Number(replies[1]![1]);
      const ttl = Number(replies[2]![1]);
      return { count, resetAt: Date.now() + (ttl > 0 ? ttl : windowMs) };
    },
  };
}

/**
 * The Redis counts, and this process's own while Redis does not answer: a replica keeps limiting
 * on its own (each replica then lets up to the limit through, as before the counts were shared)
 * instead of refusing all work — a letter or an order accepted while Redis is away is kept in its
 * outbox and delivered when Redis returns, which a 503 from the limiter would prevent. No request
 * goes uncounted. `onDegraded` is told once per outage, and again when the shared counts are back.
 */
export function sharedRateLimitStore(
  shared: RateLimitStore,
  onDegraded: (degraded: boolean, err?: unknown) => void,
  local: RateLimitStore = memoryRateLimitStore(),
): RateLimitStore {
  let degraded = false;
  return {
    hit: async (key, windowMs) => {
      try {
        const counted = await shared.hit(key, windowMs);
        if (degraded) onDegraded((degraded = false));
        return counted;
      } catch (err) {
        if (!(err instanceof RateLimitUnavailableError)) throw err;
        if (!degraded) onDegraded((degraded = true), err.cause);
        return local.hit(key, windowMs);
      }
    },
  };
}
