import { QUEUES, createWorker, eventDispatcher } from '@rammeaftale/queues';
import type { Runtime } from '@rammeaftale/runtime';
import { applyContractEvent } from './contract-events.use-case';
import { noticeFromEvent, type NoticeEvent } from '../notices-to-people/notices.use-case';
import type { OrderDeps } from './order-deps';

/**
 * The consumer of the portal's inbox (`QUEUES.portalEvents`): what became of the orders'
 * contracts, and the contract and tariff steps that wait for the portal's people (notices). It
 * refuses to start when an event routed here has no handler (EVENTS in packages/queues). An event
 * that keeps failing ends in the failed set, logged by its ids.
 */
export function startContractEventsConsumer(
  runtime: Runtime,
  deps: Pick<OrderDeps, 'orders' | 'logger' | 'now' | 'notices' | 'organisations' | 'mailer'>,
  prefix?: string,
): ReturnType<typeof createWorker> {
  const apply = (e: Parameters<typeof applyContractEvent>[1]) => applyContractEvent(deps, e);
  const tell = (e: NoticeEvent) => noticeFromEvent(deps, e);
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
      // Steps that wait for a person: told in "Beskeder" and by mail, once per natural key.
      'contract.sent-for-signature': tell,
      'contract.accepted-by-supplier': tell,
      'tariff-change.approval-requested': tell,
      'tariff-change.approval-deadline-near': tell,
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
