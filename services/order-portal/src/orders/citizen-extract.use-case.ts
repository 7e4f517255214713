import type { Actor } from '@rammeaftale/auth';
import { citizenExtract, type CitizenExtractRequest } from '@rammeaftale/privacy';
import { actorScope } from '../tenancy';
import type { OrderDeps } from './order-deps';

/** Access-log records about an order name it first in their id (`<order>` or `<order>/<request>`). */
const ORDER_RECORDS = new Set(['order', 'order-request', 'order-requests']);

/**
 * Who read or changed a citizen's data, when and why. A case worker gets the entries about the
 * municipality's own orders (whoever made them: a supplier's read of its request is there), and
 * its own organisation's entries about anything else.
 */
export function extractForCitizen(
  deps: Pick<OrderDeps, 'orders' | 'accessLog' | 'accessLogRepo'>,
  actor: Actor,
  request: CitizenExtractRequest,
) {
  const own = actorScope(actor, 'municipality');
  return citizenExtract(
    { repo: deps.accessLogRepo!, accessLog: deps.accessLog },
    actor,
    request,
    async (r) =>
      ORDER_RECORDS.has(r.type)
        ? Boolean(await deps.orders.get(own, r.id.split('/')[0]!))
        : undefined,
  );
}
