import { DomainValidationError } from './errors';
import {
  assertPrivateChoiceReason,
  searchPlacements,
  type CandidateOffer,
  type SearchCriteria,
} from './placement-search';

const now = '2026-11-23T12:00:00Z';
const fresh = '2026-11-20T12:00:00Z';
const old = '2026-09-01T12:00:00Z';
const roskilde = { lat: 55.6415, lon: 12.0803 };
const q = (score: number) => ({
  score,
  source: 'Socialtilsynets kvalitetsmodel',
  assessedOn: '2026-03-12',
});

const criteria: SearchCriteria = {
  targetGroup: 'autisme',
  legalBasis: 'SEL § 108',
  age: 30,
  location: roskilde,
  maxDistanceKm: 100,
};

const offer = (id: string, over: Partial<CandidateOffer> = {}): CandidateOffer => ({
  id,
  operatorKind: 'municipal',
  targetGroups: ['autisme'],
  legalBases: ['SEL § 108'],
  ageMin: 18,
  ageMax: 67,
  location: { lat: 55.64, lon: 12.08 },
  freePlaces: 1,
  capacityConfirmedAt: fresh,
  dailyTariffOre: 250_000,
  quality: q(3.8),
  ...over,
});

const run = (offers: CandidateOffer[], c: SearchCriteria = criteria) =>
  searchPlacements({ criteria: c, offers, nowIso: now, staleAfterDays: 14 });

describe('placement search', () => {
  it('When a private offer scores higher than a public one, then the public offer is still listed first', () => {
    const out = run([
      offer('private-cheap-close', {
        operatorKind: 'private',
        dailyTariffOre: 150_000,
        quality: q(5),
      }),
      offer('public-far', {
        operatorKind: 'regional',
        location: { lat: 55.2, lon: 11.7 },
        dailyTariffOre: 300_000,
        quality: q(1.8),
      }),
    ]);
    expect(out.results.map((r) => r.offerId)).toEqual(['public-far', 'private-cheap-close']);
    expect(out.results[1]!.score).toBeGreaterThan(out.results[0]!.score!);
    expect(out.results[0]!.reasons[0]!.code).toBe('tier_public');
    expect(out.publicCapacityAvailable).toBe(true);
  });

  it('When there is no public capacity, then private offers are listed and no reason is needed to choose one', () => {
    const out = run([
      offer('public-full', { freePlaces: 0 }),
      offer('private-1', { operatorKind: 'private' }),
    ]);
    expect(out.results.map((r) => r.offerId)).toEqual(['private-1']);
    expect(out.excluded).toEqual([
      {
        offerId: 'public-full',
        reasons: [{ code: 'no_free_places', text: 'Ingen ledige pladser' }],
      },
    ]);
    expect(() => assertPrivateChoiceReason('private', out, undefined)).not.toThrow();
  });

  it('When the public capacity is unsuitable, then it is excluded with the reasons and does not force a reason for a private choice', () => {
    const out = run(
      [
        offer('public-children', { ageMin: 0, ageMax: 17 }),
        offer('public-other-group', { targetGroups: ['misbrugstilbud'] }),
        offer('public-107', { legalBases: ['SEL § 107'] }),
        offer('public-women', { genders: ['female'] }),
        offer('private-1', { operatorKind: 'private' }),
      ],
      { ...criteria, gender: 'male' },
    );
    expect(out.results.map((r) => r.offerId)).toEqual(['private-1']);
    expect(
      Object.fromEntries(out.excluded.map((e) => [e.offerId, e.reasons.map((r) => r.code)])),
    ).toEqual({
      'public-children': ['age'],
      'public-other-group': ['target_group'],
      'public-107': ['legal_basis'],
      'public-women': ['gender'],
    });
    expect(out.publicCapacityAvailable).toBe(false);
  });

  it('When capacity is stale, then the offer is shown flagged, after confirmed offers of its tier, and still before private ones', () => {
    const out = run([
      offer('private-fresh', { operatorKind: 'private' }),
      offer('public-stale', { capacityConfirmedAt: old, quality: q(5) }),
      offer('public-fresh', { quality: q(1.4) }),
      offer('public-never', { capacityConfirmedAt: null }),
    ]);
    expect(out.results.map((r) => [r.offerId, r.stale])).toEqual([
      ['public-fresh', false],
      ['public-stale', true], // higher score (quality) than public-never
      ['public-never', true],
      ['private-fresh', false],
    ]);
    expect(out.results[1]!.reasons.map((r) => r.code)).toContain('stale_capacity');
  });

  it('When scores are equal, then distance and then the offer id decide, so the order is stable', () => {
    const out = run([offer('b'), offer('a'), offer('c', { location: { lat: 55.7, lon: 12.1 } })]);
    expect(out.results.map((r) => r.offerId)).toEqual(['a', 'b', 'c']);
    const again = run([offer('c', { location: { lat: 55.7, lon: 12.1 } }), offer('a'), offer('b')]);
    expect(again.results.map((r) => r.offerId)).toEqual(['a', 'b', 'c']);
  });

  it('When a required competence is missing or the offer is too far, then it is excluded and says why', () => {
    const out = run(
      [
        offer('no-comp'),
        offer('far', { location: { lat: 57.0, lon: 9.9 }, competences: ['skaermet-enhed'] }),
      ],
      {
        ...criteria,
        requiredCompetences: ['skaermet-enhed'],
      },
    );
    expect(out.results).toEqual([]);
    expect(out.excluded.find((e) => e.offerId === 'no-comp')!.reasons[0]!.text).toBe(
      'Mangler krævede kompetencer: Skærmet enhed',
    );
    expect(out.excluded.find((e) => e.offerId === 'far')!.reasons[0]!.code).toBe('distance');
  });

  it('When weights change, then the ranking within a tier follows them and each result shows its components', () => {
    const cheap = offer('cheap', { dailyTariffOre: 100_000, quality: q(1) });
    const good = offer('good', { dailyTariffOre: 400_000, quality: q(5) });
    const byPrice = searchPlacements({
      criteria,
      offers: [cheap, good],
      nowIso: now,
      staleAfterDays: 14,
      weights: { distance: 0, price: 1, quality: 0 },
    });
    const byQuality = searchPlacements({
      criteria,
      offers: [cheap, good],
      nowIso: now,
      staleAfterDays: 14,
      weights: { distance: 0, price: 0, quality: 1 },
    });
    expect(byPrice.results[0]!.offerId).toBe('cheap');
    expect(byQuality.results[0]!.offerId).toBe('good');
    expect(byPrice.results[1]!.components.price).toBe(0.25);
  });
});

describe('private choice', () => {
  const out = run([offer('public-1'), offer('private-1', { operatorKind: 'private' })]);

  it('When a private offer is chosen while a suitable public place is free and no reason is given, then it is refused', () => {
    expect(() => assertPrivateChoiceReason('private', out, undefined)).toThrow(
      DomainValidationError,
    );
    expect(() =>
      assertPrivateChoiceReason('private', out, { code: 'other', text: 'kort' }),
    ).toThrow(/reason/);
    expect(() =>
      assertPrivateChoiceReason('private', out, {
        code: 'made-up',
        text: 'en lang nok begrundelse',
      }),
    ).toThrow();
  });

  it('When a private offer is chosen with a reason code and text, then it is allowed', () => {
    expect(() =>
      assertPrivateChoiceReason('private', out, {
        code: 'special_competence',
        text: 'Kræver døgnbemanding med autismefaglighed',
      }),
    ).not.toThrow();
  });

  it('When a public offer is chosen, then no reason is needed', () => {
    expect(() => assertPrivateChoiceReason('public', out, undefined)).not.toThrow();
  });
});
