import { withCorrelation, type Logger } from '@rammeaftale/logging';
import { PersonalDataInPayloadError, type Producer, type QUEUES } from '@rammeaftale/queues';
import type { DeliveryRepository } from './delivery.repository';
import { workerScope } from './letter.access';

/**
 * The outbox's safety net: letters accepted but not finished whose job is gone from Redis
 * (Redis flushed or down when they were accepted) are enqueued again. Jobs that still exist are
 * left alone; the job id is the delivery id, so a race adds nothing twice. A letter is enqueued
 * again under the correlation id it was accepted with, so its send logs under the request's id.
 */
export async function reconcileOutbox(
  deps: {
    deliveries: DeliveryRepository;
    producer: Producer<typeof QUEUES.letters>;
    logger: Logger;
  },
  opts: { olderThanMs: number; batch?: number },
): Promise<number> {
  const letters = await deps.deliveries.unfinishedSince(
    workerScope(),
    new Date(Date.now() - opts.olderThanMs),
    opts.batch ?? 500,
  );
  let requeued = 0;
  for (const { id, correlationId } of letters) {
    const underItsId = <T>(fn: () => T): T =>
      correlationId ? withCorrelation(correlationId, fn) : fn();
    const job = await deps.producer.getJob(id);
    if (job) {
      const state = await job.getState();
      if (state !== 'completed' && state !== 'failed') continue;
      // The job ended but the delivery did not: a crash between send and bookkeeping. Run it again;
      // the processor's status check keeps it from sending twice if it was sent.
      await job.remove();
    }
    try {
      await underItsId(() => deps.producer.add('send-letter', { deliveryId: id }, { jobId: id }));
    } catch (err) {
      if (!(err instanceof PersonalDataInPayloadError)) throw err;
      // A key accepted before keys were checked for CPR shapes: it can never be a job, so it is
      // failed with the reason for the operator, and the pass goes on with the other letters.
      await deps.deliveries.markFailed(workerScope(), id, {
        reason: 'refused: a CPR-shaped value in key',
      });
      underItsId(() =>
        deps.logger.error({ deliveryId: id }, 'letter refused: a CPR-shaped value in its key'),
      );
      continue;
    }
    requeued++;
  }
  if (requeued > 0)
    deps.logger.warn({ requeued }, 'reconciler re-enqueued letters missing from Redis');
  return requeued;
}
