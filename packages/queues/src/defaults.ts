import type { JobsOptions } from 'bullmq';

const DAY_S = 24 * 3600;

/**
 * How long Redis keeps finished jobs. Completed jobs are bounded by age and count (Redis memory
 * stays bounded under a campaign of tens of thousands of letters); failed jobs are the place an
 * operator looks, so they stay two weeks — longer than the 4–5 days a letter may be retried
 * (RFC 5321) plus a week — and are then removed. The domain records (deliveries, outboxes) keep
 * the lasting state; a job is only a copy.
 */
export const JOB_RETENTION = {
  completed: { age: 2 * DAY_S, count: 10_000 },
  failed: { age: 14 * DAY_S },
} as const;

/**
 * Production defaults, applied to every job of every queue by `createProducer` (the one place
 * jobs are added). Attempts with backoff `jittered` (see backoff.ts) spread retries of a whole
 * batch so they do not hit a recovering server at the same moment; a queue with its own retry
 * schedule (the letters' RFC 5321 horizon) overrides `attempts`.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 12,
  backoff: { type: 'jittered', delay: 5_000 },
  removeOnComplete: { ...JOB_RETENTION.completed },
  removeOnFail: { ...JOB_RETENTION.failed },
};
