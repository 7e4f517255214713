/**
 * The actor shape of packages/auth (which depends on this kit for its own tests, so the type is
 * restated here; it is structurally the same `Actor`).
 */
export interface Actor {
  userId: string;
  role: 'caseworker' | 'supplier' | 'secretariat' | 'authority' | 'operator' | 'service';
  organisationId: string;
  name?: string;
}

/**
 * The people and services tests act as, in one place: each test picks a party by what it is for
 * ("a case worker of Greve", "another supplier") and overrides only what it is about. Ids follow
 * the production forms (`mun-<code>`, `cvr-<cvr>`) so scoping rules see realistic tenants.
 */
export const PARTIES = {
  caseworkerGreve: {
    userId: 'sagsbehandler-greve',
    role: 'caseworker',
    organisationId: 'mun-253',
    name: 'Sagsbehandler, Greve Kommune',
  },
  caseworkerKoege: {
    userId: 'sagsbehandler-koege',
    role: 'caseworker',
    organisationId: 'mun-259',
    name: 'Sagsbehandler, Køge Kommune',
  },
  caseworkerRoskilde: {
    userId: 'sagsbehandler-roskilde',
    role: 'caseworker',
    organisationId: 'mun-265',
    name: 'Sagsbehandler, Roskilde Kommune',
  },
  supplierA: {
    userId: 'leverandoer-a',
    role: 'supplier',
    organisationId: 'cvr-11111111',
    name: 'Leverandør A',
  },
  supplierB: {
    userId: 'leverandoer-b',
    role: 'supplier',
    organisationId: 'cvr-22222222',
    name: 'Leverandør B',
  },
  /** Roskilde Kommune as the operator of its own municipal offers. */
  supplierRoskilde: {
    userId: 'leverandoer-roskilde',
    role: 'supplier',
    organisationId: 'mun-265',
    name: 'Driftsherre, Roskilde Kommune',
  },
  secretariat: {
    userId: 'sekretariat',
    role: 'secretariat',
    organisationId: 'secretariat',
    name: 'Sekretariatet for Rammeaftale Sjælland',
  },
  authority: {
    userId: 'socialtilsyn-oest',
    role: 'authority',
    organisationId: 'socialtilsyn-oest',
    name: 'Socialtilsyn Øst',
  },
  operator: {
    userId: 'driftsoperatoer',
    role: 'operator',
    organisationId: 'operator',
    name: 'Driftsoperatør',
  },
  orderPortalService: {
    userId: 'order-portal',
    role: 'service',
    organisationId: 'order-portal',
  },
  contractsService: {
    userId: 'standard-contract',
    role: 'service',
    organisationId: 'standard-contract',
  },
} as const satisfies Record<string, Actor>;

export type PartyName = keyof typeof PARTIES;

/** A party with overrides: `party('supplierA', { organisationId: 'cvr-33333333' })`. */
export const party = (name: PartyName, over: Partial<Actor> = {}): Actor => ({
  ...PARTIES[name],
  ...over,
});

/** Anything that issues tokens for an actor (the local identity provider of packages/auth). */
export interface TokenIssuer {
  issue: (actor: Actor, ttlSeconds?: number) => Promise<string>;
}

/** Bearer tokens for the named parties: `const t = await tokensFor(idp, ['secretariat', 'supplierA'])`. */
export async function tokensFor<N extends PartyName>(
  idp: TokenIssuer,
  names: readonly N[],
): Promise<Record<N, string>> {
  const entries = await Promise.all(names.map(async (n) => [n, await idp.issue(PARTIES[n])]));
  return Object.fromEntries(entries) as Record<N, string>;
}

/** The authorization header of a token, for supertest's `.set(...)`. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
