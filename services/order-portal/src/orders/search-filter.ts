import { z } from '@rammeaftale/http';
import { COMPETENCE_SLUGS, type SearchResult } from '@rammeaftale/domain';
import type { SearchView } from './search-placements.use-case';

/**
 * What the case worker narrows and orders the search result by, as the result page's GET query
 * (Danish names: they are the page's address). Filters only hide rows: each row keeps its rank by
 * the framework agreement's rule, and whether a suitable public place is free is decided on the
 * whole result, so a filter can never hide that a private choice needs a reason.
 */
export const SearchFilterQuery = z.strictObject({
  /** offentlig: municipal and regional; privat; or one operator kind. */
  driftsherre: z.enum(['offentlig', 'privat', 'kommunal', 'regional']).optional(),
  /** At most this far from where the citizen should live; an offer of unknown place is hidden. */
  maksKm: z.coerce.number().int().min(1).max(500).optional(),
  /** Only offers that have this competence. */
  kompetence: z.enum(COMPETENCE_SLUGS).optional(),
  /** nu (default): offers with a free place now; alle: also full ones (for a waiting list). */
  ledige: z.enum(['nu', 'alle']).default('nu'),
  sortering: z.enum(['rang', 'afstand', 'kvalitet', 'pris']).default('rang'),
});
export type SearchFilter = z.infer<typeof SearchFilterQuery>;

export const NO_FILTER: SearchFilter = { ledige: 'nu', sortering: 'rang' };

const KIND_OF: Record<NonNullable<SearchFilter['driftsherre']>, readonly string[]> = {
  offentlig: ['municipal', 'regional'],
  privat: ['private'],
  kommunal: ['municipal'],
  regional: ['regional'],
};

/** Unknown values sort last in every direction: missing data is not a small or large number. */
const last = (v: number | null | undefined, dir: 1 | -1) =>
  v === null || v === undefined ? Infinity : dir * v;

/** The rows the filter keeps, in the order asked for (rank breaks ties). */
export function filterResults(view: SearchView, f: SearchFilter): SearchResult[] {
  const kept = view.results.filter((r) => {
    const o = view.offers[r.offerId];
    if (f.driftsherre && !KIND_OF[f.driftsherre].includes(o?.operatorKind ?? '')) return false;
    if (f.maksKm !== undefined && (r.distanceKm === null || r.distanceKm > f.maksKm)) return false;
    if (f.kompetence && !(o?.competences ?? []).includes(f.kompetence)) return false;
    return true;
  });
  const key: Record<SearchFilter['sortering'], (r: SearchResult) => number> = {
    rang: (r) => r.rank,
    afstand: (r) => last(r.distanceKm, 1),
    kvalitet: (r) => last(view.offers[r.offerId]?.qualityScore, -1),
    pris: (r) => last(view.offers[r.offerId]?.dailyTariffOre, 1),
  };
  const by = key[f.sortering];
  return [...kept].sort((a, b) => by(a) - by(b) || a.rank - b.rank);
}
