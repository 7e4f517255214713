import { readFileSync } from 'node:fs';
import IORedis, { type Redis, type RedisOptions } from 'ioredis';

/**
 * TLS for Redis: on with a rediss:// URL or a CA file (REDIS_TLS_CA_FILE), never below TLS 1.2,
 * the server's certificate verified against the CA file when given (else the system's CAs).
 */
export function redisTlsOptions(url: string, caFile?: string): RedisOptions['tls'] {
  if (!url.startsWith('rediss://') && !caFile) return undefined;
  return { minVersion: 'TLSv1.2', ...(caFile ? { ca: readFileSync(caFile) } : {}) };
}

/**
 * Producers fail fast (no offline queue: a request must not hang while Redis is away);
 * workers wait forever for blocking commands (`maxRetriesPerRequest: null`, BullMQ's requirement).
 */
export function createRedisConnection(
  url: string,
  role: 'producer' | 'worker' | 'probe',
  opts: { tlsCaFile?: string } = {},
): Redis {
  const tls = redisTlsOptions(url, opts.tlsCaFile);
  const common: RedisOptions = {
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: false,
    ...(tls ? { tls } : {}),
  };
  if (role === 'worker')
    return new IORedis(url, { ...common, maxRetriesPerRequest: null, enableReadyCheck: true });
  return new IORedis(url, {
    ...common,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: 2000,
  });
}

/** True when Redis answers PING within `timeoutMs`. */
export async function pingRedis(conn: Redis, timeoutMs = 2000): Promise<boolean> {
  if (conn.status !== 'ready') return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    return await Promise.race([conn.ping().then((r) => r === 'PONG'), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves when the connection is ready; rejects after `timeoutMs` (start-up waits, then gives up). */
export function waitUntilReady(conn: Redis, timeoutMs = 30_000): Promise<void> {
  if (conn.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      conn.off('ready', onReady);
      reject(new Error(`redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    conn.once('ready', onReady);
  });
}
