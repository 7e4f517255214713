import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import {
  closeDatabase,
  connectDatabase,
  isDatabaseUnavailable,
  pingDatabase,
} from '@rammeaftale/db';
import type { RateLimitStore, ReadinessCheck } from '@rammeaftale/http';
import { createLogger, type Logger } from '@rammeaftale/logging';
import {
  EVENT_INBOXES,
  QUEUES,
  QueueUnavailableError,
  createRedisConnection,
  pingRedis,
  waitUntilReady,
} from '@rammeaftale/queues';
import { createServiceMetrics, type ServiceMetrics } from './metrics';
import {
  RateLimitUnavailableError,
  redisRateLimitStore,
  sharedRateLimitStore,
} from './rate-limit-store';

export interface RuntimeConfig {
  LOG_LEVEL: string;
  MONGO_URL: string;
  MONGO_DB: string;
  REDIS_URL: string;
  MONGO_TLS?: boolean;
  MONGO_TLS_CA_FILE?: string;
  REDIS_TLS_CA_FILE?: string;
}

export interface Runtime {
  logger: Logger;
  db: Connection;
  /** Fail-fast connection for producers and probes. */
  redis: Redis;
  readiness: ReadinessCheck[];
  /** The process's one metrics registry (`GET /metrics` behind METRICS_TOKEN). */
  metrics: ServiceMetrics;
  /** The rate limits' counts in Redis, shared by every replica of the service. */
  rateLimits: RateLimitStore;
  isUnavailable: (err: unknown) => boolean;
  /** Redis connection for a BullMQ worker (blocking commands); closed with the runtime. */
  workerConnection: () => Redis;
  close: () => Promise<void>;
}

/** The queues whose depths a service's processes report (those it consumes). */
const CONSUMED_QUEUES: Record<string, readonly string[]> = {
  'order-portal': [EVENT_INBOXES['order-portal']],
  'standard-contract': [EVENT_INBOXES['standard-contract']],
  'tariff-notifications': [QUEUES.letters],
};

/**
 * Boot order shared by every service: logging → database (retried at start) → Redis.
 * HTTP and workers are started by the service once this resolves, so nothing consumes or
 * answers before its backing services are there.
 */
export async function startRuntime(
  service: string,
  config: RuntimeConfig,
  opts: { logger?: Logger; queuePrefix?: string } = {},
): Promise<Runtime> {
  const logger = opts.logger ?? createLogger({ service, level: config.LOG_LEVEL });
  const db = await connectDatabase({
    url: config.MONGO_URL,
    dbName: config.MONGO_DB,
    logger,
    tls: { enabled: config.MONGO_TLS ?? false, caFile: config.MONGO_TLS_CA_FILE },
  });
  const redisTls = { tlsCaFile: config.REDIS_TLS_CA_FILE };
  const redis = createRedisConnection(config.REDIS_URL, 'producer', redisTls);
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  await waitUntilReady(redis);
  logger.info('redis ready');
  const extra: Redis[] = [];
  const readiness = [
    { name: 'mongodb', check: () => pingDatabase(db) },
    { name: 'redis', check: () => pingRedis(redis) },
  ];
  const metrics = createServiceMetrics(service);
  metrics.watchReadiness(readiness);
  metrics.watchQueues(CONSUMED_QUEUES[service] ?? [], redis, opts.queuePrefix);
  return {
    logger,
    db,
    redis,
    readiness,
    metrics,
    // Replicas of a service share its database name, so they share their counts; the tests'
    // databases on one Redis do not.
    rateLimits: sharedRateLimitStore(
      redisRateLimitStore(redis, `${service}:${config.MONGO_DB}`),
      (degraded, err) =>
        degraded
          ? logger.warn({ err }, 'rate limits counted per replica: Redis does not answer')
          : logger.info('rate limits shared through Redis again'),
    ),
    isUnavailable: (err) =>
      isDatabaseUnavailable(err) ||
      err instanceof QueueUnavailableError ||
      err instanceof RateLimitUnavailableError,
    workerConnection: () => {
      const conn = createRedisConnection(config.REDIS_URL, 'worker', redisTls);
      conn.on('error', (err) => logger.warn({ err: err.message }, 'redis worker connection error'));
      extra.push(conn);
      return conn;
    },
    close: async () => {
      await metrics.close();
      for (const c of extra) c.disconnect();
      redis.disconnect();
      await closeDatabase(db);
    },
  };
}

export { processRole, serveHealth } from './process-role';
export {
  METRICS,
  METRIC_NAMES,
  createServiceMetrics,
  type DeliveryOutcome,
  type OutboxBacklog,
  type ServiceMetrics,
} from './metrics';
export {
  RateLimitUnavailableError,
  redisRateLimitStore,
  sharedRateLimitStore,
} from './rate-limit-store';
export { waitForRedisAtStart } from './startup-gate';
