import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Actor } from '@rammeaftale/auth';

/**
 * The portal's sessions, server-side in Redis. The browser holds only an opaque random id (256
 * bits); Redis holds the session under the id's SHA-256, so its keys name no session a browser
 * could present. The person's access token is kept encrypted with a key derived from the id: a
 * copy of Redis alone gives no token. A session ends after `idleSeconds` without a request, or
 * `absoluteSeconds` after sign-in however busy, or at sign-out (deleted).
 */
export interface SessionStoreOptions {
  redis: Redis;
  /** Key prefix (the portal's queue prefix): `<prefix>:session:<sha256 of the id>`. */
  prefix: string;
  idleSeconds: number;
  absoluteSeconds: number;
  /** Milliseconds since the epoch; tests pass a fake clock. */
  clock?: () => number;
}

/** What a session knows: the person's token and who they are. */
export interface Session {
  token: string;
  userId: string;
  organisationId: string;
  role: string;
  /** Epoch milliseconds of the sign-in. */
  createdAt: number;
  /** Epoch milliseconds of the last request with it. */
  lastSeenAt: number;
}

interface Stored {
  /** The token, AES-256-GCM under a key derived from the session id: iv.tag.ciphertext. */
  token: string;
  userId: string;
  organisationId: string;
  role: string;
  createdAt: number;
  lastSeenAt: number;
}

const ID = /^[A-Za-z0-9_-]{43}$/;
const tokenKey = (id: string) => createHmac('sha256', id).update('session-token').digest();

function seal(id: string, token: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', tokenKey(id), iv);
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

function open(id: string, sealed: string): string | undefined {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !tag || !body) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', tokenKey(id), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

export function createSessionStore(opts: SessionStoreOptions) {
  const clock = opts.clock ?? Date.now;
  // base64url, not hex: 64 hex digits hold a run of ten decimal digits (CPR-shaped, which the
  // run's CPR scan of every Redis key rightly flags) in about every other session.
  const keyOf = (id: string) =>
    `${opts.prefix}:session:${createHash('sha256').update(id).digest('base64url')}`;
  /** Seconds the session may still live: the nearer of the idle and the absolute end. */
  const ttl = (s: Stored, now: number) =>
    Math.ceil(
      Math.min(opts.idleSeconds * 1000, s.createdAt + opts.absoluteSeconds * 1000 - now) / 1000,
    );
  const write = async (id: string, s: Stored, now: number) => {
    const seconds = ttl(s, now);
    if (seconds <= 0) return false;
    await opts.redis.set(keyOf(id), JSON.stringify(s), 'EX', seconds);
    return true;
  };

  return {
    /** A new session after sign-in; answers its id, for the cookie and nowhere else. */
    async create(token: string, actor: Actor): Promise<string> {
      const id = randomBytes(32).toString('base64url');
      const now = clock();
      const stored: Stored = {
        token: seal(id, token),
        userId: actor.userId,
        organisationId: actor.organisationId,
        role: actor.role,
        createdAt: now,
        lastSeenAt: now,
      };
      await write(id, stored, now);
      return id;
    },
    /**
     * The live session of this id, its last-seen time moved to now; undefined (and deleted) when
     * it is unknown, idle too long or past its absolute end.
     */
    async touch(id: string): Promise<Session | undefined> {
      if (!ID.test(id)) return undefined;
      const raw = await opts.redis.get(keyOf(id));
      if (!raw) return undefined;
      const s = JSON.parse(raw) as Stored;
      const now = clock();
      const idle = now - s.lastSeenAt >= opts.idleSeconds * 1000;
      const over = now - s.createdAt >= opts.absoluteSeconds * 1000;
      const token = idle || over ? undefined : open(id, s.token);
      if (!token) {
        await opts.redis.del(keyOf(id));
        return undefined;
      }
      const next = { ...s, lastSeenAt: now };
      if (!(await write(id, next, now))) return undefined;
      return { ...next, token };
    },
    /** Sign-out: the session is gone server-side, whoever still holds a copy of the cookie. */
    async destroy(id: string): Promise<void> {
      if (ID.test(id)) await opts.redis.del(keyOf(id));
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;
