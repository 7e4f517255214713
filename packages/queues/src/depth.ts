import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export const QUEUE_STATES = ['waiting', 'active', 'failed', 'delayed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export interface QueueDepth {
  queue: string;
  jobs: Record<QueueState, number>;
  /** Seconds since the job next in line (the oldest waiting one) was added; 0 when none waits. */
  oldestWaitingSeconds: number;
}

/**
 * Reads the depths of the named queues for the metrics (on scrape), through read-only Queue
 * objects on the given connection; `close` closes them, not the connection.
 */
export function queueDepthReader(names: readonly string[], redis: Redis, prefix?: string) {
  const queues = names.map((name) => new Queue(name, { connection: redis, prefix }));
  return {
    read: (): Promise<QueueDepth[]> =>
      Promise.all(
        queues.map(async (q) => {
          const [counts, [next]] = await Promise.all([
            q.getJobCounts(...QUEUE_STATES),
            q.getWaiting(0, 0), // ascending: the oldest, the one a worker takes next
          ]);
          const jobs = Object.fromEntries(QUEUE_STATES.map((s) => [s, counts[s] ?? 0]));
          return {
            queue: q.name,
            jobs: jobs as Record<QueueState, number>,
            oldestWaitingSeconds: next ? Math.max(0, (Date.now() - next.timestamp) / 1000) : 0,
          };
        }),
      ),
    close: async () => {
      await Promise.all(queues.map((q) => q.close()));
    },
  };
}
