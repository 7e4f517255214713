import type { Actor } from '@rammeaftale/auth';
import { InvalidInputError } from '@rammeaftale/domain';
import { actorScope } from '../tenancy';
import type { OrderDeps } from './order-deps';
import type { Order } from './order.repository';

/**
 * The municipality's own orders of one citizen, found by CPR number through its keyed look-up
 * token (a blind index: the number is never decrypted or compared in clear, and another
 * municipality's orders are not found). The look-up is in the access log as a search, without the
 * number, with how many were found.
 */
export async function findOrdersByCpr(
  deps: Pick<OrderDeps, 'orders' | 'accessLog' | 'vault'>,
  actor: Actor,
  cpr: string,
): Promise<{ items: Order[] }> {
  if (!deps.vault)
    throw new InvalidInputError([
      {
        field: 'cpr',
        code: 'cpr_not_configured',
        message: 'CPR numbers cannot be looked up: no key is configured',
      },
    ]);
  let token: string;
  try {
    token = deps.vault.lookupToken(cpr);
  } catch {
    throw new InvalidInputError([
      { field: 'cpr', code: 'invalid_cpr', message: 'not a valid CPR number (date and format)' },
    ]);
  }
  const items = await deps.orders.findByCprLookup(actorScope(actor, 'municipality'), token);
  await deps.accessLog(actor, {
    action: 'search',
    purpose: 'Opslag på CPR-nummer',
    searchCriterion: `CPR-nummer (${items.length} fundet)`,
    resource: { type: 'order-list', id: actor.organisationId },
  });
  return { items };
}
