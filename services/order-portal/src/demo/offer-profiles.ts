import type { OperatorKind, TargetGroupSlug } from '@rammeaftale/domain';
import type { OfferTypeSlug } from '../offers/vocabulary';

/*
 * The kinds of offer the demo registry is drawn from (data): legal basis, target groups, ages,
 * size and the 2024 price band of each, how common it is and who tends to run it.
 */

export interface Profile {
  type: OfferTypeSlug;
  legalBasis: string[];
  groups: TargetGroupSlug[];
  age: [number, number];
  places: [number, number];
  /** Daily basis tariff in whole kroner, 2024 level. */
  tariffKr: [number, number];
  weight: number;
  operators: readonly (readonly [OperatorKind, number])[];
  prefixes: string[];
  gender?: 'female' | 'male';
}

const MIXED: readonly (readonly [OperatorKind, number])[] = [
  ['municipal', 50],
  ['regional', 10],
  ['private', 40],
];

export const PROFILES: readonly Profile[] = [
  {
    type: 'long-term-residential',
    legalBasis: ['SEL § 108'],
    groups: ['udviklingshaemmede', 'autisme', 'erhvervet-hjerneskade', 'socialpsykiatri'],
    age: [18, 99],
    places: [8, 40],
    tariffKr: [1800, 4500],
    weight: 20,
    operators: MIXED,
    prefixes: ['Botilbuddet', 'Bocentret', 'Bostedet'],
  },
  {
    type: 'temporary-residential',
    legalBasis: ['SEL § 107'],
    groups: ['socialpsykiatri', 'autisme', 'erhvervet-hjerneskade', 'misbrugstilbud'],
    age: [18, 67],
    places: [6, 24],
    tariffKr: [2000, 5000],
    weight: 18,
    operators: MIXED,
    prefixes: ['Bostedet', 'Botilbuddet'],
  },
  {
    type: 'supported-housing',
    legalBasis: ['SEL § 85 i ABL § 105'],
    groups: ['udviklingshaemmede', 'socialpsykiatri', 'autisme'],
    age: [18, 99],
    places: [10, 60],
    tariffKr: [600, 1600],
    weight: 14,
    operators: [
      ['municipal', 75],
      ['private', 25],
    ],
    prefixes: ['Bofællesskabet', 'Boligerne'],
  },
  {
    type: 'childrens-residential-care',
    legalBasis: ['BL § 43'],
    groups: ['udsatte-boern-og-unge'],
    age: [6, 17],
    places: [4, 16],
    tariffKr: [4000, 8000],
    weight: 10,
    operators: MIXED,
    prefixes: ['Døgninstitutionen', 'Børnehjemmet', 'Ungehjemmet'],
  },
  {
    type: 'foster-care-facility',
    legalBasis: ['BL § 43'],
    groups: ['udsatte-boern-og-unge'],
    age: [6, 17],
    places: [3, 8],
    tariffKr: [3500, 6500],
    weight: 10,
    operators: [
      ['private', 85],
      ['municipal', 15],
    ],
    prefixes: ['Opholdsstedet'],
  },
  {
    type: 'secure-institution',
    legalBasis: ['BL § 43'],
    groups: ['sikrede-institutioner', 'udsatte-boern-og-unge'],
    age: [12, 17],
    places: [8, 24],
    tariffKr: [12000, 19000],
    weight: 2,
    operators: [['regional', 1]],
    prefixes: ['Den sikrede institution'],
  },
  {
    type: 'shelter',
    legalBasis: ['SEL § 110'],
    groups: ['forsorgshjem'],
    age: [18, 99],
    places: [15, 50],
    tariffKr: [900, 1600],
    weight: 5,
    operators: [
      ['municipal', 70],
      ['private', 30],
    ],
    prefixes: ['Forsorgshjemmet'],
  },
  {
    type: 'crisis-centre',
    legalBasis: ['SEL § 109'],
    groups: ['krisecentre'],
    age: [18, 99],
    places: [6, 16],
    tariffKr: [1200, 2200],
    weight: 5,
    operators: [
      ['private', 70],
      ['municipal', 30],
    ],
    prefixes: ['Krisecentret'],
    gender: 'female',
  },
  {
    type: 'respite-care',
    legalBasis: ['SEL § 84'],
    groups: ['aflastning', 'udviklingshaemmede'],
    age: [0, 17],
    places: [4, 12],
    tariffKr: [2500, 5000],
    weight: 8,
    operators: MIXED,
    prefixes: ['Aflastningstilbuddet'],
  },
  {
    type: 'treatment',
    legalBasis: ['SEL § 107', 'SUL § 142'],
    groups: ['misbrugstilbud'],
    age: [18, 67],
    places: [10, 30],
    tariffKr: [1500, 3500],
    weight: 8,
    operators: [
      ['municipal', 40],
      ['private', 60],
    ],
    prefixes: ['Behandlingscentret'],
  },
];

export const PROVIDER_FORMS = ['ApS', 'A/S', 'Fonden', 'Selvejende institution', 'I/S'] as const;

/** The Danish label of a target group, as the offers file writes it. */
export function groupLabel(slug: string): string {
  return {
    autisme: 'Autisme',
    forsorgshjem: 'Forsorgshjem',
    krisecentre: 'Krisecentre',
    misbrugstilbud: 'Misbrugstilbud',
    'erhvervet-hjerneskade': 'Erhvervet hjerneskade',
    socialpsykiatri: 'Socialpsykiatri',
    'udsatte-boern-og-unge': 'Udsatte børn og unge',
    udviklingshaemmede: 'Udviklingshæmmede',
    aflastning: 'Aflastning',
    'sikrede-institutioner': 'Sikrede institutioner',
  }[slug] as string;
}
