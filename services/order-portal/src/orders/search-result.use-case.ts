import type { Actor } from '@rammeaftale/auth';
import type { OrderDeps } from './order-deps';
import { readOrder } from './read-orders.use-case';
import { runSearch } from './search-placements.use-case';

/**
 * The search result page of one order: the order, and a search made now (capacity changes
 * between searches), with the read for the search in the access log beside the order's read.
 */
export async function currentSearchResult(deps: OrderDeps, actor: Actor, orderId: string) {
  const order = await readOrder(deps, actor, orderId);
  await deps.accessLog(actor, {
    action: 'read',
    purpose: 'Pladssøgning til bestilling',
    citizenRef: order.citizen.reference,
    resource: { type: 'order', id: order.id },
  });
  return { order, search: await runSearch(deps, order) };
}
