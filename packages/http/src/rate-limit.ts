import type { NextFunction, Request, Response } from 'express';
import { ProblemError } from './problem';

/** Where the counts of a fixed window live: one count per key and window. */
export interface RateLimitStore {
  /** Counts one request against `key`; the count so far in its window and when that ends. */
  hit: (key: string, windowMs: number) => Promise<{ count: number; resetAt: number }>;
}

export interface RateLimitOptions {
  /** Requests allowed per window and key. */
  max: number;
  windowMs: number;
  /** What a request counts against: the signed-in user (after authentication) or the address. */
  key: 'user' | 'ip';
  /**
   * Where the counts live. The services give their Redis store (runtime.rateLimits), so every
   * replica counts against the same total; without one, this process's memory (unit tests).
   */
  store?: RateLimitStore;
  /** Bound on tracked keys of the in-memory store, so a flood of addresses cannot exhaust memory. */
  maxKeys?: number;
}

/** Fixed windows in this process's memory: each replica counts on its own. */
export function memoryRateLimitStore(maxKeys = 100_000): RateLimitStore {
  const hits = new Map<string, { count: number; resetAt: number }>();
  return {
    hit: (key, windowMs) => {
      const now = Date.now();
      let entry = hits.get(key);
      if (!entry || entry.resetAt <= now) {
        if (hits.size >= maxKeys) {
          for (const [k, v] of hits) if (v.resetAt <= now) hits.delete(k);
          if (hits.size >= maxKeys) hits.clear();
        }
        entry = { count: 0, resetAt: now + windowMs };
        hits.set(key, entry);
      }
      entry.count++;
      return Promise.resolve({ count: entry.count, resetAt: entry.resetAt });
    },
  };
}

/**
 * Fixed-window limiter. Answers 429 problem+json with Retry-After. A store that cannot count
 * (Redis down) passes its error on, which the service answers 503: no request goes uncounted.
 */
export function rateLimit(opts: RateLimitOptions) {
  const store = opts.store ?? memoryRateLimitStore(opts.maxKeys);
  return (req: Request, res: Response, next: NextFunction) => {
    const actor = res.locals.actor as { userId?: string } | undefined;
    const key =
      opts.key === 'user' && actor?.userId ? `u:${actor.userId}` : `ip:${req.ip ?? 'unknown'}`;
    // The limiter's kind in the key: the per-user and per-address limits never share a count.
    store.hit(`${opts.key}|${key}`, opts.windowMs).then(({ count, resetAt }) => {
      res.setHeader('RateLimit-Limit', String(opts.max));
      res.setHeader('RateLimit-Remaining', String(Math.max(0, opts.max - count)));
      if (count > opts.max) {
        const retryAfter = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
        return next(
          new ProblemError(429, 'Too many requests; try again later', {
            headers: { 'Retry-After': String(retryAfter) },
          }),
        );
      }
      next();
    }, next);
  };
}
