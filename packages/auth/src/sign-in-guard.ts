import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * What a sign-in attempt counts against. A user name is locked after few failures (a password is
 * being guessed); an address only after many, because a whole municipality's office can sit
 * behind one address.
 */
export interface GuardSubject {
  kind: 'user' | 'address';
  value: string;
}

export interface SignInGuardOptions {
  redis: Redis;
  /** Key prefix in Redis; tests isolate themselves with it. */
  prefix?: string;
  /** Failures within the window that lock a user name out. */
  maxUserFailures: number;
  /** Failures within the window that lock an address out. */
  maxAddressFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export type GuardState = { locked: false } | { locked: true; retryAfterSeconds: number };

export interface SignInGuard {
  /** Whether any of the subjects is locked out now. Redis unreachable → throws (fail closed). */
  check: (subjects: GuardSubject[]) => Promise<GuardState>;
  /** Counts a failed attempt against each subject; a subject reaching its limit is locked. */
  fail: (subjects: GuardSubject[]) => Promise<GuardState>;
  /** A successful sign-in clears the user's count (never the address's: see below). */
  succeed: (user: GuardSubject) => Promise<void>;
}

/**
 * Lock-out after repeated failed sign-ins, counted in Redis so every replica sees the same
 * counts and a restart does not reset them. Keys hold a hash of the subject, never the user name
 * or address itself. Fixed window per subject: the first failure starts it.
 */
export function createSignInGuard(opts: SignInGuardOptions): SignInGuard {
  const prefix = opts.prefix ?? 'signin';
  const hash = (s: GuardSubject) =>
    createHash('sha256').update(`${s.kind}\0${s.value.toLowerCase()}`).digest('base64url');
  const failKey = (s: GuardSubject) => `${prefix}:fail:${hash(s)}`;
  const lockKey = (s: GuardSubject) => `${prefix}:lock:${hash(s)}`;
  const limit = (s: GuardSubject) =>
    s.kind === 'user' ? opts.maxUserFailures : opts.maxAddressFailures;

  const check: SignInGuard['check'] = async (subjects) => {
    if (subjects.length === 0) return { locked: false };
    const ttls = await Promise.all(subjects.map((s) => opts.redis.pttl(lockKey(s))));
    const longest = Math.max(...ttls);
    return longest > 0
      ? { locked: true, retryAfterSeconds: Math.ceil(longest / 1000) }
      : { locked: false };
  };

  return {
    check,
    async fail(subjects) {
      for (const s of subjects) {
        // SET NX starts the window on the first failure; INCR counts. One MULTI, so a crash
        // between the two cannot leave a counter without an expiry.
        const result = await opts.redis
          .multi()
          .set(failKey(s), '0', 'EX', opts.windowSeconds, 'NX')
          .incr(failKey(s))
          .exec();
        const count = Number(result?.[1]?.[1] ?? 0);
        if (count >= limit(s)) {
          await opts.redis.set(lockKey(s), '1', 'EX', opts.lockSeconds, 'NX');
          await opts.redis.del(failKey(s));
        }
      }
      return check(subjects);
    },
    async succeed(user) {
      // Only the user's count: an attacker with one valid account must not be able to wipe the
      // count of the address they are guessing other accounts from.
      await opts.redis.del(failKey(user));
    },
  };
}
