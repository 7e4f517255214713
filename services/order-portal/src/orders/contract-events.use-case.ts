import type { Actor } from '@rammeaftale/auth';
import { partyScope } from '@rammeaftale/db';
import type { OrderEvent } from '@rammeaftale/domain';
import { UnrecoverableError, type DomainEvent } from '@rammeaftale/queues';
import type { OrderDeps } from './order-deps';
import type { Order } from './order.repository';
import { transitionUpdate } from './order-transition';

/** Who moved the order when the contracts service reported its contract (the history shows it). */
export const CONTRACTS_SERVICE: Actor = {
  userId: 'standard-contract',
  role: 'service',
  organisationId: 'standard-contract',
  name: 'Kontraktservicen',
};

type ContractEvent = DomainEvent<'contract.signed' | 'contract.terminated' | 'contract.cancelled'>;
type Deps = Pick<OrderDeps, 'orders' | 'logger' | 'now'>;

/** What an event does to the order: the lifecycle step (if the order is where it applies), the fields. */
interface Effect {
  event?: OrderEvent;
  set: Record<string, unknown>;
  unset?: Record<string, ''>;
}

const str = (v: string | number | undefined) => (v === undefined ? undefined : String(v));

function effectOf(order: Order, e: ContractEvent, at: Date): Effect {
  const contractId = e.aggregateId;
  // A new contract of the order (drafted after one withdrawn or rejected) starts its own record.
  const contract =
    order.contract?.contractId === contractId ? { ...order.contract, contractId } : { contractId };
  if (e.type === 'contract.signed')
    return {
      event: order.status === 'selected' ? 'contract_signed' : undefined,
      set: { contract: { ...contract, signedAt: at } },
    };
  if (e.type === 'contract.terminated') {
    const effectiveDate = str(e.refs.effectiveDate);
    const p = order.placement;
    const running = p && !p.endedOn && effectiveDate;
    const why = e.refs.kind === 'immediate' ? 'Kontrakten er ophævet' : 'Kontrakten er opsagt';
    return {
      event: ['contracted', 'active'].includes(order.status) ? 'contract_terminated' : undefined,
      set: {
        contract: { ...contract, terminatedAt: at, ...(effectiveDate ? { effectiveDate } : {}) },
        ...(running ? { placement: { ...p, endedOn: effectiveDate, endReason: why } } : {}),
      },
    };
  }
  // Withdrawn by the buyer or rejected by the supplier before it came into force: the order is
  // looking for a place again, its choice undone (the answers stay for the record).
  const reopen = order.status === 'selected';
  return {
    event: reopen ? 'reopen_search' : undefined,
    set: {
      contract: { ...contract, cancelledAt: at, cancelledAs: str(e.refs.kind) },
      ...(reopen
        ? {
            requests: order.requests.map((r) =>
              r.status === 'selected' ? { ...r, status: 'closed' as const } : r,
            ),
          }
        : {}),
    },
    unset: reopen ? { selection: '' } : undefined,
  };
}

/**
 * The contracts service reports what became of an order's contract (signed, terminated,
 * withdrawn or rejected); the order follows. Each event is applied once: its id is kept on the
 * order in the same guarded write, so an event delivered twice (at-least-once) changes nothing
 * the second time. An event about an order in another state than it expects is recorded without a
 * step (the case worker may have recorded it already). Answers whether the order changed.
 */
export async function applyContractEvent(deps: Deps, e: ContractEvent): Promise<boolean> {
  const orderId = str(e.refs.orderId);
  const municipality = str(e.refs.municipalityId);
  if (!orderId || !municipality)
    throw new UnrecoverableError(`${e.type} ${e.eventId} names no order`);
  // The order is the acting municipality's: the event names it, and the write stays in its tenant.
  const scope = partyScope('acting', municipality);
  for (let attempt = 0; attempt < 5; attempt++) {
    const order = await deps.orders.get(scope, orderId);
    // Never right later: the failed set is the dead letter an operator looks at.
    if (!order)
      throw new UnrecoverableError(
        `${e.type} ${e.eventId}: no order ${orderId} in ${municipality}`,
      );
    if ((order.appliedEventIds ?? []).includes(e.eventId)) {
      deps.logger.info({ eventId: e.eventId, orderId }, 'contract event already applied');
      return false;
    }
    const at = deps.now();
    const effect = effectOf(order, e, at);
    const move = effect.event
      ? transitionUpdate(order, effect.event, CONTRACTS_SERVICE, undefined, at)
      : undefined;
    const updated = await deps.orders.updateActing(scope, order.id, order.revision, {
      $set: { ...move?.set, ...effect.set },
      ...(effect.unset ? { $unset: effect.unset } : {}),
      $push: {
        appliedEventIds: e.eventId,
        ...(move ? { transitions: move.push.transitions } : {}),
      },
    });
    if (updated) {
      deps.logger.info(
        { eventId: e.eventId, type: e.type, orderId, from: order.status, to: updated.status },
        'contract event applied to the order',
      );
      return true;
    }
  }
  throw new Error(`${e.type} ${e.eventId}: order ${orderId} kept changing`);
}
