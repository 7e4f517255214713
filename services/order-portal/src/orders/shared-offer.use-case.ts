import type { Actor } from '@rammeaftale/auth';
import {
  ConflictError,
  DomainValidationError,
  isSharedWithOtherMunicipalities,
} from '@rammeaftale/domain';
import { crossTenant } from '@rammeaftale/db';
import { actorScope } from '../tenancy';
import { municipalityOf } from './create-order.use-case';
import { actorRef } from './order-transition';
import type { OrderDeps } from './order-deps';
import { concurrentChange, orderNotFound } from './order.errors';

async function actingOrder(deps: OrderDeps, actor: Actor, orderId: string) {
  const order = await deps.orders.get(actorScope(actor, 'acting'), orderId);
  if (!order) throw orderNotFound();
  return order;
}

/** Joint offers are found across municipalities by design: that is what the check is for. */
const SHARING = crossTenant(
  "shared-offer check: other municipalities' open orders of the same target group (fælles tilbud)",
);

/**
 * The shared-offer check (fælles tilbud): before a single-person offer, the case worker sees the
 * other municipalities' open orders for the same target group, so they can join a joint offer.
 */
export async function showSharedOfferCandidates(deps: OrderDeps, actor: Actor, orderId: string) {
  const order = await actingOrder(deps, actor, orderId);
  const open = await deps.orders.openForSharing(
    SHARING,
    order.need.targetGroup,
    actor.organisationId,
  );
  return {
    targetGroup: order.need.targetGroup,
    openOrders: open,
    interests: order.interests,
    check: order.sharedOfferCheck ?? null,
  };
}

/** Records that the check was made, with the orders that were shown and the outcome. */
export async function recordSharedOfferCheck(
  deps: OrderDeps,
  actor: Actor,
  orderId: string,
  body: { outcome: string; note?: string },
) {
  const order = await actingOrder(deps, actor, orderId);
  const open = await deps.orders.openForSharing(
    SHARING,
    order.need.targetGroup,
    actor.organisationId,
  );
  const check = {
    at: deps.now(),
    by: actorRef(actor),
    openOrdersShown: open.map((o) => o.orderId),
    outcome: body.outcome,
    note: body.note,
  };
  const updated = await deps.orders.updateActing(
    actorScope(actor, 'acting'),
    order.id,
    order.revision,
    { $set: { sharedOfferCheck: check } },
  );
  if (!updated) throw concurrentChange();
  return check;
}

/** Another municipality marks interest in a joint offer with this order. */
export async function markJointOfferInterest(
  deps: OrderDeps,
  actor: Actor,
  orderId: string,
  note?: string,
) {
  const code = municipalityOf(actor);
  const open = await deps.orders.openForSharingById(SHARING, orderId);
  // Not shared (a draft, or closed), its own, or no such order: the same 404, revealing nothing.
  if (
    !open ||
    open.actingOrganisationId === actor.organisationId ||
    !isSharedWithOtherMunicipalities(open.status)
  )
    throw orderNotFound();
  if (open.interestedOrganisationIds.includes(actor.organisationId))
    throw new ConflictError('Your municipality has already marked interest in this order');
  const updated = await deps.orders.addInterest(SHARING, orderId, open.revision, {
    organisationId: actor.organisationId,
    municipalityCode: code,
    at: deps.now(),
    by: actorRef(actor),
    note,
  });
  if (!updated) throw concurrentChange();
  return { orderId, interests: updated.interests.length };
}

/** A single-person offer (enkeltmandstilbud) may only be created after the shared-offer check. */
export async function decideSinglePersonOffer(deps: OrderDeps, actor: Actor, orderId: string) {
  const order = await actingOrder(deps, actor, orderId);
  if (!order.sharedOfferCheck) {
    throw new DomainValidationError(
      'SHARED_OFFER_CHECK_REQUIRED',
      'check other municipalities\u2019 open orders for a joint offer before creating a single-person offer',
    );
  }
  const decision = { at: deps.now(), by: actorRef(actor) };
  const updated = await deps.orders.updateActing(
    actorScope(actor, 'acting'),
    order.id,
    order.revision,
    { $set: { singlePersonOffer: decision } },
  );
  if (!updated) throw concurrentChange();
  return { ...decision, sharedOfferCheck: order.sharedOfferCheck };
}
