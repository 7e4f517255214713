import { searchPlacements, type CandidateOffer } from '@rammeaftale/domain';
import { filterResults, NO_FILTER, SearchFilterQuery } from '../src/orders/search-filter';
import type { SearchView } from '../src/orders/search-placements.use-case';

/** The result page's filters and sorting (issue 15): they hide and order rows, never re-rank. */

const offer = (id: string, over: Partial<CandidateOffer> = {}): CandidateOffer => ({
  id,
  operatorKind: 'municipal',
  targetGroups: ['autisme'],
  legalBases: ['SEL § 108'],
  ageMin: 18,
  ageMax: 67,
  location: { lat: 55.59, lon: 12.29 },
  freePlaces: 1,
  capacityConfirmedAt: '2026-11-20T12:00:00Z',
  dailyTariffOre: 250_000,
  quality: null,
  ...over,
});
const quality = (score: number) => ({ score, source: 'Socialtilsynet', assessedOn: '2026-03-12' });

const offers = [
  offer('greve-public'),
  offer('far-public', { operatorKind: 'regional', location: { lat: 54.77, lon: 11.87 } }),
  offer('private-cheap', {
    operatorKind: 'private',
    dailyTariffOre: 150_000,
    quality: quality(5),
    competences: ['psykiatri'],
  }),
  offer('private-nowhere', { operatorKind: 'private', location: null, quality: quality(2) }),
  offer('full', { freePlaces: 0 }),
];

function view(includeFull = false): SearchView {
  const outcome = searchPlacements({
    criteria: {
      targetGroup: 'autisme',
      legalBasis: 'SEL § 108',
      age: 30,
      location: { lat: 55.5833, lon: 12.3, town: 'Greve' },
      includeFull,
    },
    offers,
    nowIso: '2026-11-23T12:00:00Z',
    staleAfterDays: 14,
  });
  const byId = new Map(offers.map((o) => [o.id, o]));
  return {
    ...outcome,
    excludedByReason: {},
    excludedTotal: outcome.excluded.length,
    offers: Object.fromEntries(
      outcome.results.map((r) => {
        const o = byId.get(r.offerId)!;
        return [
          r.offerId,
          {
            name: o.id,
            operatorKind: o.operatorKind,
            municipalityCode: 253,
            dailyTariffOre: o.dailyTariffOre,
            capacityConfirmedAt: o.capacityConfirmedAt,
            competences: o.competences ?? [],
            qualityScore: o.quality?.score ?? null,
          },
        ];
      }),
    ),
  };
}
const ids = (rows: { offerId: string }[]) => rows.map((r) => r.offerId);
const parse = (q: Record<string, string>) => SearchFilterQuery.parse(q);

describe('search result filters', () => {
  it('When nothing is chosen, then every suitable offer with a free place is shown in rank order', () => {
    const v = view();
    expect(ids(filterResults(v, NO_FILTER))).toEqual(ids(v.results));
    expect(ids(v.results)).toEqual([
      'greve-public',
      'far-public',
      'private-cheap',
      'private-nowhere',
    ]);
  });

  it('When private offers only are asked for, then the public ones are hidden, the ranks are kept and public capacity still counts', () => {
    const v = view();
    const rows = filterResults(v, parse({ driftsherre: 'privat' }));
    expect(rows.map((r) => [r.offerId, r.rank])).toEqual([
      ['private-cheap', 3],
      ['private-nowhere', 4],
    ]);
    expect(v.publicCapacityAvailable).toBe(true);
  });

  it('When a maximum distance is chosen, then farther offers and those of unknown place are hidden', () => {
    expect(ids(filterResults(view(), parse({ maksKm: '25' })))).toEqual([
      'greve-public',
      'private-cheap',
    ]);
  });

  it('When a competence is chosen, then only offers having it are shown', () => {
    expect(ids(filterResults(view(), parse({ kompetence: 'psykiatri' })))).toEqual([
      'private-cheap',
    ]);
  });

  it('When sorted by quality or price, then unknown values come last and rank breaks ties', () => {
    expect(ids(filterResults(view(), parse({ sortering: 'kvalitet' })))).toEqual([
      'private-cheap',
      'private-nowhere',
      'greve-public',
      'far-public',
    ]);
    expect(ids(filterResults(view(), parse({ sortering: 'pris' })))[0]).toBe('private-cheap');
    expect(ids(filterResults(view(), parse({ sortering: 'afstand' }))).at(-1)).toBe(
      'private-nowhere',
    );
  });

  it('When full offers are asked for, then they are shown last; an unknown value in the address is refused by the schema', () => {
    expect(ids(filterResults(view(true), parse({ ledige: 'alle' }))).at(-1)).toBe('full');
    expect(SearchFilterQuery.safeParse({ driftsherre: 'alle' }).success).toBe(false);
    expect(SearchFilterQuery.safeParse({ maksKm: '0' }).success).toBe(false);
  });
});
