/**
 * The part of the registry a query may touch. Every repository method takes one and builds its
 * filter from it, so forgetting the tenant is a thrown error, never "all offers":
 * - `registry`: the whole shared registry. Reading it is open to every signed-in party (the
 *   agreement is about transparency); writing it is the secretariat's import.
 * - `operator`: only offers run by one organisation, for a supplier changing its own offers.
 */
export type OfferScope =
  | { readonly kind: 'registry' }
  | { readonly kind: 'operator'; readonly operatorOrganisationId: string };

export const registryScope = (): OfferScope => ({ kind: 'registry' });

export const operatorScope = (operatorOrganisationId: string): OfferScope => ({
  kind: 'operator',
  operatorOrganisationId,
});

export class MissingScopeError extends Error {
  constructor(detail: string) {
    super(`Repository called without a valid scope: ${detail}`);
    this.name = 'MissingScopeError';
  }
}

/** The filter fragment of a scope; throws on anything but a well-formed scope. */
export function assertScope(scope: OfferScope | undefined | null): OfferScope {
  if (!scope || typeof scope !== 'object') throw new MissingScopeError('no scope');
  if (scope.kind === 'registry') return scope;
  if (scope.kind === 'operator') {
    const org = scope.operatorOrganisationId;
    if (typeof org !== 'string' || org.trim() === '') {
      throw new MissingScopeError('operator scope without organisation');
    }
    return scope;
  }
  throw new MissingScopeError('unknown scope kind');
}

/** Filter on offers for the scope. */
export function offerScopeFilter(scope: OfferScope | undefined | null): Record<string, string> {
  const s = assertScope(scope);
  return s.kind === 'registry' ? {} : { 'operator.organisationId': s.operatorOrganisationId };
}

/** Writes that create or re-describe offers belong to the registry as a whole. */
export function assertRegistryScope(scope: OfferScope | undefined | null): void {
  if (assertScope(scope).kind !== 'registry') {
    throw new MissingScopeError('this write needs the registry scope');
  }
}
