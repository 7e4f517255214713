import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '@rammeaftale/logging';
import { assertNoPersonalData, jobSchemas, type JobPayload } from './jobs';
import type { QueueName } from './names';
import { DEFAULT_JOB_OPTIONS } from './defaults';

/** Redis did not take the job in time: the caller answers 503 or leaves it in the outbox. */
export class QueueUnavailableError extends Error {
  constructor(queue: string, cause?: unknown) {
    super(`queue ${queue} is unavailable`, { cause });
    this.name = 'QueueUnavailableError';
  }
}

export interface Producer<Q extends QueueName> {
  readonly queue: Queue;
  /** Validates, refuses personal data, and adds with a timeout. `jobId` must come from the business key. */
  add: (name: string, payload: JobPayload<Q>, opts: { jobId: string } & JobsOptions) => Promise<void>;
  close: () => Promise<void>;
}

export function createProducer<Q extends QueueName>(
  queueName: Q,
  connection: Redis,
  opts: { logger: Logger; addTimeoutMs?: number; prefix?: string },
): Producer<Q> {
  const queue = new Queue(queueName, { connection, prefix: opts.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  queue.on('error', (err) => opts.logger.error({ err, queue: queueName }, 'queue error'));
  const addTimeoutMs = opts.addTimeoutMs ?? 2000;
  return {
    queue,
    async add(name, payload, jobOpts) {
      const data = jobSchemas[queueName].parse(payload);
      assertNoPersonalData(data);
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          queue.add(name, data, jobOpts),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`add timed out after ${addTimeoutMs} ms`)), addTimeoutMs);
          }),
        ]);
      } catch (err) {
        throw new QueueUnavailableError(queueName, err);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => queue.close(),
  };
}
