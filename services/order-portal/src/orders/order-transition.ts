import { nextOrderState, type OrderEvent } from '@rammeaftale/domain';
import type { Actor } from '@rammeaftale/auth';
import type { ActorRef } from './order.model';
import type { Order } from './order.repository';

export const actorRef = (a: Actor): ActorRef => ({
  userId: a.userId,
  role: a.role,
  organisationId: a.organisationId,
  ...(a.name ? { name: a.name } : {}),
});

/**
 * The update parts that move an order by `event`: the new status and the transition record
 * (who, when, why). Throws DomainValidationError('ILLEGAL_TRANSITION') for a move the lifecycle
 * does not allow.
 */
export function transitionUpdate(
  order: Pick<Order, 'status'>,
  event: OrderEvent,
  actor: Actor,
  reason?: string,
  at = new Date(),
) {
  const to = nextOrderState(order.status, event);
  return {
    set: { status: to },
    push: {
      transitions: {
        from: order.status,
        to,
        event,
        at,
        by: actorRef(actor),
        ...(reason ? { reason } : {}),
      },
    },
  };
}
