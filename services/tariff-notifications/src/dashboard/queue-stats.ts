import type { Queue } from 'bullmq';
import { authenticate, requireRole, type TokenVerifier } from '@rammeaftale/auth';
import { z, type Api } from '@rammeaftale/http';

export const QueueStatsView = z
  .object({
    name: z.string(),
    waiting: z.number().describe('Jobs waiting for a worker.'),
    active: z.number(),
    delayed: z.number().describe('Jobs waiting for their next attempt (backoff).'),
    failed: z.number().describe('Jobs whose retries ran out (the delivery record says why).'),
    completed: z.number(),
    paused: z.boolean(),
    oldestWaitingSince: z
      .date()
      .optional()
      .describe('When the job that has waited longest was added; absent when none waits.'),
  })
  .openapi('QueueStats');
export type QueueStats = z.infer<typeof QueueStatsView>;

/** The oldest job still waiting for a worker (BullMQ pushes new jobs to the head of the list). */
async function oldestWaiting(queue: Queue): Promise<Date | undefined> {
  const [job] = await queue.getJobs(['wait', 'prioritized'], 0, 0, true);
  return job ? new Date(job.timestamp) : undefined;
}

/** Depth and age of each queue: counts only, never a job's data. */
export async function queueStats(queues: readonly Queue[]): Promise<QueueStats[]> {
  return Promise.all(
    queues.map(async (q) => {
      const [counts, paused, oldest] = await Promise.all([
        q.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'),
        q.isPaused(),
        oldestWaiting(q),
      ]);
      return {
        name: q.name,
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        completed: counts.completed ?? 0,
        paused,
        ...(oldest ? { oldestWaitingSince: oldest } : {}),
      };
    }),
  );
}

/** `GET /queues` for the operator's page in the portal (the board shows the same, in English). */
export function registerQueueRoutes(
  api: Api,
  deps: { verifier: TokenVerifier; queues: readonly Queue[] },
): void {
  api.route({
    method: 'get',
    path: '/queues',
    summary: 'Depth of each queue and how long its oldest waiting job has waited',
    tags: ['operator'],
    security: 'bearer',
    before: [authenticate(deps.verifier), requireRole('operator')],
    response: z.array(QueueStatsView),
    handler: () => queueStats(deps.queues),
  });
}
