import {
  MissingTenantScopeError,
  crossTenant,
  partyScope,
  requireCrossTenant,
  requireParty,
  scopeFilter,
  type TenantScope,
} from '../src/tenant-scope';

type ContractParty = 'municipality' | 'supplier';
const filters = {
  municipality: (id: string) => ({ 'access.municipalities': id }),
  supplier: (id: string) => ({ 'access.supplier': id }),
};

describe('tenant scope', () => {
  it('When a party scope is given, then the filter is the one of its kind', () => {
    expect(scopeFilter(partyScope('supplier', 'org-a'), filters)).toEqual({
      'access.supplier': 'org-a',
    });
    expect(scopeFilter(partyScope('municipality', 'mun-253'), filters)).toEqual({
      'access.municipalities': 'mun-253',
    });
  });

  it('When a cross-tenant scope with a reason is given, then the filter is empty', () => {
    expect(scopeFilter(crossTenant('secretariat report over all municipalities'), filters)).toEqual(
      {},
    );
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['an empty id', { kind: 'supplier', id: '' }],
    ['a blank id', { kind: 'supplier', id: '   ' }],
    ['an id that is not text', { kind: 'supplier', id: { $ne: '' } }],
    ['a kind this repository does not know', { kind: 'authority', id: 'x' }],
    ['an inherited kind', { kind: 'toString', id: 'x' }],
    ['a cross-tenant scope without reason', { kind: 'cross-tenant', reason: '' }],
  ])('When the scope is %s, then the query is refused, never widened', (_what, scope) => {
    expect(() => scopeFilter(scope as unknown as TenantScope<ContractParty>, filters)).toThrow(
      MissingTenantScopeError,
    );
  });

  it('When a scope is built, then it needs an id or a reason in words', () => {
    expect(() => partyScope('supplier', '')).toThrow(MissingTenantScopeError);
    expect(() => crossTenant('')).toThrow(MissingTenantScopeError);
    expect(() => crossTenant('why')).toThrow(MissingTenantScopeError);
  });

  it('When a write needs its owner or the whole, then the other kind of scope is refused', () => {
    const own = partyScope('supplier', 'org-a');
    const all = crossTenant('registry import by the secretariat');
    expect(requireParty(own, 'supplier')).toBe(own);
    expect(() => requireParty(own, 'municipality')).toThrow(MissingTenantScopeError);
    expect(() => requireParty(all)).toThrow(MissingTenantScopeError);
    expect(requireCrossTenant(all)).toBe(all);
    expect(() => requireCrossTenant(own)).toThrow(MissingTenantScopeError);
  });
});
