import type { Actor } from '@rammeaftale/auth';
import { crossTenant, partyScope, type PartyScope } from '@rammeaftale/db';

/**
 * The tenants of the order portal, each matched by the repository that knows its documents:
 * - `municipality`: orders a municipality acts for or pays for (reading);
 * - `acting`: orders a municipality acts for (changing them is the acting municipality's);
 * - `supplier`: orders holding a request to the supplier, and only that request;
 * - `operator`: offers an organisation runs (its capacity reports);
 * - `organisation`: an organisation's own record in the registry.
 * Reads across tenants do not come from here: they say why with `crossTenant(reason)`.
 */
export type PortalTenant = 'municipality' | 'acting' | 'supplier' | 'operator' | 'organisation';

/**
 * The one place an actor becomes a tenant scope. The tenant is the organisation of the verified
 * token, never a value from the request.
 */
export function actorScope<K extends PortalTenant>(
  actor: Pick<Actor, 'organisationId'>,
  kind: K,
): PartyScope<K> {
  return partyScope(kind, actor.organisationId);
}

/**
 * The shared offer registry (offers, their capacity and tariffs, the parties of the agreement):
 * open to every signed-in party by design — the agreement is about making capacity and prices
 * visible. Writing it is the secretariat's import, which takes its own cross-tenant scope.
 */
export const SHARED_REGISTRY = crossTenant(
  'the shared offer registry is open to every party of the agreement by design',
);
