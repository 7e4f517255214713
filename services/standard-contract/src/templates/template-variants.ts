/**
 * The four national standard contracts: the only contract forms the 17 municipalities may use.
 * Their texts are versioned data (loaded, not compiled in); these are their identities.
 */
export const TEMPLATE_VARIANTS = [
  {
    id: 'voksen-rammeaftale',
    area: 'adults',
    framework: true,
    title: 'Standardkontrakt – voksenområdet (Rammeaftale)',
  },
  {
    id: 'voksen-ikke-rammeaftale',
    area: 'adults',
    framework: false,
    title: 'Standardkontrakt – voksenområdet (Ikke Rammeaftale)',
  },
  {
    id: 'boern-rammeaftale',
    area: 'children',
    framework: true,
    title: 'Standardkontrakt – børneområdet (Rammeaftale)',
  },
  {
    id: 'boern-ikke-rammeaftale',
    area: 'children',
    framework: false,
    title: 'Standardkontrakt – børneområdet (Ikke Rammeaftale)',
  },
] as const;

export type TemplateVariantId = (typeof TEMPLATE_VARIANTS)[number]['id'];

/** The variant follows from the offer (covered by the framework agreement or not) and the citizen (adult or child). */
export function variantFor(input: {
  citizenIsChild: boolean;
  offerCoveredByFramework: boolean;
}): TemplateVariantId {
  const area = input.citizenIsChild ? 'children' : 'adults';
  const v = TEMPLATE_VARIANTS.find(
    (t) => t.area === area && t.framework === input.offerCoveredByFramework,
  );
  if (!v) throw new Error('unreachable: every combination has a variant');
  return v.id;
}
