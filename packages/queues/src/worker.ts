import { SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { withCorrelation, type Logger } from '@rammeaftale/logging';
import { jitteredBackoff } from './backoff';
import { splitCorrelation } from './correlation';
import { jobSchemas, type JobPayload } from './jobs';
import type { QueueName } from './names';

export { UnrecoverableError };

const tracer = trace.getTracer('@rammeaftale/queues');

/**
 * Runs a job's processing in a span of its own, a child of the trace context the job was added
 * in (a consumer span, as OpenTelemetry's messaging conventions have it). With tracing off the
 * API's no-op tracer makes a span that records nothing.
 */
async function inJobSpan<T>(
  queue: string,
  job: Job,
  parent: Context,
  fn: () => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(
    `process ${queue}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'bullmq',
        'messaging.operation.type': 'process',
        'messaging.destination.name': queue,
        'messaging.message.id': job.id ?? '',
        'bullmq.job.name': job.name,
        'bullmq.job.attempt': job.attemptsMade + 1,
      },
    },
    parent,
    async (span) => {
      try {
        return await fn();
      } catch (err) {
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

export interface WorkerOptions<Q extends QueueName> {
  queueName: Q;
  connection: Redis;
  logger: Logger;
  concurrency?: number;
  prefix?: string;
  /** Lock duration; SMTP socket timeouts must stay below it so a stuck send cannot outlive its lock. */
  lockDurationMs?: number;
  /** How often to look for jobs whose worker died (their lock expired); default 30 s. */
  stalledIntervalMs?: number;
  /** Base delay of the jittered backoff; tests make it small. */
  backoffBaseMs?: number;
  /**
   * The queue's own retry schedule: the delay before the next attempt after `attemptsMade`
   * failed ones (e.g. the letters' RFC 5321 schedule). Default: the jittered backoff.
   */
  retryDelayMs?: (attemptsMade: number) => number;
  processor: (data: JobPayload<Q>, job: Job) => Promise<unknown>;
  /** Runs once when a job will not be tried again: turn it into a domain-level dead letter. */
  onFinalFailure?: (data: JobPayload<Q> | undefined, job: Job, err: Error) => Promise<void>;
  /** Start consuming at once (default) or later with `worker.run()`. */
  autorun?: boolean;
}

function isFinal(job: Job, err: Error): boolean {
  return (
    err instanceof UnrecoverableError ||
    err.name === 'UnrecoverableError' ||
    job.attemptsMade >= (job.opts.attempts ?? 1)
  );
}

/**
 * A BullMQ worker with the suite's defaults: payload validated against the queue's schema
 * (a malformed payload can never succeed → UnrecoverableError), a correlation id per job,
 * errors wired to the logger and a final-failure hook.
 */
export function createWorker<Q extends QueueName>(opts: WorkerOptions<Q>): Worker {
  const schema = jobSchemas[opts.queueName];
  const base = opts.backoffBaseMs;
  const worker = new Worker(
    opts.queueName,
    async (job) => {
      const { payload, correlationId, traceContext } = splitCorrelation(job.data);
      // Under the id of the request that added the job (its own id when none came along); the
      // job's id and queue are fields of every line of it, and with tracing on its trace too.
      return inJobSpan(opts.queueName, job, traceContext, () => {
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          throw new UnrecoverableError(
            `invalid payload: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
          );
        }
        return withCorrelation(
          correlationId ?? `job:${opts.queueName}:${job.id}`,
          () => opts.processor(parsed.data as JobPayload<Q>, job),
          { queue: opts.queueName, jobId: job.id },
        );
      });
    },
    {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency ?? 5,
      lockDuration: opts.lockDurationMs ?? 60_000,
      stalledInterval: opts.stalledIntervalMs ?? 30_000,
      autorun: opts.autorun ?? true,
      settings: {
        backoffStrategy: (attemptsMade, _type, _err, job) =>
          opts.retryDelayMs?.(attemptsMade) ??
          jitteredBackoff(
            attemptsMade,
            base ?? Number((job?.opts.backoff as { delay?: number } | undefined)?.delay ?? 5000),
          ),
      },
    },
  );
  worker.on('error', (err) => opts.logger.error({ err, queue: opts.queueName }, 'worker error'));
  const onFailed = (job: Job, err: Error, payload: unknown) => {
    const final = isFinal(job, err);
    const log = {
      queue: opts.queueName,
      jobId: job.id,
      attemptsMade: job.attemptsMade,
      reason: err.message,
      final,
    };
    if (!final) {
      opts.logger.warn(log, 'job failed, will retry');
      return;
    }
    opts.logger.error(log, 'job failed permanently');
    if (opts.onFinalFailure) {
      const parsed = schema.safeParse(payload);
      opts
        .onFinalFailure(parsed.success ? (parsed.data as JobPayload<Q>) : undefined, job, err)
        .catch((hookErr: unknown) =>
          opts.logger.error({ err: hookErr, jobId: job.id }, 'final-failure hook failed'),
        );
    }
  };
  worker.on('failed', (job, err) => {
    if (!job) return;
    // Under the job's correlation id like its processing, so the line of its last failure (and
    // what the final-failure hook logs) is found by the id of the request that added it.
    const { payload, correlationId } = splitCorrelation(job.data);
    withCorrelation(
      correlationId ?? `job:${opts.queueName}:${job.id}`,
      () => onFailed(job, err, payload),
      { queue: opts.queueName, jobId: job.id },
    );
  });
  return worker;
}
