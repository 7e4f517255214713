import fc from 'fast-check';
import { indexCandidates } from './candidate-index';
import {
  excludedAt,
  rankPlacements,
  resultAt,
  searchPlacements,
  type CandidateOffer,
  type SearchCriteria,
} from './placement-search';

const GROUPS = ['autisme', 'socialpsykiatri', 'udviklingshæmmede', 'misbrugstilbud'];
const BASES = ['SEL § 107', 'SEL § 108', 'SEL § 85 i ABL § 105'];
const NOW = '2026-11-23T12:00:00Z';

const offerArb = (i: number) =>
  fc
    .record({
      targetGroups: fc.array(fc.constantFrom(...GROUPS), { minLength: 1, maxLength: 3 }),
      legalBases: fc.array(fc.constantFrom(...BASES), { minLength: 1, maxLength: 2 }),
      ageMin: fc.integer({ min: 0, max: 30 }),
      span: fc.integer({ min: 0, max: 60 }),
      operatorKind: fc.constantFrom('municipal' as const, 'regional' as const, 'private' as const),
      freePlaces: fc.integer({ min: 0, max: 3 }),
      daysAgo: fc.option(fc.integer({ min: 0, max: 60 })),
      dailyTariffOre: fc.option(fc.integer({ min: 100_000, max: 600_000 })),
      lat: fc.double({ min: 54.6, max: 56, noNaN: true }),
      lon: fc.double({ min: 10.9, max: 12.6, noNaN: true }),
    })
    .map((r): CandidateOffer => {
      const confirmed =
        r.daysAgo === null ? null : new Date(Date.parse(NOW) - r.daysAgo * 86_400_000);
      return {
        id: `o-${i}`,
        operatorKind: r.operatorKind,
        targetGroups: r.targetGroups,
        legalBases: r.legalBases,
        ageMin: r.ageMin,
        ageMax: r.ageMin + r.span,
        location: { lat: r.lat, lon: r.lon },
        freePlaces: r.freePlaces,
        capacityConfirmedAt: confirmed?.toISOString() ?? null,
        ...(confirmed && i % 2 ? { capacityConfirmedAtMs: confirmed.getTime() } : {}),
        dailyTariffOre: r.dailyTariffOre,
      };
    });

const registryArb = fc
  .integer({ min: 0, max: 60 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => offerArb(i))));

const criteriaArb = fc.record({
  targetGroup: fc.constantFrom(...GROUPS, 'aflastning'),
  legalBasis: fc.constantFrom(...BASES),
  age: fc.integer({ min: 0, max: 90 }),
  maxDistanceKm: fc.option(fc.integer({ min: 5, max: 150 }), { nil: undefined }),
  includeFull: fc.boolean(),
});

describe('the search registry by target group', () => {
  it('When offers are indexed, then each group holds exactly the offers of that group, once each, in registry order', () => {
    fc.assert(
      fc.property(registryArb, (offers) => {
        const index = indexCandidates(offers);
        expect(index.size).toBe(offers.length);
        for (const g of [...GROUPS, 'aflastning'])
          expect(index.group(g)).toEqual(offers.filter((o) => o.targetGroups.includes(g)));
      }),
    );
  });

  it("When an order searches its group's slice, then results and in-group exclusions are those of a search over the whole registry", () => {
    fc.assert(
      fc.property(registryArb, criteriaArb, (offers, c) => {
        const criteria: SearchCriteria = { ...c, location: { lat: 55.5, lon: 12.1 } };
        const input = { criteria, nowIso: NOW, staleAfterDays: 14 };
        // The whole registry's search parses every confirmation date; the slice uses the parsed ones.
        const unparsed = offers.map(({ capacityConfirmedAtMs: _parsed, ...o }) => o);
        const whole = searchPlacements({ ...input, offers: unparsed });
        const sliced = rankPlacements({
          ...input,
          offers: indexCandidates(offers).group(c.targetGroup),
        });
        expect(sliced.ranked.map((_, i) => resultAt(sliced, i))).toEqual(whole.results);
        expect(sliced.excluded.map((_, i) => excludedAt(sliced, i))).toEqual(
          whole.excluded.filter((e) => e.reasons[0]!.code !== 'target_group'),
        );
        expect(sliced.publicCapacityAvailable).toBe(whole.publicCapacityAvailable);
        // The codes counted without their texts are the texts' codes.
        expect(sliced.excluded.map((e) => e.codes)).toEqual(
          sliced.excluded.map((_, i) => excludedAt(sliced, i).reasons.map((r) => r.code)),
        );
      }),
      { numRuns: 200 },
    );
  });
});
