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
  if (role === 'worker') return workerConnection(url, common);
  return new IORedis(url, {
    ...common,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: 2000,
  });
}

/**
 * How long a worker connection waits for any byte while a command is pending before it takes the
 * socket for dead, destroys it and reconnects. Without it a half-open connection (a dropped
 * route, a firewall or NAT that forgot it: no FIN, no RST, TCP keepalive answered by whatever is
 * in between) leaves the worker waiting forever — test/faults/redis-half-open.test.ts saw no
 * letter sent for minutes after the route was back. The commands of BullMQ's main connection
 * (its scripts) answer in milliseconds.
 */
export const WORKER_SOCKET_TIMEOUT_MS = 5_000;
/**
 * The same for BullMQ's blocking connection (a duplicate of the worker's), which waits for a job
 * up to 10 s by design (BullMQ's maximum block time, after which Redis answers nil; BullMQ's own
 * watchdog gives the reply 1 s more). It bounds how long a dead blocking connection goes unseen,
 * its reconnect's ready check included, so it is kept as short as that allows.
 */
export const BLOCKING_SOCKET_TIMEOUT_MS = 11_000;

function workerConnection(url: string, common: RedisOptions): Redis {
  const conn = new IORedis(url, {
    ...common,
    maxRetriesPerRequest: null, // BullMQ's requirement: blocking commands wait
    enableReadyCheck: true,
    socketTimeout: WORKER_SOCKET_TIMEOUT_MS,
  });
  const duplicate = conn.duplicate.bind(conn);
  conn.duplicate = (override) =>
    duplicate({ socketTimeout: BLOCKING_SOCKET_TIMEOUT_MS, ...override });
  return conn;
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
