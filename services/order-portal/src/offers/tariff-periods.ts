/**
 * Tariff periods are inclusive calendar-date ranges 'YYYY-MM-DD'..'YYYY-MM-DD' (or open-ended).
 * Plain string comparison is chronological for such dates. Candidates for packages/domain.
 */
export interface Period {
  validFrom: string;
  validTo: string | null;
}

/** True when the two inclusive periods share at least one day. */
export function periodsOverlap(a: Period, b: Period): boolean {
  const aEndsBeforeB = a.validTo !== null && a.validTo < b.validFrom;
  const bEndsBeforeA = b.validTo !== null && b.validTo < a.validFrom;
  return !aEndsBeforeB && !bEndsBeforeA;
}

export function periodContains(p: Period, isoDate: string): boolean {
  return p.validFrom <= isoDate && (p.validTo === null || isoDate <= p.validTo);
}

/** Per service, the tariff whose period contains the date (periods of a service never overlap). */
export function tariffsInForce<T extends Period & { service: string }>(
  tariffs: readonly T[],
  isoDate: string,
): T[] {
  return tariffs
    .filter((t) => periodContains(t, isoDate))
    .sort((a, b) => a.service.localeCompare(b.service, 'da'));
}

export function formatPeriod(p: Period): string {
  return `${p.validFrom}–${p.validTo ?? '(åben)'}`;
}
