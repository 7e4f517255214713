import type { Actor } from '@rammeaftale/auth';
import { actorScope } from '../tenancy';
import type { OrderDeps } from './order-deps';
import { orderNotFound } from './order.errors';
import { decodeCursor, encodeCursor, type ListPage } from './list-cursor';
import type { OrderListFilter } from './order-lists';
import { toOrder, type Order } from './order.repository';

/**
 * The municipality's orders (acting or paying), searched by the citizen's reference, filtered by
 * status and target group, newest first, a page at a time. The search is in the access log with
 * its criteria (the reference searched for is one: the log is where a citizen's extract looks).
 */
export async function listOrders(
  deps: Pick<OrderDeps, 'orders' | 'accessLog'>,
  actor: Actor,
  ask: OrderListFilter & { limit: number; cursor?: string },
): Promise<ListPage<Order>> {
  const { limit, cursor, ...filter } = ask;
  const slice = await deps.orders.lists.orders(actorScope(actor, 'municipality'), filter, {
    limit,
    after: cursor ? decodeCursor(cursor) : undefined,
  });
  await deps.accessLog(actor, {
    action: 'search',
    purpose: 'Oversigt over bestillinger',
    searchCriterion: [
      `status=${filter.status ?? 'alle'}`,
      `maalgruppe=${filter.targetGroup ?? 'alle'}`,
      ...(filter.q ? [`reference indeholder "${filter.q}"`] : []),
    ].join(', '),
    resource: { type: 'order-list', id: actor.organisationId },
  });
  return {
    items: slice.items.map(toOrder),
    count: slice.count,
    ...(slice.last ? { nextCursor: encodeCursor(slice.last) } : {}),
  };
}

/** One order the municipality acts for or pays for; the read is in the access log. */
export async function readOrder(
  deps: Pick<OrderDeps, 'orders' | 'accessLog'>,
  actor: Actor,
  orderId: string,
): Promise<Order> {
  const order = await deps.orders.get(actorScope(actor, 'municipality'), orderId);
  if (!order) throw orderNotFound();
  await deps.accessLog(actor, {
    action: 'read',
    purpose: 'Sagsbehandling af bestilling',
    citizenRef: order.citizen.reference,
    resource: { type: 'order', id: order.id },
  });
  return order;
}
