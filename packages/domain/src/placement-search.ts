/**
 * Placement search (pladssøgning): which offers suit a citizen and in what order they are shown.
 *
 * Which offers are shown at all: an offer of another target group, legal basis, age or gender, one
 * without a required competence, one farther away than the order's maximum distance (or of unknown
 * place when a maximum is given) and, unless asked for, one without free places is left out, with why.
 *
 * The order of the rest is a rule of the framework agreement, not a tuning choice; each key decides
 * only between offers the keys before it leave level:
 *   1. free places now before full offers (full ones are shown only for waiting lists, last);
 *   2. suitability: more of the order's wished competences met before fewer (met / wished);
 *   3. public offers (municipal and regional) before private ones (two tiers, as corrected in 2025);
 *   4. capacity confirmed within `staleAfterDays` before stale or never confirmed capacity;
 *   5. the score (below), which weighs distance, quality and price;
 *   6. then distance, then offer id, so equal scores have a stable order.
 *
 * Score (0–1) = the weighted mean of the parts that are KNOWN, each 0–1:
 *   distance: 1 − distance / max distance (or 1 / (1 + distance / 25 km) without a maximum);
 *   quality:  (score − 1) / 4 on the 1–5 scale of the quality indicator (see quality.ts);
 *   price:    cheapest daily tariff among the candidates / this offer's tariff.
 * Missing data is missing, never a neutral middle: an unknown part is left out of the mean and
 * the known parts' weights are rescaled to sum to 1, so an unknown quality (or place, or price)
 * neither raises nor lowers an offer; it is shown as "ukendt". An offer with no known part has no
 * score (null) and comes after the scored ones of its group. Weights are configuration
 * (`DEFAULT_SCORE_WEIGHTS`, distance before quality before price); each result carries its parts
 * and explains its place in Danish (wished competences met, km, quality with source and date).
 */
import { isStale } from './capacity';
import { isoToEpochMs, MS_PER_DAY } from './iso-date';
import { DomainValidationError } from './errors';
import { distanceKm, type Place } from './geo';
import { isPublicOperator, type OperatorKind } from './organisations';
import { qualityShare, type Quality } from './quality';
import {
  rankReasons,
  rounded,
  unsuitableCodes,
  unsuitableReasons,
  type Reason,
} from './placement-search-reasons';

export type { Reason } from './placement-search-reasons';

export type Gender = 'female' | 'male';

export interface SearchCriteria {
  targetGroup: string;
  legalBasis: string;
  age: number;
  gender?: Gender;
  requiredCompetences?: string[];
  wishedCompetences?: string[];
  /** Where the citizen should live; unknown = every distance is unknown. */
  location?: Place;
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
  /** Competence slugs (competences.ts). */
  competences?: string[];
  location?: Place | null;
  freePlaces: number;
  /** When the supplier last confirmed its capacity (ISO); null = never. */
  capacityConfirmedAt: string | null;
  /**
   * The same instant in epoch ms, when the caller parsed it already (once per change of the
   * offer, not once per search); absent: parsed from `capacityConfirmedAt`.
   */
  capacityConfirmedAtMs?: number;
  dailyTariffOre: number | null;
  quality?: Quality | null;
}

/** Weights of the score's parts; suitability is not among them: it is a sort key of its own. */
export interface ScoreWeights {
  distance: number;
  quality: number;
  price: number;
}

export const DEFAULT_SCORE_WEIGHTS: Readonly<ScoreWeights> = Object.freeze({
  distance: 0.45,
  quality: 0.3,
  price: 0.25,
});

/** Each part 0–1, or null when unknown (and then left out of the score). */
export interface ScoreParts {
  /** Share of wished competences met; null when none were wished. */
  suitability: number | null;
  distance: number | null;
  quality: number | null;
  price: number | null;
}

export type Tier = 'public' | 'private';

export interface SearchResult {
  offerId: string;
  rank: number;
  tier: Tier;
  /** The weighted mean of the known parts; null when none is known. */
  score: number | null;
  components: ScoreParts;
  /** Wished competences the offer has, and those it lacks (slugs). */
  competencesMet: string[];
  competencesMissing: string[];
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

/** An offer that suits the citizen, with its distance (null when either location is unknown). */
interface Kept {
  o: CandidateOffer;
  d: number | null;
}

export interface Scored extends Kept {
  components: ScoreParts;
  met: string[];
  missing: string[];
  score: number | null;
  stale: boolean;
  tier: Tier;
  full: boolean;
}

/** An offer left out, with the codes of why (their Danish texts are built only when shown). */
export interface Excluded {
  o: CandidateOffer;
  d: number | null;
  codes: string[];
}

/** Step 1: suitability (and distance, and free places) as a filter; the rest is excluded, with why. */
function sortOutUnsuitable(
  c: SearchCriteria,
  offers: readonly CandidateOffer[],
): { kept: Kept[]; excluded: Excluded[] } {
  const excluded: Excluded[] = [];
  const kept: Kept[] = [];
  for (const o of offers) {
    const d = c.location && o.location ? distanceKm(c.location, o.location) : null;
    const codes = unsuitableCodes(c, o, d);
    if (codes.length) excluded.push({ o, d, codes });
    else kept.push({ o, d });
  }
  return { kept, excluded };
}

/** The parts of one offer's score as the module comment defines them (null = unknown). */
function scoreParts(c: SearchCriteria, { o, d }: Kept, cheapest: number | null) {
  const wished = c.wishedCompetences ?? [];
  const has = new Set(o.competences ?? []);
  const met = wished.filter((k) => has.has(k));
  const parts: ScoreParts = {
    suitability: wished.length ? met.length / wished.length : null,
    distance:
      d === null ? null : c.maxDistanceKm ? Math.max(0, 1 - d / c.maxDistanceKm) : 1 / (1 + d / 25),
    quality: o.quality ? qualityShare(o.quality) : null,
    price: o.dailyTariffOre && cheapest ? cheapest / o.dailyTariffOre : null,
  };
  for (const k of Object.keys(parts) as (keyof ScoreParts)[]) {
    const v = parts[k];
    parts[k] = v === null ? null : rounded(v, 4);
  }
  return { parts, met, missing: wished.filter((k) => !has.has(k)) };
}

/** The weighted mean of the known parts, the known weights rescaled to 1; null if none is known. */
export function scoreOf(parts: ScoreParts, w: ScoreWeights): number | null {
  let sum = 0;
  let weight = 0;
  for (const k of ['distance', 'quality', 'price'] as const) {
    const v = parts[k];
    if (v === null || !(w[k] > 0)) continue;
    sum += w[k] * v;
    weight += w[k];
  }
  return weight > 0 ? rounded(sum / weight, 4) : null;
}

/** Step 2: the score, tier, staleness and fullness of each suitable offer. */
function scoreCandidates(
  c: SearchCriteria,
  kept: Kept[],
  w: ScoreWeights,
  at: { nowIso: string; nowMs: number; staleAfterDays: number },
): Scored[] {
  const prices = kept
    .map((k) => k.o.dailyTariffOre)
    .filter((p): p is number => p !== null && p > 0);
  const cheapest = prices.length ? Math.min(...prices) : null;
  return kept.map((k) => {
    const { parts, met, missing } = scoreParts(c, k, cheapest);
    const stale =
      k.o.capacityConfirmedAt === null ||
      (k.o.capacityConfirmedAtMs !== undefined
        ? at.nowMs - k.o.capacityConfirmedAtMs > at.staleAfterDays * MS_PER_DAY
        : isStale(k.o.capacityConfirmedAt, at.nowIso, at.staleAfterDays));
    const tier: Tier = isPublicOperator(k.o.operatorKind) ? 'public' : 'private';
    return {
      ...k,
      components: parts,
      met,
      missing,
      score: scoreOf(parts, w),
      stale,
      tier,
      full: k.o.freePlaces <= 0,
    };
  });
}

/** Step 3, the order of the module comment: each key decides only what the keys before leave level. */
function frameworkOrder(a: Scored, b: Scored): number {
  return (
    Number(a.full) - Number(b.full) ||
    b.met.length - a.met.length ||
    Number(a.tier === 'private') - Number(b.tier === 'private') ||
    Number(a.stale) - Number(b.stale) ||
    (b.score ?? -1) - (a.score ?? -1) ||
    (a.d ?? Infinity) - (b.d ?? Infinity) ||
    (a.o.id < b.o.id ? -1 : a.o.id > b.o.id ? 1 : 0)
  );
}

export interface SearchInput {
  criteria: SearchCriteria;
  offers: readonly CandidateOffer[];
  nowIso: string;
  staleAfterDays: number;
  weights?: ScoreWeights;
}

/**
 * The search without its words: the suitable offers in the framework agreement's order and the
 * excluded ones with the codes of why. The Danish reasons cost more than the ranking itself, so
 * they are built by `resultAt` and `excludedAt` only for the rows a page shows.
 */
export interface RankedPlacements {
  criteria: SearchCriteria;
  ranked: Scored[];
  excluded: Excluded[];
  publicCapacityAvailable: boolean;
  weights: ScoreWeights;
  staleAfterDays: number;
}

export function rankPlacements(input: SearchInput): RankedPlacements {
  const { criteria: c, nowIso, staleAfterDays } = input;
  const w = input.weights ?? DEFAULT_SCORE_WEIGHTS;
  if (!(w.distance + w.quality + w.price > 0))
    throw new RangeError('score weights must sum to more than 0');
  if (!Number.isInteger(staleAfterDays) || staleAfterDays < 0)
    throw new RangeError('staleAfterDays must be a non-negative integer');

  const { kept, excluded } = sortOutUnsuitable(c, input.offers);
  const at = { nowIso, nowMs: isoToEpochMs(nowIso), staleAfterDays };
  const ranked = scoreCandidates(c, kept, w, at);
  ranked.sort(frameworkOrder);
  return {
    criteria: c,
    ranked,
    excluded,
    publicCapacityAvailable: ranked.some((s) => s.tier === 'public' && s.o.freePlaces > 0),
    weights: { ...w },
    staleAfterDays,
  };
}

/**
 * The last instant (epoch ms) at which a ranking made at `nowMs` is still the ranking of that
 * moment: the ranking depends on time only through staleness, and an offer's capacity turns stale
 * once more than `staleAfterDays` have passed since it was confirmed (a stale one stays stale).
 * So the ranking holds until the first of its fresh offers turns stale; Infinity when none can.
 * An offer whose confirmation time is known only as text is not worked out: the ranking then
 * holds for `nowMs` alone.
 */
export function rankingHoldsUntilMs(r: RankedPlacements, nowMs: number): number {
  const window = r.staleAfterDays * MS_PER_DAY;
  let until = Infinity;
  for (const s of r.ranked) {
    if (s.stale) continue;
    const confirmed = s.o.capacityConfirmedAtMs;
    if (confirmed === undefined) return nowMs;
    until = Math.min(until, confirmed + window);
  }
  return until;
}

/** The result at `index` (0-based) of the ranking, with its reasons. */
export function resultAt(r: RankedPlacements, index: number): SearchResult {
  const s = r.ranked[index]!;
  return {
    offerId: s.o.id,
    rank: index + 1,
    tier: s.tier,
    score: s.score,
    components: s.components,
    competencesMet: s.met,
    competencesMissing: s.missing,
    distanceKm: s.d === null ? null : rounded(s.d, 1),
    freePlaces: s.o.freePlaces,
    stale: s.stale,
    reasons: rankReasons(s, r.criteria, r.staleAfterDays),
  };
}

/** The excluded offer at `index`, with the Danish reasons it was left out. */
export function excludedAt(r: RankedPlacements, index: number): SearchOutcome['excluded'][number] {
  const e = r.excluded[index]!;
  return { offerId: e.o.id, reasons: unsuitableReasons(r.criteria, e.o, e.d) };
}

export function searchPlacements(input: SearchInput): SearchOutcome {
  const r = rankPlacements(input);
  return {
    results: r.ranked.map((_, i) => resultAt(r, i)),
    excluded: r.excluded.map((_, i) => excludedAt(r, i)),
    publicCapacityAvailable: r.publicCapacityAvailable,
    weights: r.weights,
    staleAfterDays: r.staleAfterDays,
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
