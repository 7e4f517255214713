import {
  COMPETENCES,
  competenceFromText,
  isDomainValidationError,
  parseDanishDecimal,
} from '@rammeaftale/domain';
import type { OfferMetadata } from '../offer.repository';
import { QualitySchema } from '../offer.schemas';
import type { ColumnSpec } from './csv';
import type { RowReader } from './fields';
import type { OfferColumn } from './offer-row';

/*
 * The offer's ranking data in the offers file: its special competences (the controlled vocabulary,
 * by label or slug) and a quality indicator with its source and date. All optional: an empty cell
 * is unknown, and the search shows it as unknown.
 */

export const RANKING_COLUMNS = [
  { key: 'competences', header: 'Kompetencer', required: false, aliases: ['Særlige kompetencer'] },
  { key: 'qualityScore', header: 'Kvalitet', required: false, aliases: ['Kvalitetsvurdering'] },
  { key: 'qualitySource', header: 'Kvalitetskilde', required: false },
  { key: 'qualityDate', header: 'Kvalitetsdato', required: false },
] as const satisfies readonly ColumnSpec<string>[];

type Ranking = Pick<OfferMetadata, 'competences' | 'quality'>;

/** The row's competences and quality, or undefined when a cell is bad (see `r.problems`). */
export function parseRankingCells(r: RowReader<OfferColumn>): Ranking | undefined {
  const competences = parseCompetences(r);
  const quality = parseQuality(r);
  if (competences === undefined || quality === undefined) return undefined;
  return { competences, quality };
}

function parseCompetences(r: RowReader<OfferColumn>): string[] | undefined {
  const items = r.list('competences', { required: false }) ?? [];
  const slugs = items.map(competenceFromText);
  if (slugs.some((s) => s === undefined)) {
    return r.fail(
      'competences',
      'UNKNOWN_COMPETENCE',
      `Ukendt kompetence. Brug: ${COMPETENCES.map((c) => c.label).join(', ')}; adskil med semikolon.`,
    );
  }
  return [...new Set(slugs as string[])];
}

/** All three quality cells or none; the score in Danish notation ('3,5'). null when absent. */
function parseQuality(r: RowReader<OfferColumn>): OfferMetadata['quality'] | undefined {
  const scoreText = r.text('qualityScore');
  const source = r.text('qualitySource', { max: 120 });
  const assessedOn = r.date('qualityDate', { required: false });
  if (scoreText === undefined && source === undefined && r.raw('qualityDate') === '') return null;
  if (assessedOn === undefined && r.raw('qualityDate') !== '') return undefined;
  if (scoreText === undefined) return r.fail('qualityScore', 'MISSING', 'Angiv kvaliteten (1–5).');
  if (source === undefined)
    return r.fail('qualitySource', 'MISSING', 'Angiv hvem der har vurderet kvaliteten.');
  if (assessedOn === undefined)
    return r.fail('qualityDate', 'MISSING', 'Angiv datoen for kvalitetsvurderingen.');
  let score: number;
  try {
    score = parseDanishDecimal(scoreText.replace('.', ','), 1) / 10;
  } catch (err) {
    if (!isDomainValidationError(err)) throw err;
    return r.fail('qualityScore', 'INVALID_QUALITY', 'Skal være et tal fra 1 til 5, fx 3,5.');
  }
  const parsed = QualitySchema.safeParse({ score, source, assessedOn });
  if (!parsed.success)
    return r.fail('qualityScore', 'INVALID_QUALITY', 'Skal være et tal fra 1 til 5, fx 3,5.');
  return parsed.data;
}
