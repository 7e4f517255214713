import {
  OPERATOR_KINDS,
  TARGET_GROUPS,
  type OperatorKind,
  type TargetGroupSlug,
} from '@rammeaftale/domain';

/**
 * The words of the offer registry: a stable ASCII slug for programs and the Danish label people
 * read and type into import files. Kept as lists of data so a new kind is one line, not a
 * migration; legal paragraphs are not listed here at all (they are free data on the offer).
 */

export const OFFER_TYPES = [
  { slug: 'long-term-residential', label: 'Længerevarende botilbud' },
  { slug: 'temporary-residential', label: 'Midlertidigt botilbud' },
  { slug: 'supported-housing', label: 'Botilbudslignende tilbud' },
  { slug: 'childrens-residential-care', label: 'Døgntilbud for børn og unge' },
  { slug: 'foster-care-facility', label: 'Opholdssted' },
  { slug: 'secure-institution', label: 'Sikret institution' },
  { slug: 'shelter', label: 'Forsorgshjem' },
  { slug: 'crisis-centre', label: 'Krisecenter' },
  { slug: 'respite-care', label: 'Aflastningstilbud' },
  { slug: 'treatment', label: 'Behandlingstilbud' },
] as const;
export type OfferTypeSlug = (typeof OFFER_TYPES)[number]['slug'];
export const OFFER_TYPE_SLUGS = OFFER_TYPES.map((t) => t.slug) as [
  OfferTypeSlug,
  ...OfferTypeSlug[],
];

export const APPROVAL_STATUSES = [
  { slug: 'approved', label: 'Godkendt' },
  { slug: 'pending', label: 'Under godkendelse' },
  { slug: 'enhanced-supervision', label: 'Skærpet tilsyn' },
  { slug: 'revoked', label: 'Godkendelse tilbagekaldt' },
] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number]['slug'];
export const APPROVAL_STATUS_SLUGS = APPROVAL_STATUSES.map((s) => s.slug) as [
  ApprovalStatus,
  ...ApprovalStatus[],
];

export const GENDER_RESTRICTIONS = [
  { slug: 'any', label: 'Alle' },
  { slug: 'female', label: 'Kvinder' },
  { slug: 'male', label: 'Mænd' },
] as const;
export type GenderRestriction = (typeof GENDER_RESTRICTIONS)[number]['slug'];
export const GENDER_RESTRICTION_SLUGS = GENDER_RESTRICTIONS.map((g) => g.slug) as [
  GenderRestriction,
  ...GenderRestriction[],
];

const OPERATOR_KIND_WORDS: Record<string, OperatorKind> = {
  kommunal: 'municipal',
  municipal: 'municipal',
  regional: 'regional',
  privat: 'private',
  private: 'private',
};

/** The supervisory authorities' benchmark groups (from the domain package), by slug or label. */
export function targetGroupFromText(text: string): TargetGroupSlug | undefined {
  const key = normaliseWord(text);
  return TARGET_GROUPS.find((g) => g.slug === key || normaliseWord(g.label) === key)?.slug;
}

export function offerTypeFromText(text: string): OfferTypeSlug | undefined {
  return fromList(OFFER_TYPES, text);
}

export function approvalStatusFromText(text: string): ApprovalStatus | undefined {
  return fromList(APPROVAL_STATUSES, text);
}

export function genderRestrictionFromText(text: string): GenderRestriction | undefined {
  return fromList(GENDER_RESTRICTIONS, text);
}

export function operatorKindFromText(text: string): OperatorKind | undefined {
  const kind = OPERATOR_KIND_WORDS[normaliseWord(text)];
  return kind && (OPERATOR_KINDS as readonly string[]).includes(kind) ? kind : undefined;
}

export function offerTypeLabel(slug: OfferTypeSlug): string {
  return OFFER_TYPES.find((t) => t.slug === slug)?.label ?? slug;
}

function fromList<S extends string>(
  list: readonly { slug: S; label: string }[],
  text: string,
): S | undefined {
  const key = normaliseWord(text);
  return list.find((item) => item.slug === key || normaliseWord(item.label) === key)?.slug;
}

/** Case and spacing do not matter in typed vocabulary: ' Sikret  Institution' is a known type. */
export function normaliseWord(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLocaleLowerCase('da-DK');
}

/**
 * A key that sorts in Danish alphabetical order with a plain binary index (FerretDB has no
 * collations): case folded, and æ, ø, å placed after z in that order. In code points å comes
 * before æ and ø, which would put "Åbo" before "Æblehaven".
 */
export function danishSortKey(text: string): string {
  return normaliseWord(text)
    .replace(/aa/g, '{c')
    .replace(/æ/g, '{a')
    .replace(/ø/g, '{b')
    .replace(/å/g, '{c');
}
