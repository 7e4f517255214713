/**
 * Special competences and methods (særlige kompetencer og metoder) an offer can have and a case
 * worker can wish for. A controlled vocabulary, so "medicinhåndtering" on an order and on an offer
 * are the same word and the search can count them: slugs are ASCII (æ → ae, ø → oe, å → aa) and
 * stable for programs; labels are the Danish words people read and type into import files.
 * A new competence is one line here.
 */
export const COMPETENCES = Object.freeze([
  Object.freeze({ slug: 'medicinhaandtering', label: 'Medicinhåndtering' }),
  Object.freeze({ slug: 'autismespektrum', label: 'Autismespektrum' }),
  Object.freeze({ slug: 'udadreagerende-adfaerd', label: 'Udadreagerende adfærd' }),
  Object.freeze({ slug: 'misbrug', label: 'Misbrugsbehandling' }),
  Object.freeze({ slug: 'psykiatri', label: 'Psykiatrisk faglighed' }),
  Object.freeze({ slug: 'dobbeltdiagnose', label: 'Dobbeltdiagnose' }),
  Object.freeze({ slug: 'demens', label: 'Demens' }),
  Object.freeze({ slug: 'hjerneskade', label: 'Neuropædagogik (hjerneskade)' }),
  Object.freeze({ slug: 'selvskade', label: 'Selvskadende adfærd' }),
  Object.freeze({ slug: 'spiseforstyrrelse', label: 'Spiseforstyrrelser' }),
  Object.freeze({ slug: 'traumer', label: 'Traumebehandling' }),
  Object.freeze({ slug: 'low-arousal', label: 'Low arousal' }),
  Object.freeze({ slug: 'skaermet-enhed', label: 'Skærmet enhed' }),
  Object.freeze({ slug: 'vaagen-nattevagt', label: 'Vågen nattevagt' }),
  Object.freeze({ slug: 'tegnsprog', label: 'Tegnsprog' }),
  Object.freeze({ slug: 'epilepsi', label: 'Epilepsi' }),
  Object.freeze({ slug: 'udslusning', label: 'Udslusning til egen bolig' }),
] as const);

export type CompetenceSlug = (typeof COMPETENCES)[number]['slug'];

export const COMPETENCE_SLUGS = Object.freeze(COMPETENCES.map((c) => c.slug)) as readonly [
  CompetenceSlug,
  ...CompetenceSlug[],
];

export function isCompetenceSlug(value: unknown): value is CompetenceSlug {
  return typeof value === 'string' && (COMPETENCE_SLUGS as readonly string[]).includes(value);
}

/** The Danish label; an unknown slug (an old record) is shown as it was stored. */
export function competenceLabel(slug: string): string {
  return COMPETENCES.find((c) => c.slug === slug)?.label ?? slug;
}

/** A competence by slug or Danish label, any case and spacing: ' medicinHåndtering ' is known. */
export function competenceFromText(text: string): CompetenceSlug | undefined {
  const key = text.trim().replace(/\s+/g, ' ').toLocaleLowerCase('da-DK');
  return COMPETENCES.find((c) => c.slug === key || c.label.toLocaleLowerCase('da-DK') === key)
    ?.slug;
}
