import { municipalityTown } from './geo';
import {
  rankingHoldsUntilMs,
  rankPlacements,
  searchPlacements,
  type CandidateOffer,
  type SearchCriteria,
} from './placement-search';

/** The ranking of issue 15: suitability first, then public before private, distance, quality, price. */

const now = '2026-11-23T12:00:00Z';
const greve = municipalityTown(253)!;
const nykoebingF = municipalityTown(376)!;

const criteria: SearchCriteria = {
  targetGroup: 'autisme',
  legalBasis: 'SEL § 108',
  age: 30,
  location: greve,
};

const quality = (score: number) => ({
  score,
  source: 'Socialtilsynets kvalitetsmodel',
  assessedOn: '2026-03-12',
});

const offer = (id: string, over: Partial<CandidateOffer> = {}): CandidateOffer => ({
  id,
  operatorKind: 'municipal',
  targetGroups: ['autisme'],
  legalBases: ['SEL § 108'],
  ageMin: 18,
  ageMax: 67,
  location: { lat: 55.59, lon: 12.29, town: 'Greve' },
  freePlaces: 2,
  capacityConfirmedAt: '2026-11-20T12:00:00Z',
  dailyTariffOre: 250_000,
  quality: null,
  ...over,
});

const run = (offers: CandidateOffer[], c: SearchCriteria = criteria) =>
  searchPlacements({ criteria: c, offers, nowIso: now, staleAfterDays: 14 });

const reason = (out: ReturnType<typeof run>, id: string, code: string) =>
  out.results.find((r) => r.offerId === id)!.reasons.find((r) => r.code === code)?.text;

describe('placement ranking', () => {
  it('When a Greve citizen is ordered for, then a suitable Greve offer ranks above an equally priced one 80 km away', () => {
    // Nykøbing Falster is 94 km from Greve as the crow flies.
    const farAway = { lat: nykoebingF.lat, lon: nykoebingF.lon, town: nykoebingF.town };
    const out = run([offer('far', { location: farAway }), offer('greve')]);

    expect(out.results.map((r) => r.offerId)).toEqual(['greve', 'far']);
    const far = out.results[1]!;
    expect(far.distanceKm).toBeGreaterThan(80);
    expect(out.results[0]!.distanceKm).toBeLessThan(2);
    expect(out.results[0]!.score).toBeGreaterThan(far.score!);
    expect(reason(out, 'far', 'distance')).toBe('94 km fra Greve');
    expect(reason(out, 'greve', 'distance')).toMatch(/^\d,\d km fra Greve$/);
  });

  it('When two competences are wished, then an offer meeting both ranks above one meeting none, even if that one is closer, cheaper and better rated', () => {
    const wished = { ...criteria, wishedCompetences: ['medicinhaandtering', 'autismespektrum'] };
    const out = run(
      [
        offer('none', { competences: ['demens'], dailyTariffOre: 150_000, quality: quality(5) }),
        offer('both', {
          competences: ['autismespektrum', 'medicinhaandtering', 'misbrug'],
          location: { lat: 55.45, lon: 12.18, town: 'Køge' },
          quality: quality(2),
        }),
        offer('one', { competences: ['medicinhaandtering'] }),
      ],
      wished,
    );

    expect(out.results.map((r) => r.offerId)).toEqual(['both', 'one', 'none']);
    expect(out.results.map((r) => r.components.suitability)).toEqual([1, 0.5, 0]);
    expect(reason(out, 'both', 'competences_met')).toBe(
      'Har alle 2 ønskede kompetencer: Medicinhåndtering, Autismespektrum',
    );
    expect(reason(out, 'one', 'competences_met')).toBe(
      'Har 1 af 2 ønskede kompetencer: Medicinhåndtering (mangler: Autismespektrum)',
    );
    expect(reason(out, 'none', 'competences_met')).toBe(
      'Har ingen af de 2 ønskede kompetencer (mangler: Medicinhåndtering, Autismespektrum)',
    );
    expect(out.results[2]!.competencesMissing).toEqual(['medicinhaandtering', 'autismespektrum']);
  });

  it('When an offer meets more wished competences, then it comes first even before a public one (suitability first); the public one is still the one that makes a private choice need a reason', () => {
    const out = run(
      [
        offer('public-none'),
        offer('private-met', { operatorKind: 'private', competences: ['psykiatri'] }),
      ],
      { ...criteria, wishedCompetences: ['psykiatri'] },
    );
    expect(out.results.map((r) => r.offerId)).toEqual(['private-met', 'public-none']);
    expect(out.publicCapacityAvailable).toBe(true);
  });

  it('When quality is unknown, then it is shown as unknown and weighs neither way: the offer scores what its other parts score, between a 5 and a 1 otherwise alike', () => {
    const out = run([
      offer('low', { quality: quality(1) }),
      offer('unknown'),
      offer('high', { quality: quality(5) }),
    ]);

    expect(out.results.map((r) => r.offerId)).toEqual(['high', 'unknown', 'low']);
    const unknown = out.results[1]!;
    expect(unknown.components.quality).toBeNull();
    // The same offer scored without quality at all: unknown adds nothing and takes nothing away.
    const withoutQuality = searchPlacements({
      criteria,
      offers: [offer('unknown')],
      nowIso: now,
      staleAfterDays: 14,
      weights: { distance: 0.45, quality: 0, price: 0.25 },
    });
    expect(unknown.score).toBe(withoutQuality.results[0]!.score);
    expect(reason(out, 'unknown', 'quality_unknown')).toBe(
      'Kvalitet ukendt (tæller hverken op eller ned)',
    );
    expect(reason(out, 'high', 'quality')).toBe(
      'Kvalitet 5 af 5 (Socialtilsynets kvalitetsmodel, 12.03.2026)',
    );
    expect(reason(out, 'unknown', 'score')).toContain('kvalitet ukendt');
    expect(reason(out, 'unknown', 'score')).not.toContain('0,50');
  });

  it('When an offer has no place, then its distance is unknown, weighs neither way and says so', () => {
    const out = run([offer('nowhere', { location: null }), offer('here')]);
    const nowhere = out.results.find((r) => r.offerId === 'nowhere')!;
    expect(nowhere.distanceKm).toBeNull();
    expect(nowhere.components.distance).toBeNull();
    // Equal price, no quality: only the price is known, and it is the cheapest.
    expect(nowhere.score).toBe(1);
    expect(reason(out, 'nowhere', 'distance_unknown')).toBe(
      'Afstand ukendt: tilbuddets placering er ikke oplyst (tæller hverken op eller ned)',
    );
  });

  it('When nothing of distance, quality and price is known, then the offer has no score and comes after the scored ones of its group', () => {
    const out = run([
      offer('blank', { location: null, dailyTariffOre: null }),
      offer('known', { quality: quality(1), location: nykoebingF, dailyTariffOre: 900_000 }),
    ]);
    expect(out.results.map((r) => [r.offerId, r.score])).toEqual([
      ['known', expect.any(Number)],
      ['blank', null],
    ]);
    expect(reason(out, 'blank', 'score')).toBe(
      'Ingen samlet score: afstand, kvalitet og pris er ukendte',
    );
  });
});

describe('how long a ranking holds', () => {
  const DAY = 86_400_000;
  const confirmedMs = (iso: string) => ({
    capacityConfirmedAt: iso,
    capacityConfirmedAtMs: Date.parse(iso),
  });
  const offers = [
    offer('fresh', confirmedMs('2026-11-20T12:00:00Z')),
    offer('older', confirmedMs('2026-11-12T06:00:00Z')),
    offer('stale', confirmedMs('2026-10-01T12:00:00Z')),
  ];
  const rankAt = (ms: number) =>
    rankPlacements({
      criteria,
      offers,
      nowIso: new Date(ms).toISOString(),
      staleAfterDays: 14,
    });
  const staleFlags = (r: ReturnType<typeof rankAt>) =>
    r.ranked.map((s) => `${s.o.id}:${s.stale}`).join(' ');

  it('When a ranking is made, then it holds until its first fresh offer turns stale, and not one millisecond longer', () => {
    const nowMs = Date.parse(now);
    const r = rankAt(nowMs);
    const until = rankingHoldsUntilMs(r, nowMs);

    expect(until).toBe(Date.parse('2026-11-12T06:00:00Z') + 14 * DAY);
    expect(staleFlags(rankAt(until))).toBe(staleFlags(r));
    expect(staleFlags(rankAt(until + 1))).not.toBe(staleFlags(r));
  });

  it('When every offer is stale, then the ranking holds for good; when a confirmation has no parsed time, only for now', () => {
    const nowMs = Date.parse('2027-06-01T00:00:00Z');
    expect(rankingHoldsUntilMs(rankAt(nowMs), nowMs)).toBe(Infinity);

    const unparsed = rankPlacements({
      criteria,
      offers: [offer('text-only')],
      nowIso: now,
      staleAfterDays: 14,
    });
    expect(rankingHoldsUntilMs(unparsed, Date.parse(now))).toBe(Date.parse(now));
  });
});
