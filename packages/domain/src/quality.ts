/**
 * A quality indicator of an offer, with where it comes from and when it was assessed, e.g. the
 * supervisory authority's overall assessment in its quality model (Socialtilsynets kvalitetsmodel,
 * samlet vurdering), a score from 1 (very low) to 5 (very high). One decimal is allowed: an overall
 * assessment can be the mean of the model's themes.
 */
export interface Quality {
  /** 1–5, at most one decimal. */
  score: number;
  /** Who assessed it and on which model, in Danish, e.g. 'Socialtilsynets kvalitetsmodel'. */
  source: string;
  /** ISO date of the assessment. */
  assessedOn: string;
}

export const QUALITY_SCALE = Object.freeze({ min: 1, max: 5 });

export function isQualityScore(value: number): boolean {
  return (
    Number.isFinite(value) &&
    value >= QUALITY_SCALE.min &&
    value <= QUALITY_SCALE.max &&
    Math.abs(value * 10 - Math.round(value * 10)) < 1e-9
  );
}

/** The score on 0–1 for the ranking: 1 → 0, 5 → 1. */
export function qualityShare(q: Quality): number {
  return (q.score - QUALITY_SCALE.min) / (QUALITY_SCALE.max - QUALITY_SCALE.min);
}

/** 'kvalitet 4 af 5 (Socialtilsynets kvalitetsmodel, 12.03.2026)', in Danish notation. */
export function describeQuality(q: Quality): string {
  const score = Number.isInteger(q.score) ? String(q.score) : q.score.toFixed(1).replace('.', ',');
  const [y, m, d] = q.assessedOn.slice(0, 10).split('-');
  return `kvalitet ${score} af ${QUALITY_SCALE.max} (${q.source}, ${d}.${m}.${y})`;
}
