import type { Actor } from '@rammeaftale/auth';
import { actorScope } from '../tenancy';
import type { OrderDeps } from './order-deps';
import { orderNotFound } from './order.errors';
import { markJointOfferInterest, showSharedOfferCandidates } from './shared-offer.use-case';

/**
 * Everything the shared-offer page of one's own order shows: the other municipalities' open
 * orders in the target group, their interest in this one, the check made, and whether a
 * single-person offer was decided.
 */
export async function sharedOfferOverview(deps: OrderDeps, actor: Actor, orderId: string) {
  const candidates = await showSharedOfferCandidates(deps, actor, orderId);
  const order = await deps.orders.get(actorScope(actor, 'acting'), orderId);
  if (!order) throw orderNotFound();
  return { ...candidates, singlePersonOffer: order.singlePersonOffer ?? null };
}

/**
 * Interest in another municipality's open order (cross-municipality by design), marked from the
 * sharing page of one's own order: under an order the case worker's municipality does not act
 * for, it is not found.
 */
export async function markInterestFromOwnOrder(
  deps: OrderDeps,
  actor: Actor,
  ownOrderId: string,
  otherOrderId: string,
) {
  const own = await deps.orders.get(actorScope(actor, 'acting'), ownOrderId);
  if (!own) throw orderNotFound();
  return markJointOfferInterest(deps, actor, otherOrderId);
}
