/** Where each role starts after sign-in (and where the front page sends a signed-in person). */
export const HOME: Record<string, string> = {
  caseworker: '/bestillinger',
  supplier: '/leverandoer/forespoergsler',
  secretariat: '/rapporter/bestillinger',
  operator: '/drift',
  authority: '/tilsyn/indberetninger',
};
