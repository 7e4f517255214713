import type { Logger } from '@rammeaftale/logging';
import type { Producer, QUEUES } from '@rammeaftale/queues';
import type { DeliveryRepository } from './delivery.repository';
import { workerScope } from './letter.access';

/**
 * The outbox's safety net: letters accepted but not finished whose job is gone from Redis
 * (Redis flushed or down when they were accepted) are enqueued again. Jobs that still exist are
 * left alone; the job id is the delivery id, so a race adds nothing twice.
 */
export async function reconcileOutbox(
  deps: {
    deliveries: DeliveryRepository;
    producer: Producer<typeof QUEUES.letters>;
    logger: Logger;
  },
  opts: { olderThanMs: number; batch?: number },
): Promise<number> {
  const ids = await deps.deliveries.unfinishedSince(
    workerScope(),
    new Date(Date.now() - opts.olderThanMs),
    opts.batch ?? 500,
  );
  let requeued = 0;
  for (const id of ids) {
    const job = await deps.producer.getJob(id);
    if (job) {
      const state = await job.getState();
      if (state !== 'completed' && state !== 'failed') continue;
      // The job ended but the delivery did not: a crash between send and bookkeeping. Run it again;
      // the processor's status check keeps it from sending twice if it was sent.
      await job.remove();
    }
    await deps.producer.add('send-letter', { deliveryId: id }, { jobId: id });
    requeued++;
  }
  if (requeued > 0)
    deps.logger.warn({ requeued }, 'reconciler re-enqueued letters missing from Redis');
  return requeued;
}
