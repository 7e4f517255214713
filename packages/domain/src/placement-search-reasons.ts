/**
 * The words of the placement search: why an offer is left out, and why a shown one stands where it
 * does, in Danish for the case worker. The rules themselves are in placement-search.ts.
 */
import { competenceLabel } from './competences';
import { formatDkk } from './money';
import { describeQuality } from './quality';
import type { CandidateOffer, Scored, SearchCriteria } from './placement-search';

export interface Reason {
  code: string;
  /** Danish text for the case worker. */
  text: string;
}

export const rounded = (n: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
};
const comma = (n: number, d = 2) => n.toFixed(d).replace('.', ',');
const labels = (slugs: string[]) => slugs.map(competenceLabel).join(', ');

/** '12 km' from 10 km up, '3,4 km' below: a case worker reads whole kilometres at a distance. */
export function kmText(d: number): string {
  return d >= 10 ? `${Math.round(d)} km` : `${comma(d, 1)} km`;
}

const OTHER_TARGET_GROUP: Reason = Object.freeze({
  code: 'target_group',
  text: 'Tilbuddet har ikke borgerens målgruppe',
});
const NO_FREE_PLACES: Reason = Object.freeze({
  code: 'no_free_places',
  text: 'Ingen ledige pladser',
});

type Check = (c: SearchCriteria, o: CandidateOffer, d: number | null) => Reason;

const missingRequired = (c: SearchCriteria, o: CandidateOffer) =>
  (c.requiredCompetences ?? []).filter((k) => !(o.competences ?? []).includes(k));
const tooFar = (c: SearchCriteria, d: number | null) =>
  c.maxDistanceKm !== undefined && (d === null || d > c.maxDistanceKm);

/**
 * The suitability checks after the target group, in the order their reasons are listed: each
 * code's test (cheap, run for every offer of the group) and its Danish text (built only for an
 * excluded offer that is shown).
 */
const CHECKS: readonly {
  code: string;
  fails: (...a: Parameters<Check>) => boolean;
  reason: Check;
}[] = [
  {
    code: 'legal_basis',
    fails: (c, o) => !o.legalBases.includes(c.legalBasis),
    reason: (c) => ({
      code: 'legal_basis',
      text: `Tilbuddet leverer ikke ydelser efter ${c.legalBasis}`,
    }),
  },
  {
    code: 'age',
    fails: (c, o) => c.age < o.ageMin || c.age > o.ageMax,
    reason: (_c, o) => ({
      code: 'age',
      text: `Alder uden for tilbuddets aldersgruppe (${o.ageMin}–${o.ageMax} år)`,
    }),
  },
  {
    code: 'gender',
    fails: (c, o) =>
      !!c.gender && !!o.genders && o.genders.length > 0 && !o.genders.includes(c.gender),
    reason: () => ({ code: 'gender', text: 'Tilbuddet modtager ikke borgerens køn' }),
  },
  {
    code: 'competences',
    fails: (c, o) => missingRequired(c, o).length > 0,
    reason: (c, o) => ({
      code: 'competences',
      text: `Mangler krævede kompetencer: ${labels(missingRequired(c, o))}`,
    }),
  },
  {
    code: 'distance',
    fails: (c, _o, d) => tooFar(c, d),
    reason: (c, _o, d) => ({
      code: 'distance',
      text:
        d === null
          ? 'Tilbuddets placering er ukendt, og bestillingen har en største afstand'
          : `Længere væk end ${c.maxDistanceKm} km (${kmText(d)})`,
    }),
  },
  {
    code: 'no_free_places',
    fails: (c, o) => o.freePlaces <= 0 && !c.includeFull,
    reason: () => NO_FREE_PLACES,
  },
];

/**
 * The codes of why an offer does not suit the citizen (empty: it suits), without their texts. An
 * offer of another target group is left out for that reason alone (it is most of the registry; the
 * other checks say nothing more).
 */
export function unsuitableCodes(c: SearchCriteria, o: CandidateOffer, d: number | null): string[] {
  if (!o.targetGroups.includes(c.targetGroup)) return [OTHER_TARGET_GROUP.code];
  const codes: string[] = [];
  for (const check of CHECKS) if (check.fails(c, o, d)) codes.push(check.code);
  return codes;
}

/** Why an offer does not suit the citizen, in Danish (empty: it suits); see `unsuitableCodes`. */
export function unsuitableReasons(
  c: SearchCriteria,
  o: CandidateOffer,
  d: number | null,
): Reason[] {
  if (!o.targetGroups.includes(c.targetGroup)) return [OTHER_TARGET_GROUP];
  const r: Reason[] = [];
  for (const check of CHECKS) if (check.fails(c, o, d)) r.push(check.reason(c, o, d));
  return r;
}

function suitabilityReason(s: Scored): Reason | undefined {
  const wished = s.met.length + s.missing.length;
  if (!wished) return undefined;
  const lacks = s.missing.length ? ` (mangler: ${labels(s.missing)})` : '';
  const text =
    s.met.length === wished
      ? `Har alle ${wished} ønskede kompetencer: ${labels(s.met)}`
      : s.met.length
        ? `Har ${s.met.length} af ${wished} ønskede kompetencer: ${labels(s.met)}${lacks}`
        : `Har ingen af de ${wished} ønskede kompetencer${lacks}`;
  return { code: 'competences_met', text };
}

function tierReason(s: Scored): Reason {
  return s.tier === 'public'
    ? {
        code: 'tier_public',
        text: 'Offentligt tilbud (kommunalt eller regionalt): vises før private tilbud',
      }
    : {
        code: 'tier_private',
        text: 'Privat tilbud: vises efter offentlige tilbud med ledig plads',
      };
}

const NEITHER_WAY = 'tæller hverken op eller ned';

function distanceReason(s: Scored, c: SearchCriteria): Reason {
  if (s.d !== null) {
    const from = c.location?.town ? ` fra ${c.location.town}` : '';
    return { code: 'distance', text: `${kmText(s.d)}${from}` };
  }
  return {
    code: 'distance_unknown',
    text: c.location
      ? `Afstand ukendt: tilbuddets placering er ikke oplyst (${NEITHER_WAY})`
      : `Afstand ukendt: borgerens bopæl er ikke oplyst (${NEITHER_WAY})`,
  };
}

function qualityReason(s: Scored): Reason {
  const q = s.o.quality;
  if (!q) return { code: 'quality_unknown', text: `Kvalitet ukendt (${NEITHER_WAY})` };
  const text = describeQuality(q);
  return { code: 'quality', text: text.charAt(0).toUpperCase() + text.slice(1) };
}

function priceReason(s: Scored): Reason {
  return s.o.dailyTariffOre !== null
    ? { code: 'price', text: `Døgntakst ${formatDkk(s.o.dailyTariffOre)}` }
    : { code: 'price_unknown', text: `Døgntakst ukendt (${NEITHER_WAY})` };
}

function scoreReason(s: Scored): Reason {
  const part = (v: number | null) => (v === null ? 'ukendt' : comma(v));
  const parts = `afstand ${part(s.components.distance)} · kvalitet ${part(s.components.quality)} · pris ${part(s.components.price)}`;
  return s.score === null
    ? { code: 'score', text: `Ingen samlet score: afstand, kvalitet og pris er ukendte` }
    : { code: 'score', text: `Samlet score ${comma(s.score, 3)} (${parts})` };
}

/** Why an offer stands where it does, in the order of the ranking's keys. */
export function rankReasons(s: Scored, c: SearchCriteria, staleAfterDays: number): Reason[] {
  const reasons: Reason[] = [];
  if (s.full)
    reasons.push({ code: 'full', text: 'Ingen ledige pladser: vises sidst (venteliste)' });
  const suitability = suitabilityReason(s);
  if (suitability) reasons.push(suitability);
  reasons.push(tierReason(s));
  if (s.stale) {
    reasons.push({
      code: 'stale_capacity',
      text: s.o.capacityConfirmedAt
        ? `Ledige pladser er ikke bekræftet inden for ${staleAfterDays} dage: kontakt tilbuddet`
        : 'Ledige pladser er aldrig bekræftet: kontakt tilbuddet',
    });
  }
  reasons.push(distanceReason(s, c), qualityReason(s), priceReason(s), scoreReason(s));
  return reasons;
}
