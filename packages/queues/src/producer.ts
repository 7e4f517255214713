import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '@rammeaftale/logging';
import { withCurrentCorrelation } from './correlation';
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

/**
 * Job id from a business key. BullMQ reserves ':' in custom ids, and business keys use it
 * ("contract-letter:c-1:v2"), so keys are encoded reversibly rather than mangled.
 */
export function jobIdFor(businessKey: string): string {
  return Buffer.from(businessKey, 'utf8').toString('base64url');
}

export interface Producer<Q extends QueueName> {
  readonly queue: Queue;
  /** Validates, refuses personal data, and adds with a timeout. `jobId` is the business key. */
  add: (
    name: string,
    payload: JobPayload<Q>,
    opts: { jobId: string } & Omit<JobsOptions, 'removeOnComplete' | 'removeOnFail'>,
  ) => Promise<void>;
  /** The job of a business key, if Redis still has it. */
  getJob: (businessKey: string) => ReturnType<Queue['getJob']>;
  close: () => Promise<void>;
}

export function createProducer<Q extends QueueName>(
  queueName: Q,
  connection: Redis,
  opts: {
    logger: Logger;
    addTimeoutMs?: number;
    prefix?: string;
    /** Over the suite's defaults for this queue (e.g. its own `attempts`); retention stays bounded. */
    jobOptions?: Pick<JobsOptions, 'attempts'>;
  },
): Producer<Q> {
  const queue = new Queue(queueName, {
    connection,
    prefix: opts.prefix,
    defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...opts.jobOptions },
  });
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
          // The id of the request or job adding it rides along, so the worker logs under it.
          queue.add(name, withCurrentCorrelation(data), {
            ...jobOpts,
            jobId: jobIdFor(jobOpts.jobId),
          }),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`add timed out after ${addTimeoutMs} ms`)),
              addTimeoutMs,
            );
          }),
        ]);
      } catch (err) {
        throw new QueueUnavailableError(queueName, err);
      } finally {
        clearTimeout(timer);
      }
    },
    getJob: (businessKey) => queue.getJob(jobIdFor(businessKey)),
    close: () => queue.close(),
  };
}
