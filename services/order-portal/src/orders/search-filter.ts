import { z } from '@rammeaftale/http';
import { COMPETENCE_SLUGS, type SearchResult } from '@rammeaftale/domain';
import type { SearchView } from './search-placements.use-case';

/**
 * What the case worker narrows and orders the search result by: the result page's GET query
 * (Danish names: they are the page's address) and the same query of the API's
 * `POST /api/orders/{id}/search`, one schema for both. Filters only hide rows: each row keeps its
 * rank by the framework agreement's rule, and whether a suitable public place is free is decided
 * on the whole result, so a filter can never hide that a private choice needs a reason.
 */
export const SearchFilterQuery = z.strictObject({
  driftsherre: z
    .enum(['offentlig', 'privat', 'kommunal', 'regional'])
    .optional()
    .describe('Operator: offentlig (municipal and regional), privat, kommunal or regional'),
  maksKm: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .optional()
    .describe(
      'At most this many km from where the citizen should live; an offer of unknown place is left out',
    ),
  kompetence: z
    .enum(COMPETENCE_SLUGS)
    .optional()
    .describe('Only offers with this special competence or method'),
  ledige: z
    .enum(['nu', 'alle'])
    .default('nu')
    .describe('nu: offers with a free place now; alle: also full ones (for a waiting list)'),
  sortering: z
    .enum(['rang', 'afstand', 'kvalitet', 'pris'])
    .default('rang')
    .describe(
      'rang: the framework order; afstand, kvalitet (best first), pris: unknown values last, rank breaks ties',
    ),
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

/** What the filter reads of a row: its rank, its distance (km, as shown) and the offer's facts. */
export interface FilterRow {
  rank: number;
  distanceKm: number | null;
  offer?: Pick<
    SearchView['offers'][string],
    'operatorKind' | 'competences' | 'qualityScore' | 'dailyTariffOre'
  >;
}

/**
 * The rows the filter keeps, in the order asked for (rank breaks ties): the one rule of the result
 * page and the API, whatever a row is (a result in words, or a ranked offer not yet in words).
 */
export function filterRows<T>(rows: readonly T[], f: SearchFilter, read: (r: T) => FilterRow): T[] {
  const kept = rows
    .map((row) => ({ row, r: read(row) }))
    .filter(({ r }) => {
      const o = r.offer;
      if (f.driftsherre && !KIND_OF[f.driftsherre].includes(o?.operatorKind ?? '')) return false;
      if (f.maksKm !== undefined && (r.distanceKm === null || r.distanceKm > f.maksKm))
        return false;
      if (f.kompetence && !(o?.competences ?? []).includes(f.kompetence)) return false;
      return true;
    });
  const key: Record<SearchFilter['sortering'], (r: FilterRow) => number> = {
    rang: (r) => r.rank,
    afstand: (r) => last(r.distanceKm, 1),
    kvalitet: (r) => last(r.offer?.qualityScore, -1),
    pris: (r) => last(r.offer?.dailyTariffOre, 1),
  };
  const by = key[f.sortering];
  return kept.sort((a, b) => by(a.r) - by(b.r) || a.r.rank - b.r.rank).map(({ row }) => row);
}

/** The result page's rows the filter keeps, in the order asked for. */
export function filterResults(view: SearchView, f: SearchFilter): SearchResult[] {
  return filterRows(view.results, f, (r) => ({
    rank: r.rank,
    distanceKm: r.distanceKm,
    offer: view.offers[r.offerId],
  }));
}
