import { competenceLabel, type CompetenceSlug, type TargetGroupSlug } from '@rammeaftale/domain';
import type { OfferCsvRow } from './dataset';
import { Prng } from './prng';
import { addDays, danishDate, danishDecimal } from './spreadsheet-text';

/*
 * The ranking data of a demo offer: its special competences, a quality assessment with source and
 * date, and now and then a gap on purpose (no competences stated, no quality assessed, no
 * coordinates), so the search shows what it does with missing data. Drawn from a PRNG of the
 * offer's own id, so the rest of the data set (capacity, tariffs) is the same as before these
 * columns existed, and the same seed still gives the same set.
 */

/** Competences that fit each target group, the first ones more common. */
const BY_GROUP: Record<TargetGroupSlug, readonly CompetenceSlug[]> = {
  autisme: [
    'autismespektrum',
    'low-arousal',
    'medicinhaandtering',
    'skaermet-enhed',
    'udadreagerende-adfaerd',
  ],
  forsorgshjem: ['misbrug', 'psykiatri', 'dobbeltdiagnose', 'udslusning', 'vaagen-nattevagt'],
  krisecentre: ['traumer', 'vaagen-nattevagt', 'psykiatri'],
  misbrugstilbud: ['misbrug', 'dobbeltdiagnose', 'medicinhaandtering', 'psykiatri'],
  'erhvervet-hjerneskade': [
    'hjerneskade',
    'medicinhaandtering',
    'epilepsi',
    'udadreagerende-adfaerd',
  ],
  socialpsykiatri: [
    'psykiatri',
    'medicinhaandtering',
    'dobbeltdiagnose',
    'selvskade',
    'udslusning',
  ],
  'udsatte-boern-og-unge': ['traumer', 'selvskade', 'udadreagerende-adfaerd', 'spiseforstyrrelse'],
  udviklingshaemmede: ['medicinhaandtering', 'low-arousal', 'epilepsi', 'demens', 'tegnsprog'],
  aflastning: ['medicinhaandtering', 'epilepsi', 'autismespektrum', 'tegnsprog'],
  'sikrede-institutioner': [
    'udadreagerende-adfaerd',
    'skaermet-enhed',
    'vaagen-nattevagt',
    'traumer',
  ],
};

const SOURCE = 'Socialtilsynets kvalitetsmodel, samlet vurdering';

export function rankingCells(
  tp: string,
  group: TargetGroupSlug,
  approvalStatus: string,
  anchorDate: string,
): Pick<OfferCsvRow, 'competences' | 'qualityScore' | 'qualitySource' | 'qualityDate'> & {
  withoutCoordinates: boolean;
} {
  const rng = new Prng(Number(tp) * 2_654_435_761);
  const pool = BY_GROUP[group];
  // One in ten offers states no competences; the rest two to four, the group's first ones likelier.
  const competences = rng.chance(0.1)
    ? []
    : pool.filter((_, i) => rng.chance(i < 2 ? 0.85 : 0.4)).slice(0, 4);
  // One in six offers has no assessment yet (new, or not assessed on the model).
  const assessed = !rng.chance(1 / 6);
  // Under enhanced supervision the assessment is low; otherwise mostly 3–5.
  const score =
    approvalStatus === 'Skærpet tilsyn'
      ? rng.pick([1, 1.5, 2, 2.5])
      : rng.weighted([
          [2, 5],
          [3, 25],
          [3.5, 15],
          [4, 35],
          [4.5, 10],
          [5, 10],
        ] as const);
  return {
    competences: competences.map(competenceLabel).join('; '),
    qualityScore: assessed ? danishDecimal(score, Number.isInteger(score) ? 0 : 1) : '',
    qualitySource: assessed ? SOURCE : '',
    qualityDate: assessed ? danishDate(addDays(anchorDate, -rng.int(30, 3 * 365))) : '',
    // One in thirty offers lacks coordinates: its distance is unknown and says so.
    withoutCoordinates: rng.chance(1 / 30),
  };
}
