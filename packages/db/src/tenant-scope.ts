/**
 * The one tenant mechanism of the suite: every repository method takes a scope as its first
 * argument and builds its filter from it with `scopeFilter`, so a query that forgot its tenant is
 * a type error, and a malformed scope at run time is a thrown error — never "every municipality's
 * documents".
 *
 * A scope is either a party's own slice (`partyScope`: the kind of party and its id, taken from
 * the verified token, never from the request) or a deliberate read across tenants
 * (`crossTenant(reason)`), which says why in words. The few cross-tenant reads (the secretariat's
 * reports, the supervisory authority's view, sweepers, service-to-service calls, the shared offer
 * registry) are found with `grep -rn "crossTenant("`.
 */

/** A party's own slice: `kind` names which field of the documents the repository matches `id` on. */
export interface PartyScope<K extends string = string> {
  readonly kind: K;
  readonly id: string;
}

/** A read or write across tenants on purpose, with the reason. */
export interface CrossTenantScope {
  readonly kind: 'cross-tenant';
  readonly reason: string;
}

export type TenantScope<K extends string = string> = PartyScope<K> | CrossTenantScope;

export class MissingTenantScopeError extends Error {
  override readonly name = 'MissingTenantScopeError';
  readonly code = 'MISSING_TENANT_SCOPE';
}

export function partyScope<K extends string>(kind: K, id: string): PartyScope<K> {
  if (typeof id !== 'string' || id.trim() === '')
    throw new MissingTenantScopeError(`a ${kind} scope needs the party's id`);
  return Object.freeze({ kind, id });
}

/** The named escape: a query over several tenants, and why (shown in reviews and greppable). */
export function crossTenant(reason: string): CrossTenantScope {
  if (typeof reason !== 'string' || reason.trim().length < 8)
    throw new MissingTenantScopeError('crossTenant needs the reason in words');
  return Object.freeze({ kind: 'cross-tenant', reason });
}

export const isCrossTenant = (scope: TenantScope): scope is CrossTenantScope =>
  scope.kind === 'cross-tenant';

/** Which filter each party kind gets, by the repository that knows its documents' fields. */
export type ScopeFilters<K extends string> = {
  readonly [P in K]: (id: string) => Record<string, unknown>;
};

/**
 * The filter fragment of a scope: the party's own documents, or `{}` for a cross-tenant scope.
 * Throws `MissingTenantScopeError` on anything but a well-formed scope of a kind this repository
 * knows.
 */
export function scopeFilter<K extends string>(
  scope: TenantScope<K> | undefined | null,
  filters: ScopeFilters<K>,
): Record<string, unknown> {
  const s = checkScope(scope);
  if (isCrossTenant(s)) return {};
  const filter = Object.hasOwn(filters, s.kind) ? filters[s.kind] : undefined;
  if (!filter) throw new MissingTenantScopeError(`this repository has no "${s.kind}" scope`);
  return filter(s.id);
}

/** A scope that must be a party's own (writes that only the owner makes). */
export function requireParty<K extends string>(
  scope: TenantScope<K> | undefined | null,
  ...kinds: K[]
): PartyScope<K> {
  const s = checkScope(scope);
  if (isCrossTenant(s) || (kinds.length > 0 && !kinds.includes(s.kind)))
    throw new MissingTenantScopeError(`this call needs a ${kinds.join(' or ') || 'party'} scope`);
  return s;
}

/** A scope that must be cross-tenant (writes that belong to the whole, like the registry import). */
export function requireCrossTenant(scope: TenantScope | undefined | null): CrossTenantScope {
  const s = checkScope(scope);
  if (!isCrossTenant(s)) throw new MissingTenantScopeError('this call works across tenants only');
  return s;
}

function checkScope<K extends string>(scope: TenantScope<K> | undefined | null): TenantScope<K> {
  if (!scope || typeof scope !== 'object') throw new MissingTenantScopeError('no scope given');
  if (isCrossTenant(scope)) {
    if (typeof scope.reason !== 'string' || scope.reason.trim() === '')
      throw new MissingTenantScopeError('a cross-tenant scope without its reason');
    return scope;
  }
  if (typeof scope.kind !== 'string' || typeof scope.id !== 'string' || scope.id.trim() === '')
    throw new MissingTenantScopeError('a party scope without its kind or id');
  return scope;
}
