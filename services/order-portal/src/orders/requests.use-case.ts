import type { Actor } from '@rammeaftale/auth';
import { ConflictError, InvalidInputError } from '@rammeaftale/domain';
import { noticeAnswerReceived, noticeRequestsSent } from '../notices-to-people/notices.use-case';
import { actorScope, SHARED_REGISTRY } from '../tenancy';
import { newId } from './ids';
import { decodeCursor, encodeCursor } from './list-cursor';
import type { RequestListFilter } from './order-lists';
import { transitionUpdate } from './order-transition';
import type { OrderDeps } from './order-deps';
import { concurrentChange, orderNotFound } from './order.errors';
import type { PlacementRequestDoc } from './order.model';
import { supplierRequestView } from './order.views';
import { runSearch } from './search-placements.use-case';

/**
 * Sends requests to a shortlist, or to all eligible offers of a fresh search, with a response
 * deadline (default from configuration, 24 hours). Only offers the search found suitable and free
 * can be asked; an offer already asked is not asked twice.
 */
export async function sendRequests(
  deps: OrderDeps,
  actor: Actor,
  orderId: string,
  body: { offerIds?: string[]; all?: true; deadlineHours?: number },
) {
  const acting = actorScope(actor, 'acting');
  const order = await deps.orders.get(acting, orderId);
  if (!order) throw orderNotFound();
  const search = await runSearch(deps, order);
  const eligible = new Map(
    search.results.filter((r) => r.freePlaces > 0).map((r) => [r.offerId, r]),
  );
  const wanted = body.all ? [...eligible.keys()] : body.offerIds!;
  const problems = wanted
    .map((id, i) =>
      eligible.has(id)
        ? null
        : {
            field: `offerIds.${i}`,
            message: 'not a suitable offer with a free place for this order',
          },
    )
    .filter((p) => p !== null);
  if (problems.length) throw new InvalidInputError(problems);
  const already = new Set(
    order.requests
      .filter((r) => r.status !== 'expired' && r.status !== 'closed')
      .map((r) => r.offerId),
  );
  const sentAt = deps.now();
  const deadline = new Date(
    sentAt.getTime() + (body.deadlineHours ?? deps.settings.requestDeadlineHours) * 3600_000,
  );
  const fresh: PlacementRequestDoc[] = wanted
    .filter((id) => !already.has(id))
    .map((id) => {
      const r = eligible.get(id)!;
      const name = search.offers[id]!.name;
      return {
        requestId: newId('req'),
        offerId: id,
        offerName: name,
        supplierOrganisationId: '',
        tier: r.tier,
        sentAt,
        deadline,
        status: 'open' as const,
      };
    });
  if (fresh.length === 0) throw new ConflictError('Every chosen offer has already been asked');
  const candidates = await Promise.all(
    fresh.map((f) => deps.candidates.get(SHARED_REGISTRY, f.offerId)),
  );
  fresh.forEach((f, i) => (f.supplierOrganisationId = candidates[i]!.supplierOrganisationId));
  const move = transitionUpdate(order, 'send_requests', actor, undefined, sentAt);
  const updated = await deps.orders.updateActing(acting, order.id, order.revision, {
    $set: move.set,
    $push: { transitions: move.push.transitions, requests: { $each: fresh } },
  });
  if (!updated) throw concurrentChange();
  await noticeRequestsSent(deps, order.id, fresh);
  await deps.accessLog(actor, {
    action: 'update',
    purpose: 'Forespørgsel til leverandører',
    citizenRef: order.citizen.reference,
    resource: { type: 'order', id: order.id },
  });
  return {
    sent: fresh.map((f) => ({
      requestId: f.requestId,
      offerId: f.offerId,
      tier: f.tier,
      deadline: f.deadline,
    })),
  };
}

/** A supplier's own requests, as anonymised profiles. */
/**
 * The supplier's requests as anonymised profiles, searched by offer name, filtered by status,
 * newest first, a page at a time. Each order read for the list is in the access log.
 */
export async function listSupplierRequests(
  deps: OrderDeps,
  actor: Actor,
  ask: RequestListFilter & { limit: number; cursor?: string },
) {
  const { limit, cursor, ...filter } = ask;
  const slice = await deps.orders.lists.supplierRequests(actorScope(actor, 'supplier'), filter, {
    limit,
    after: cursor ? decodeCursor(cursor) : undefined,
  });
  for (const row of slice.items) {
    await deps.accessLog(actor, {
      action: 'read',
      purpose: 'Leverandørens liste over forespørgsler',
      citizenRef: row.citizen.reference,
      resource: { type: 'order-requests', id: row._id },
    });
  }
  return {
    items: slice.items.map((row) => supplierRequestView(row, row.request)),
    count: slice.count,
    ...(slice.last ? { nextCursor: encodeCursor(slice.last) } : {}),
  };
}

export async function getSupplierRequest(deps: OrderDeps, actor: Actor, requestId: string) {
  const order = await deps.orders.getByRequest(actorScope(actor, 'supplier'), requestId);
  const request = order?.requests.find(
    (r) => r.requestId === requestId && r.supplierOrganisationId === actor.organisationId,
  );
  if (!order || !request) throw orderNotFound();
  await deps.accessLog(actor, {
    action: 'read',
    purpose: 'Leverandør læser anonymiseret forespørgsel',
    citizenRef: order.citizen.reference,
    resource: { type: 'order-request', id: `${order.id}/${requestId}` },
  });
  return supplierRequestView(order, request);
}

/** The supplier answers its request with an offer (price, start, conditions) or a decline. */
export async function answerRequest(
  deps: OrderDeps,
  actor: Actor,
  requestId: string,
  body:
    | { kind: 'offer'; dailyPriceOre: number; possibleStart: string; conditions?: string }
    | { kind: 'decline'; reason: string },
) {
  const supplier = actorScope(actor, 'supplier');
  const order = await deps.orders.getByRequest(supplier, requestId);
  const index =
    order?.requests.findIndex(
      (r) => r.requestId === requestId && r.supplierOrganisationId === actor.organisationId,
    ) ?? -1;
  if (!order || index < 0) throw orderNotFound();
  const request = order.requests[index]!;
  if (request.status !== 'open')
    throw new ConflictError(`The request is ${request.status} and can no longer be answered`);
  if (request.deadline < deps.now())
    throw new ConflictError('The deadline of the request has passed');
  const answer =
    body.kind === 'offer'
      ? {
          kind: 'offer' as const,
          dailyPriceOre: body.dailyPriceOre,
          possibleStart: body.possibleStart,
          conditions: body.conditions,
          answeredAt: deps.now(),
          answeredBy: {
            userId: actor.userId,
            role: actor.role,
            organisationId: actor.organisationId,
          },
        }
      : {
          kind: 'decline' as const,
          declineReason: body.reason,
          answeredAt: deps.now(),
          answeredBy: {
            userId: actor.userId,
            role: actor.role,
            organisationId: actor.organisationId,
          },
        };
  const requests = order.requests.map((r, i) =>
    i === index
      ? {
          ...r,
          status: body.kind === 'offer' ? ('offered' as const) : ('declined' as const),
          answer,
        }
      : r,
  );
  const move =
    body.kind === 'offer' && (order.status === 'requested' || order.status === 'offers_received')
      ? transitionUpdate(order, 'receive_offer', actor, undefined, deps.now())
      : undefined;
  const updated = await deps.orders.updateForSupplier(
    supplier,
    { id: order.id, requestId, revision: order.revision },
    {
      $set: { requests, ...(move?.set ?? {}) },
      ...(move ? { $push: move.push } : {}),
    },
  );
  if (!updated) throw concurrentChange();
  await noticeAnswerReceived(deps, order, requestId);
  return supplierRequestView(updated, updated.requests[index]!);
}
