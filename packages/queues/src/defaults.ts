import type { JobsOptions } from 'bullmq';

/**
 * Production defaults. Failed jobs are kept (the failed set is where an operator looks);
 * completed ones are trimmed. Attempts with backoff `jittered` (see backoff.ts) spread retries
 * of a whole batch so they do not hit a recovering SMTP server at the same moment.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 12,
  backoff: { type: 'jittered', delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
  removeOnFail: false,
};
