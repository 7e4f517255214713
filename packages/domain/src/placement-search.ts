/**
 * Placement search (pladssøgning): which offers suit a citizen and in what order they are shown.
 *
 * The order is a rule of the framework agreement, not a tuning choice:
 *   1. suitability is a filter — an offer that does not suit the citizen is not shown at all;
 *   2. among suitable offers with free places, public offers (municipal and regional) come before
 *      private ones — always, whatever their score (two tiers, as corrected in 2025);
 *   3. within a tier, offers whose capacity is confirmed come before stale ones (stale capacity is
 *      shown, flagged, but not trusted as much);
 *   4. then the weighted score (below), then distance, then offer id, so equal scores have a stable order.
 *
 * Score (0–1) = weighted mean of four components, each 0–1:
 *   suitability: 1 when no wished competences were given, else 0.5 + 0.5 × share of wished competences met;
 *   distance:    1 − distance / max distance (or 1 / (1 + distance / 25 km) without a maximum);
 *   price:       cheapest daily tariff among the candidates / this offer's tariff (0.5 if unknown);
 *   quality:     quality indicator / 100 (0.5 if unknown).
 * Weights are configuration (`DEFAULT_SCORE_WEIGHTS`), and each result carries its components.
 */
import { isStale } from './capacity';
import { DomainValidationError } from './errors';
import { distanceKm } from './geo';
import { formatDkk } from './money';
import { isPublicOperator, type OperatorKind } from './organisations';

export type Gender = 'female' | 'male';

export interface SearchCriteria {
  targetGroup: string;
  legalBasis: string;
  age: number;
  gender?: Gender;
  requiredCompetences?: string[];
  wishedCompetences?: string[];
  location?: { lat: number; lon: number };
  maxDistanceKm?: number;
  /** Also list suitable offers without free places (for waiting lists); they rank last. */
  includeFull?: boolean;
}

export interface CandidateOffer {
  id: string;
  operatorKind: OperatorKind;
  targetGroups: string[];
  legalBases: string[];
  ageMin: number;
  ageMax: number;
  /** Genders the offer takes; empty or absent = all. */
  genders?: Gender[];
  competences?: string[];
  location?: { lat: number; lon: number };
  freePlaces: number;
  /** When the supplier last confirmed its capacity (ISO); null = never. */
  capacityConfirmedAt: string | null;
  dailyTariffOre: number | null;
  qualityScore?: number | null;
}

export interface ScoreWeights {
  suitability: number;
  distance: number;
  price: number;
  quality: number;
}

export const DEFAULT_SCORE_WEIGHTS: Readonly<ScoreWeights> = Object.freeze({
  suitability: 0.4,
  distance: 0.25,
  price: 0.2,
  quality: 0.15,
});

export type Tier = 'public' | 'private';

export interface Reason {
  code: string;
  /** Danish text for the case worker. */
  text: string;
}

export interface SearchResult {
  offerId: string;
  rank: number;
  tier: Tier;
  score: number;
  components: ScoreWeights;
  distanceKm: number | null;
  freePlaces: number;
  stale: boolean;
  reasons: Reason[];
}

export interface SearchOutcome {
  results: SearchResult[];
  excluded: { offerId: string; reasons: Reason[] }[];
  /** True when a suitable public offer has a free place: choosing a private one then needs a reason. */
  publicCapacityAvailable: boolean;
  weights: ScoreWeights;
  staleAfterDays: number;
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
const comma = (n: number, d = 2) => n.toFixed(d).replace('.', ',');

const OTHER_TARGET_GROUP: Reason = Object.freeze({
  code: 'target_group',
  text: 'Tilbuddet har ikke borgerens målgruppe',
});
const NO_FREE_PLACES: Reason = Object.freeze({
  code: 'no_free_places',
  text: 'Ingen ledige pladser',
});

/**
 * Why an offer does not suit the citizen. An offer of another target group is left out for that
 * reason alone (it is most of the registry, and the other checks say nothing more about it).
 */
function unsuitableReasons(
  c: SearchCriteria,
  o: CandidateOffer,
  legalBasisReason: Reason,
  required: string[],
): Reason[] {
  if (!o.targetGroups.includes(c.targetGroup)) return [OTHER_TARGET_GROUP];
  const r: Reason[] = [];
  if (!o.legalBases.includes(c.legalBasis)) r.push(legalBasisReason);
  if (c.age < o.ageMin || c.age > o.ageMax)
    r.push({
      code: 'age',
      text: `Alder uden for tilbuddets aldersgruppe (${o.ageMin}–${o.ageMax} år)`,
    });
  if (c.gender && o.genders && o.genders.length > 0 && !o.genders.includes(c.gender))
    r.push({ code: 'gender', text: 'Tilbuddet modtager ikke borgerens køn' });
  if (required.length) {
    const missing = required.filter((k) => !(o.competences ?? []).includes(k));
    if (missing.length)
      r.push({ code: 'competences', text: `Mangler krævede kompetencer: ${missing.join(', ')}` });
  }
  return r;
}

/** An offer that suits the citizen, with its distance (null when either location is unknown). */
interface Kept {
  o: CandidateOffer;
  d: number | null;
}

interface Scored extends Kept {
  components: ScoreWeights;
  score: number;
  stale: boolean;
  tier: Tier;
  full: boolean;
}

/** Step 1: suitability (and distance, and free places) as a filter; the rest is excluded, with why. */
function sortOutUnsuitable(
  c: SearchCriteria,
  offers: CandidateOffer[],
): { kept: Kept[]; excluded: SearchOutcome['excluded'] } {
  const excluded: SearchOutcome['excluded'] = [];
  const kept: Kept[] = [];
  const legalBasisReason: Reason = {
    code: 'legal_basis',
    text: `Tilbuddet leverer ikke ydelser efter ${c.legalBasis}`,
  };
  const required = c.requiredCompetences ?? [];
  for (const o of offers) {
    const reasons = unsuitableReasons(c, o, legalBasisReason, required);
    if (reasons[0] === OTHER_TARGET_GROUP) {
      excluded.push({ offerId: o.id, reasons });
      continue;
    }
    const d = c.location && o.location ? distanceKm(c.location, o.location) : null;
    if (c.maxDistanceKm !== undefined && (d === null || d > c.maxDistanceKm)) {
      reasons.push({
        code: 'distance',
        text:
          d === null
            ? 'Tilbuddets placering er ukendt'
            : `Længere væk end ${c.maxDistanceKm} km (${comma(d, 1)} km)`,
      });
    }
    if (o.freePlaces <= 0 && !c.includeFull) reasons.push(NO_FREE_PLACES);
    if (reasons.length) excluded.push({ offerId: o.id, reasons });
    else kept.push({ o, d });
  }
  return { kept, excluded };
}

/** The four score components of one offer (each 0–1, rounded), as the module comment defines them. */
function scoreComponents(c: SearchCriteria, { o, d }: Kept, cheapest: number | null): ScoreWeights {
  const wished = c.wishedCompetences ?? [];
  const met = wished.filter((k) => (o.competences ?? []).includes(k)).length;
  const components: ScoreWeights = {
    suitability: wished.length ? 0.5 + (0.5 * met) / wished.length : 1,
    distance:
      d === null ? 0.5 : c.maxDistanceKm ? Math.max(0, 1 - d / c.maxDistanceKm) : 1 / (1 + d / 25),
    price: o.dailyTariffOre && cheapest ? cheapest / o.dailyTariffOre : 0.5,
    quality:
      o.qualityScore === null || o.qualityScore === undefined
        ? 0.5
        : Math.min(1, Math.max(0, o.qualityScore / 100)),
  };
  for (const k of Object.keys(components) as (keyof ScoreWeights)[])
    components[k] = round4(components[k]);
  return components;
}

/** Step 2: the weighted score, tier, staleness and fullness of each suitable offer. */
function scoreCandidates(
  c: SearchCriteria,
  kept: Kept[],
  w: ScoreWeights,
  at: { nowIso: string; staleAfterDays: number },
): Scored[] {
  const weightSum = w.suitability + w.distance + w.price + w.quality;
  const prices = kept
    .map((k) => k.o.dailyTariffOre)
    .filter((p): p is number => p !== null && p > 0);
  const cheapest = prices.length ? Math.min(...prices) : null;
  return kept.map((k) => {
    const components = scoreComponents(c, k, cheapest);
    const score = round4(
      (w.suitability * components.suitability +
        w.distance * components.distance +
        w.price * components.price +
        w.quality * components.quality) /
        weightSum,
    );
    const stale =
      k.o.capacityConfirmedAt === null ||
      isStale(k.o.capacityConfirmedAt, at.nowIso, at.staleAfterDays);
    const tier: Tier = isPublicOperator(k.o.operatorKind) ? 'public' : 'private';
    return { ...k, components, score, stale, tier, full: k.o.freePlaces <= 0 };
  });
}

/**
 * Step 3, the framework agreement's order: full offers last, public before private, confirmed
 * before stale, then score, distance and id.
 */
function frameworkOrder(a: Scored, b: Scored): number {
  return (
    Number(a.full) - Number(b.full) ||
    Number(a.tier === 'private') - Number(b.tier === 'private') ||
    Number(a.stale) - Number(b.stale) ||
    b.score - a.score ||
    (a.d ?? Infinity) - (b.d ?? Infinity) ||
    (a.o.id < b.o.id ? -1 : a.o.id > b.o.id ? 1 : 0)
  );
}

/** Step 4: why an offer stands where it does, in Danish for the case worker. */
function rankReasons(s: Scored, staleAfterDays: number): Reason[] {
  const reasons: Reason[] = [
    s.tier === 'public'
      ? {
          code: 'tier_public',
          text: 'Offentligt tilbud (kommunalt eller regionalt): vises før private tilbud',
        }
      : {
          code: 'tier_private',
          text: 'Privat tilbud: vises efter offentlige tilbud med ledig plads',
        },
  ];
  if (s.full)
    reasons.push({ code: 'full', text: 'Ingen ledige pladser: vises sidst (venteliste)' });
  if (s.stale) {
    reasons.push({
      code: 'stale_capacity',
      text: s.o.capacityConfirmedAt
        ? `Ledige pladser er ikke bekræftet inden for ${staleAfterDays} dage: kontakt tilbuddet`
        : 'Ledige pladser er aldrig bekræftet: kontakt tilbuddet',
    });
  }
  reasons.push({
    code: 'score',
    text: `Samlet score ${comma(s.score, 3)} (egnethed ${comma(s.components.suitability)} · afstand ${comma(s.components.distance)} · pris ${comma(s.components.price)} · kvalitet ${comma(s.components.quality)})`,
  });
  if (s.d !== null) reasons.push({ code: 'distance', text: `Afstand ${comma(s.d, 1)} km` });
  if (s.o.dailyTariffOre !== null)
    reasons.push({ code: 'price', text: `Døgntakst ${formatDkk(s.o.dailyTariffOre)}` });
  return reasons;
}

export function searchPlacements(input: {
  criteria: SearchCriteria;
  offers: CandidateOffer[];
  nowIso: string;
  staleAfterDays: number;
  weights?: ScoreWeights;
}): SearchOutcome {
  const { criteria: c, nowIso, staleAfterDays } = input;
  const w = input.weights ?? DEFAULT_SCORE_WEIGHTS;
  const weightSum = w.suitability + w.distance + w.price + w.quality;
  if (!(weightSum > 0)) throw new RangeError('score weights must sum to more than 0');

  const { kept, excluded } = sortOutUnsuitable(c, input.offers);
  const scored = scoreCandidates(c, kept, w, { nowIso, staleAfterDays });
  scored.sort(frameworkOrder);
  const results = scored.map((s, i): SearchResult => ({
    offerId: s.o.id,
    rank: i + 1,
    tier: s.tier,
    score: s.score,
    components: s.components,
    distanceKm: s.d === null ? null : Math.round(s.d * 10) / 10,
    freePlaces: s.o.freePlaces,
    stale: s.stale,
    reasons: rankReasons(s, staleAfterDays),
  }));

  return {
    results,
    excluded,
    publicCapacityAvailable: results.some((r) => r.tier === 'public' && r.freePlaces > 0),
    weights: { ...w },
    staleAfterDays,
  };
}

export const PRIVATE_CHOICE_REASON_CODES = [
  'special_competence',
  'citizen_wish',
  'continuity',
  'public_declined',
  'location_network',
  'other',
] as const;
export type PrivateChoiceReasonCode = (typeof PRIVATE_CHOICE_REASON_CODES)[number];

export const PRIVATE_CHOICE_REASON_LABELS: Record<PrivateChoiceReasonCode, string> = {
  special_competence: 'Særlige faglige kompetencer, som de offentlige tilbud ikke har',
  citizen_wish: 'Borgerens eller familiens ønske',
  continuity: 'Kontinuitet i en igangværende indsats',
  public_declined: 'Det offentlige tilbud har afvist borgeren',
  location_network: 'Nærhed til borgerens netværk',
  other: 'Anden begrundelse',
};

/**
 * Choosing a private offer while a suitable public offer has a free place needs a recorded reason.
 * Stale public capacity counts too: it must be checked, not silently passed over.
 */
export function privateChoiceNeedsReason(
  selectedTier: Tier,
  outcome: Pick<SearchOutcome, 'publicCapacityAvailable'>,
): boolean {
  return selectedTier === 'private' && outcome.publicCapacityAvailable;
}

export function assertPrivateChoiceReason(
  selectedTier: Tier,
  outcome: Pick<SearchOutcome, 'publicCapacityAvailable'>,
  reason: { code: string; text: string } | undefined,
): void {
  if (!privateChoiceNeedsReason(selectedTier, outcome)) return;
  if (
    !reason ||
    !(PRIVATE_CHOICE_REASON_CODES as readonly string[]).includes(reason.code) ||
    reason.text.trim().length < 10
  ) {
    throw new DomainValidationError(
      'PRIVATE_CHOICE_REASON_REQUIRED',
      'a private offer was chosen while a suitable public offer has a free place: a reason code and a text of at least 10 characters are required',
    );
  }
}
