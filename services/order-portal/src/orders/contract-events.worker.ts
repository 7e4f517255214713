import { QUEUES, createWorker, eventDispatcher } from '@rammeaftale/queues';
import type { Runtime } from '@rammeaftale/runtime';
import { applyContractEvent } from './contract-events.use-case';
import type { OrderDeps } from './order-deps';

/**
 * The consumer of the portal's inbox (`QUEUES.portalEvents`): what became of the orders'
 * contracts. It refuses to start when an event routed here has no handler (EVENTS in
 * packages/queues). An event that keeps failing ends in the failed set, logged by its ids.
 */
export function startContractEventsConsumer(
  runtime: Runtime,
  deps: Pick<OrderDeps, 'orders' | 'logger' | 'now'>,
  prefix?: string,
): ReturnType<typeof createWorker> {
  const apply = (e: Parameters<typeof applyContractEvent>[1]) => applyContractEvent(deps, e);
  return createWorker({
    queueName: QUEUES.portalEvents,
    connection: runtime.workerConnection(),
    logger: runtime.logger,
    prefix,
    concurrency: 2,
    processor: eventDispatcher('order-portal', {
      'contract.signed': apply,
      'contract.terminated': apply,
      'contract.cancelled': apply,
    }),
    onFinalFailure: (event, job, err) => {
      runtime.logger.error(
        {
          jobId: job.id,
          eventId: event?.eventId,
          contractId: event?.aggregateId,
          reason: err.message,
        },
        'contract event could not be applied to its order',
      );
      return Promise.resolve();
    },
  });
}
