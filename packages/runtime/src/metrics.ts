import type { Redis } from 'ioredis';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { HttpMetrics, ReadinessCheck } from '@rammeaftale/http';
import { QUEUE_STATES, queueDepthReader, type QueueDepth } from '@rammeaftale/queues';

/**
 * Every series the suite's processes export, in one list: the alert rules
 * (deploy/k8s/base/alerts.yaml) may name these only (deploy/test/k8s.test.ts checks it), and the
 * metrics tests read each of them from a real `/metrics`.
 */
export const METRICS = {
  /** Histogram by method, route pattern (never the URL: ids, search terms) and status. */
  httpDuration: 'rammeaftale_http_request_duration_seconds',
  /** From collectDefaultMetrics (prefixed): the event loop's delay, sampled. */
  eventLoopLag: 'rammeaftale_nodejs_eventloop_lag_seconds',
  /** Gauge by queue and state (waiting, active, failed, delayed), read from Redis on scrape. */
  queueJobs: 'rammeaftale_queue_jobs',
  /** Age of the job next in line (the oldest waiting), 0 when none waits. */
  queueOldestWaiting: 'rammeaftale_queue_oldest_waiting_seconds',
  /** Counter of letters by outcome: sent, bounced (the recipient's side refused), failed. */
  deliveries: 'rammeaftale_deliveries_total',
  /** Gauge by outbox (the aggregate's collection): domain events not yet published. */
  outboxPending: 'rammeaftale_outbox_pending_events',
  /** Age of the oldest unpublished event of an outbox, 0 when none waits. */
  outboxOldestPending: 'rammeaftale_outbox_oldest_pending_seconds',
  /** Histogram by outcome (ok, error): how long a use case waits for its access-log entry. */
  accessLogWrite: 'rammeaftale_access_log_write_seconds',
  /** Gauge by check (mongodb, redis): 1 when the readiness check answers, read on scrape. */
  ready: 'rammeaftale_readiness_check',
} as const;

export const METRIC_NAMES: readonly string[] = Object.values(METRICS);

export type DeliveryOutcome = 'sent' | 'bounced' | 'failed';

/** What an outbox reports on scrape (packages/outbox `outboxBacklog`). */
export interface OutboxBacklog {
  pending: number;
  oldestAgeSeconds: number;
}

export interface ServiceMetrics {
  registry: Registry;
  /** For createHttpApp: the request observer and `GET /metrics` behind `token` (unset: off). */
  endpoint: (token: string | undefined) => HttpMetrics;
  delivery: (outcome: DeliveryOutcome) => void;
  /** For accessLogger's `observe`. */
  accessLogWrite: (seconds: number, outcome: 'ok' | 'error') => void;
  /** Reports these queues' depths on scrape (read-only Queue objects, closed by `close`). */
  watchQueues: (names: readonly string[], redis: Redis, prefix?: string) => void;
  watchOutbox: (outbox: string, backlog: () => Promise<OutboxBacklog>) => void;
  watchReadiness: (checks: ReadinessCheck[]) => void;
  close: () => Promise<void>;
}

/** One registry per process, every name prefixed `rammeaftale_`, labelled with the service. */
export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'rammeaftale_' });
  const http = new Histogram({
    name: METRICS.httpDuration,
    help: 'HTTP requests by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: METRICS.deliveries,
    help: 'Letters by outcome: sent, bounced (refused by the recipient side), failed.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const accessLog = new Histogram({
    name: METRICS.accessLogWrite,
    help: 'Time a use case waits until its access-log entry is stored, by outcome.',
    labelNames: ['outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const queues = queueGauges(registry);
  const outboxes = outboxGauges(registry);
  let readiness: ReadinessCheck[] = [];
  new Gauge({
    name: METRICS.ready,
    help: '1 when the readiness check answers, 0 when it does not (read on scrape).',
    labelNames: ['check'],
    registers: [registry],
    async collect() {
      const results = await Promise.all(
        readiness.map(async (c) => [c.name, await c.check().catch(() => false)] as const),
      );
      for (const [check, ok] of results) this.set({ check }, ok ? 1 : 0);
    },
  });
  return {
    registry,
    endpoint: (token) => ({
      token,
      observe: (r) =>
        http.observe({ method: r.method, route: r.route, status: String(r.status) }, r.seconds),
      render: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
    }),
    delivery: (outcome) => deliveries.inc({ outcome }),
    accessLogWrite: (seconds, outcome) => accessLog.observe({ outcome }, seconds),
    watchQueues: queues.watch,
    watchOutbox: outboxes.watch,
    watchReadiness: (checks) => {
      readiness = checks;
    },
    close: queues.close,
  };
}

function queueGauges(registry: Registry) {
  const readers: ReturnType<typeof queueDepthReader>[] = [];
  // A store that does not answer leaves its series out of this scrape (the readiness series says
  // why) rather than failing the whole scrape, or reporting the last depths as if they were now.
  const read = async () => (await Promise.all(readers.map((r) => r.read().catch(() => [])))).flat();
  // Both gauges come from one read per scrape; the second reuses the first's.
  let pending: Promise<QueueDepth[]> | undefined;
  const once = () => (pending ??= read().finally(() => setImmediate(() => (pending = undefined))));
  new Gauge({
    name: METRICS.queueJobs,
    help: 'Jobs of a BullMQ queue by state, read from Redis on scrape.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const depths = await once();
      this.reset();
      for (const d of depths)
        for (const state of QUEUE_STATES) this.set({ queue: d.queue, state }, d.jobs[state]);
    },
  });
  new Gauge({
    name: METRICS.queueOldestWaiting,
    help: 'Seconds since the oldest waiting job of a queue was added; 0 when none waits.',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      const depths = await once();
      this.reset();
      for (const d of depths) this.set({ queue: d.queue }, d.oldestWaitingSeconds);
    },
  });
  return {
    watch: (names: readonly string[], redis: Redis, prefix?: string) => {
      readers.push(queueDepthReader(names, redis, prefix));
    },
    close: async () => {
      await Promise.all(readers.splice(0).map((r) => r.close()));
    },
  };
}

function outboxGauges(registry: Registry) {
  const watched = new Map<string, () => Promise<OutboxBacklog>>();
  // As for the queues: an outbox whose database does not answer is left out of this scrape.
  const read = async () =>
    (
      await Promise.all(
        [...watched].map(([outbox, backlog]) =>
          backlog().then(
            (b) => [{ outbox, ...b }],
            () => [],
          ),
        ),
      )
    ).flat();
  let pending: ReturnType<typeof read> | undefined;
  const once = () => (pending ??= read().finally(() => setImmediate(() => (pending = undefined))));
  new Gauge({
    name: METRICS.outboxPending,
    help: 'Domain events recorded in an outbox and not yet published.',
    labelNames: ['outbox'],
    registers: [registry],
    async collect() {
      const backlogs = await once();
      this.reset();
      for (const r of backlogs) this.set({ outbox: r.outbox }, r.pending);
    },
  });
  new Gauge({
    name: METRICS.outboxOldestPending,
    help: 'Seconds since the oldest unpublished event of an outbox was recorded; 0 when none.',
    labelNames: ['outbox'],
    registers: [registry],
    async collect() {
      const backlogs = await once();
      this.reset();
      for (const r of backlogs) this.set({ outbox: r.outbox }, r.oldestAgeSeconds);
    },
  });
  return {
    watch: (outbox: string, backlog: () => Promise<OutboxBacklog>) => {
      watched.set(outbox, backlog);
    },
  };
}
