import type { NextFunction, Request, Response } from 'express';
import { ProblemError } from './problem';

export interface RateLimitOptions {
  /** Requests allowed per window and key. */
  max: number;
  windowMs: number;
  /** What a request counts against: the signed-in user (after authentication) or the address. */
  key: 'user' | 'ip';
  /** Bound on tracked keys, so a flood of addresses cannot exhaust memory. */
  maxKeys?: number;
}

/**
 * Fixed-window limiter in memory, per process. Answers 429 problem+json with Retry-After.
 * Behind several replicas each counts on its own: the limit is per replica, which is a deliberate
 * simplification until the deployment needs a shared (Redis) counter.
 */
export function rateLimit(opts: RateLimitOptions) {
  const hits = new Map<string, { count: number; resetAt: number }>();
  const maxKeys = opts.maxKeys ?? 100_000;
  return (req: Request, res: Response, next: NextFunction) => {
    const now = Date.now();
    const actor = res.locals.actor as { userId?: string } | undefined;
    const key =
      opts.key === 'user' && actor?.userId ? `u:${actor.userId}` : `ip:${req.ip ?? 'unknown'}`;
    let entry = hits.get(key);
    if (!entry || entry.resetAt <= now) {
      if (hits.size >= maxKeys) {
        for (const [k, v] of hits) if (v.resetAt <= now) hits.delete(k);
        if (hits.size >= maxKeys) hits.clear();
      }
      entry = { count: 0, resetAt: now + opts.windowMs };
      hits.set(key, entry);
    }
    entry.count++;
    res.setHeader('RateLimit-Limit', String(opts.max));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, opts.max - entry.count)));
    if (entry.count > opts.max) {
      const retryAfter = Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
      return next(
        new ProblemError(429, 'Too many requests; try again later', {
          headers: { 'Retry-After': String(retryAfter) },
        }),
      );
    }
    next();
  };
}
