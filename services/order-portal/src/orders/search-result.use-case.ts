import type { Actor } from '@rammeaftale/auth';
import type { OrderDeps } from './order-deps';
import { readOrder } from './read-orders.use-case';
import { filterResults, type SearchFilter } from './search-filter';
import { runSearch } from './search-placements.use-case';

/**
 * The search result page of one order: the order, and a search made now (capacity changes
 * between searches), with the read for the search in the access log beside the order's read.
 * The case worker's filter narrows and orders the rows shown (`shown`); the full outcome stays in
 * `search`, so the count of all suitable offers and the public-capacity rule are the whole result's.
 */
export async function currentSearchResult(
  deps: OrderDeps,
  actor: Actor,
  orderId: string,
  filter: SearchFilter,
) {
  const order = await readOrder(deps, actor, orderId);
  await deps.accessLog(actor, {
    action: 'read',
    purpose: 'Pladssøgning til bestilling',
    citizenRef: order.citizen.reference,
    resource: { type: 'order', id: order.id },
  });
  const search = await runSearch(deps, order, { includeFull: filter.ledige === 'alle' });
  return { order, search, shown: filterResults(search, filter), filter };
}
