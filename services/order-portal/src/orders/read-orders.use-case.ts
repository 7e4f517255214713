import type { Actor } from '@rammeaftale/auth';
import type { OrderState } from '@rammeaftale/domain';
import { actorScope } from '../tenancy';
import type { OrderDeps } from './order-deps';
import { orderNotFound } from './order.errors';
import type { Order } from './order.repository';

/** The municipality's orders (acting or paying); the search is in the access log. */
export async function listOrders(
  deps: Pick<OrderDeps, 'orders' | 'accessLog'>,
  actor: Actor,
  filter: { status?: OrderState },
): Promise<Order[]> {
  const orders = await deps.orders.list(actorScope(actor, 'municipality'), filter);
  await deps.accessLog(actor, {
    action: 'search',
    purpose: 'Oversigt over bestillinger',
    searchCriterion: `status=${filter.status ?? 'alle'}`,
    resource: { type: 'order-list', id: actor.organisationId },
  });
  return orders;
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
