import type { Actor } from '@rammeaftale/auth';
import { ConflictError, assertPrivateChoiceReason, type OrderEvent } from '@rammeaftale/domain';
import { pushEvent } from '@rammeaftale/outbox';
import { actorScope } from '../tenancy';
import { actorRef, transitionUpdate } from './order-transition';
import type { OrderDeps } from './order-deps';
import { concurrentChange, orderNotFound } from './order.errors';
import { caseworkerView } from './order.views';
import { runSearch } from './search-placements.use-case';

/**
 * The case worker selects one answer. Public before private is enforced here: choosing a private
 * offer while a suitable public offer has a free place (by a search made now) needs a reason code
 * and text, and both the fact and the reason are kept for the reports. The other requests are
 * closed, and the "offer selected" event goes out through the order's outbox (same write).
 */
export async function selectOffer(
  deps: OrderDeps,
  actor: Actor,
  orderId: string,
  body: { requestId: string; privateReason?: { code: string; text: string } },
) {
  const acting = actorScope(actor, 'acting');
  const order = await deps.orders.get(acting, orderId);
  if (!order) throw orderNotFound();
  const chosen = order.requests.find((r) => r.requestId === body.requestId);
  if (!chosen) throw new ConflictError('No such request on this order');
  if (chosen.status !== 'offered' || chosen.answer?.kind !== 'offer')
    throw new ConflictError('Only an answer with an offer can be selected');

  const search = await runSearch(deps, order);
  assertPrivateChoiceReason(chosen.tier, search, body.privateReason);

  const at = deps.now();
  const move = transitionUpdate(
    order,
    'select_offer',
    actor,
    body.privateReason ? `${body.privateReason.code}: ${body.privateReason.text}` : undefined,
    at,
  );
  const requests = order.requests.map((r) =>
    r.requestId === chosen.requestId
      ? { ...r, status: 'selected' as const }
      : r.status === 'open' || r.status === 'offered'
        ? { ...r, status: 'closed' as const }
        : r,
  );
  const selection = {
    requestId: chosen.requestId,
    offerId: chosen.offerId,
    supplierOrganisationId: chosen.supplierOrganisationId,
    tier: chosen.tier,
    dailyPriceOre: chosen.answer.dailyPriceOre!,
    at,
    by: actorRef(actor),
    publicCapacityAvailable: search.publicCapacityAvailable,
    ...(chosen.tier === 'private' && search.publicCapacityAvailable
      ? { privateReason: body.privateReason }
      : {}),
  };
  const event = pushEvent('order.offer-selected', {
    offerId: chosen.offerId,
    requestId: chosen.requestId,
  });
  const updated = await deps.orders.updateActing(acting, order.id, order.revision, {
    $set: { ...move.set, requests, selection },
    $push: { transitions: move.push.transitions, pendingEvents: event.$push.pendingEvents },
  });
  if (!updated) throw concurrentChange();
  await deps.accessLog(actor, {
    action: 'update',
    purpose: 'Valg af tilbud',
    citizenRef: order.citizen.reference,
    resource: { type: 'order', id: order.id },
  });
  deps.onSelected?.();
  return caseworkerView(updated);
}

/** Cancel (any open state) or a later lifecycle step reported by the case worker. */
export async function moveOrder(
  deps: OrderDeps,
  actor: Actor,
  orderId: string,
  event: OrderEvent,
  reason?: string,
) {
  const acting = actorScope(actor, 'acting');
  const order = await deps.orders.get(acting, orderId);
  if (!order) throw orderNotFound();
  const move = transitionUpdate(order, event, actor, reason, deps.now());
  const closeRequests =
    event === 'cancel'
      ? {
          requests: order.requests.map((r) =>
            r.status === 'open' || r.status === 'offered' ? { ...r, status: 'closed' as const } : r,
          ),
        }
      : {};
  const updated = await deps.orders.updateActing(acting, order.id, order.revision, {
    $set: { ...move.set, ...closeRequests },
    $push: move.push,
  });
  if (!updated) throw concurrentChange();
  await deps.accessLog(actor, {
    action: 'update',
    purpose: `Bestilling: ${event}`,
    citizenRef: order.citizen.reference,
    resource: { type: 'order', id: order.id },
  });
  return caseworkerView(updated);
}
