import {
  formatDkk,
  MUNICIPALITIES,
  REGION_SJAELLAND,
  type OperatorKind,
  type PolicyValues,
  type TargetGroupSlug,
} from '@rammeaftale/domain';
import type { CAPACITY_COLUMNS } from '../offers/import/capacity.import';
import type { OFFER_COLUMNS } from '../offers/import/offers.import';
import type { ORGANISATION_COLUMNS } from '../offers/import/organisations.import';
import type { TARIFF_COLUMNS } from '../offers/import/tariffs.import';
import { offerTypeLabel, type OfferTypeSlug } from '../offers/vocabulary';
import {
  DEPARTMENT_NAMES,
  PLACE_NAMES,
  REGION_OFFICE,
  STREETS,
  TARGET_GROUP_TAGS,
  TOWN_HALLS,
  TOWNS,
  type Town,
} from './places';
import { Prng } from './prng';

type Row<C extends readonly { key: string }[]> = Partial<Record<C[number]['key'], string>>;
export type OrganisationCsvRow = Row<typeof ORGANISATION_COLUMNS>;
export type OfferCsvRow = Row<typeof OFFER_COLUMNS>;
export type CapacityCsvRow = Row<typeof CAPACITY_COLUMNS>;
export type TariffCsvRow = Row<typeof TARIFF_COLUMNS>;

/** A whole data set as the rows of the four import files, plus the policy values of each year. */
export interface DemoDataset {
  organisations: OrganisationCsvRow[];
  offers: OfferCsvRow[];
  capacity: CapacityCsvRow[];
  tariffs: TariffCsvRow[];
  policies: PolicyValues[];
  offerCount: number;
}

export interface GenerateOptions {
  seed: number;
  /** About 300 for the demo, 2,500 (all of Denmark) or 25,000 for stress runs. */
  offers: number;
  /** "Today" of the data set (YYYY-MM-DD): capacity counts are dated before it. */
  anchorDate: string;
  /** Private providers; by default 40 per 300 offers. */
  providers?: number;
}

export const TARIFF_YEARS = [2024, 2025, 2026] as const;

interface Profile {
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

const PROFILES: readonly Profile[] = [
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

const PROVIDER_FORMS = ['ApS', 'A/S', 'Fonden', 'Selvejende institution', 'I/S'] as const;

/**
 * A realistic Region Zealand registry, fully determined by the options: the 17 municipalities and
 * the region, private providers with valid CVR and EAN numbers, offers with departments, six
 * monthly capacity counts each, and tariffs for 2024–2026 with increases spread across "within
 * P/L", "above P/L" and "above the report thresholds".
 */
export function generateDataset(opts: GenerateOptions): DemoDataset {
  const rng = new Prng(opts.seed);
  const usedCvr = new Set<string>();
  const usedEan = new Set<string>();
  const organisations: OrganisationCsvRow[] = [];

  for (const m of MUNICIPALITIES) {
    const hall = TOWN_HALLS[m.code] as { street: string; postalCode: string; city: string };
    organisations.push({
      cvr: uniqueCvr(rng, usedCvr),
      authorityCode: String(m.code),
      name: `${m.name} Kommune`,
      ean: [uniqueEan(rng, usedEan), uniqueEan(rng, usedEan)].join('; '),
      street: hall.street,
      postalCode: hall.postalCode,
      city: hall.city,
      email: `post@${m.slug}.kommune.example`,
      phone: String(rng.int(40, 79)) + String(rng.int(100000, 999999)),
    });
  }
  organisations.push({
    cvr: uniqueCvr(rng, usedCvr),
    authorityCode: String(REGION_SJAELLAND.code),
    name: REGION_SJAELLAND.name,
    ean: uniqueEan(rng, usedEan),
    street: REGION_OFFICE.street,
    postalCode: REGION_OFFICE.postalCode,
    city: REGION_OFFICE.city,
    email: 'regionsjaelland@region.example',
    phone: '70' + String(rng.int(100000, 999999)),
  });

  const providerCount = opts.providers ?? Math.max(1, Math.round((opts.offers * 40) / 300));
  const providers: { cvr: string; name: string }[] = [];
  for (let i = 0; i < providerCount; i++) {
    const place = rng.pick(PLACE_NAMES);
    const form = rng.pick(PROVIDER_FORMS);
    const base = rng.pick(['', ' Omsorg', ' Social', ' Bo og Udvikling', ' Behandling']);
    const name = dedupe(
      form === 'Fonden' || form === 'Selvejende institution'
        ? `${form} ${place}${base}`
        : `${place}${base} ${form}`,
      i,
      providerCount > PLACE_NAMES.length * 5,
    );
    const town = randomTown(rng);
    const cvr = uniqueCvr(rng, usedCvr);
    providers.push({ cvr, name });
    organisations.push({
      cvr,
      name,
      ean: uniqueEan(rng, usedEan),
      street: `${rng.pick(STREETS)} ${rng.int(1, 120)}`,
      postalCode: town.postalCode,
      city: town.city,
      email: `kontakt@${slug(name)}.example`,
      phone: String(rng.int(20, 99)) + String(rng.int(100000, 999999)),
    });
  }

  const offers: OfferCsvRow[] = [];
  const capacity: CapacityCsvRow[] = [];
  const tariffs: TariffCsvRow[] = [];
  const usedNames = new Set<string>();
  const municipalities = MUNICIPALITIES.map((m) => m.code);

  for (let i = 0; i < opts.offers; i++) {
    const profile = rng.weighted(PROFILES.map((p) => [p, p.weight] as const));
    const operatorKind = providers.length ? rng.weighted(profile.operators) : 'municipal';
    const municipalityCode = rng.pick(municipalities);
    const town = rng.pick(TOWNS[municipalityCode] as readonly Town[]);
    const tp = String(110_000 + i * 7 + rng.int(0, 6));
    let name = `${rng.pick(profile.prefixes)} ${rng.pick(PLACE_NAMES)}`;
    if (usedNames.has(name)) name = `${name}, ${town.city}`;
    if (usedNames.has(name)) name = `${name} ${romanSuffix(i)}`;
    usedNames.add(name);
    const approvedPlaces = rng.int(profile.places[0], profile.places[1]);
    const ageMin = profile.age[0] === 18 ? 18 : rng.pick([profile.age[0], profile.age[0] + 2, 12]);
    const groups = [
      profile.groups[0] as string,
      ...(profile.groups.length > 1 && rng.chance(0.3) ? [rng.pick(profile.groups.slice(1))] : []),
    ];
    const operator =
      operatorKind === 'private'
        ? { operatorCvr: rng.pick(providers).cvr, operatorCode: '' }
        : operatorKind === 'regional'
          ? { operatorCvr: '', operatorCode: String(REGION_SJAELLAND.code) }
          : {
              operatorCvr: '',
              operatorCode: String(rng.chance(0.8) ? municipalityCode : rng.pick(municipalities)),
            };
    const status = rng.weighted([
      ['Godkendt', 92],
      ['Under godkendelse', 3],
      ['Skærpet tilsyn', 4],
      ['Godkendelse tilbagekaldt', 1],
    ] as const);
    const base: OfferCsvRow = {
      tilbudsportalenId: tp,
      name,
      offerType: offerTypeLabel(profile.type),
      legalBasis: profile.legalBasis.join('; '),
      targetGroups: groups.map(groupLabel).join('; '),
      targetGroupTags: rng.chance(0.35)
        ? rng.sample(TARGET_GROUP_TAGS, rng.int(1, 2)).join('; ')
        : '',
      ageMin: String(Math.min(ageMin, profile.age[1])),
      ageMax: String(profile.age[1]),
      genderRestriction:
        profile.gender === 'female' ? 'Kvinder' : rng.chance(0.03) ? 'Mænd' : 'Alle',
      street: `${rng.pick(STREETS)} ${rng.int(1, 120)}`,
      postalCode: town.postalCode,
      city: town.city,
      municipalityCode: String(municipalityCode),
      latitude: danishDecimal(town.lat + (rng.next() - 0.5) * 0.04, 5),
      longitude: danishDecimal(town.lon + (rng.next() - 0.5) * 0.06, 5),
      operatorKind: { municipal: 'Kommunal', regional: 'Regional', private: 'Privat' }[
        operatorKind
      ],
      ...operator,
      frameworkAgreement: (operatorKind === 'private' ? rng.chance(0.4) : rng.chance(0.9))
        ? 'ja'
        : 'nej',
      supervisingAuthority: 'Socialtilsyn Øst',
      approvalStatus: status,
      approvalDate:
        status === 'Under godkendelse'
          ? ''
          : danishDate(`${rng.int(2008, 2023)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`),
      approvedPlaces: String(approvedPlaces),
    };
    const departmentCount = rng.chance(0.3) ? 0 : rng.int(1, Math.min(4, approvedPlaces));
    if (departmentCount === 0) offers.push(base);
    const names = rng.sample(DEPARTMENT_NAMES, departmentCount);
    let left = approvedPlaces;
    names.forEach((deptName, d) => {
      const places =
        d === departmentCount - 1
          ? left
          : Math.max(1, Math.floor(approvedPlaces / departmentCount));
      left -= places;
      offers.push({
        ...base,
        departmentId: `${tp}-${d + 1}`,
        departmentName: deptName,
        departmentPlaces: String(places),
      });
    });

    capacity.push(...capacityRows(rng, tp, approvedPlaces, profile, opts.anchorDate));
    tariffs.push(...tariffRows(rng, tp, name, profile));
  }

  const policies: PolicyValues[] = TARIFF_YEARS.map((year) => ({
    year,
    effectiveFrom: `${year}-01-01`,
    plRateBp: 400,
    privateReportThresholdBp: 500,
    publicReportThresholdBp: 800,
  }));
  return { organisations, offers, capacity, tariffs, policies, offerCount: opts.offers };
}

function capacityRows(
  rng: Prng,
  tp: string,
  approved: number,
  profile: Profile,
  anchorDate: string,
): CapacityCsvRow[] {
  // Most operators confirmed within the last ten days; some lag behind and show as stale.
  const latestDaysAgo = rng.chance(0.85) ? rng.int(0, 10) : rng.int(20, 60);
  const rows: CapacityCsvRow[] = [];
  for (let k = 5; k >= 0; k--) {
    const daysAgo = latestDaysAgo + k * 30 + (k === 0 ? 0 : rng.int(-3, 3));
    const step = Math.floor(approved / 5);
    const places = Math.max(1, approved + rng.int(-Math.min(step, 2), Math.min(step, 2)));
    const occupancy = profile.type === 'secure-institution' ? rng.int(90, 100) : rng.int(75, 100);
    const occupied = Math.min(places, Math.round((places * occupancy) / 100));
    const outOfService = rng.chance(0.15) && places - occupied > 0 ? 1 : 0;
    const free = places - occupied - outOfService;
    const waiting =
      profile.type === 'secure-institution'
        ? rng.int(5, 21)
        : free > 0
          ? rng.int(0, 2)
          : rng.int(0, 8);
    rows.push({
      tilbudsportalenId: tp,
      placesInOperation: String(places),
      occupied: String(occupied),
      free: String(free),
      waitingList: String(waiting),
      asOf: `${danishDate(addDays(anchorDate, -daysAgo))} ${pad(rng.int(7, 15))}:${pad(rng.int(0, 59))}`,
    });
  }
  return rows;
}

function tariffRows(rng: Prng, tp: string, name: string, profile: Profile): TariffCsvRow[] {
  const services: { service: string; factorPct: number }[] = [
    { service: 'Døgnophold', factorPct: 100 },
  ];
  if (profile.type !== 'secure-institution' && rng.chance(0.15))
    services.push({ service: 'Akutplads', factorPct: 120 });
  const additional = rng.chance(0.25)
    ? [`Ekstra personaletimer=${danishAmount(rng.int(350, 1200) * 100)}`]
    : [];
  if (rng.chance(0.1))
    additional.push(`Særligt tilrettelagt forløb=${danishAmount(rng.int(500, 2500) * 100 + 50)}`);
  const occupancyBp = rng.pick([9000, 9250, 9500, 9750, 10_000]);
  let dailyOre = rng.int(profile.tariffKr[0], profile.tariffKr[1]) * 100 + rng.pick([0, 0, 50, 25]);
  const rows: TariffCsvRow[] = [];
  for (const year of TARIFF_YEARS) {
    if (year !== TARIFF_YEARS[0]) dailyOre = applyIncrease(dailyOre, drawIncreaseBp(rng));
    for (const { service, factorPct } of services) {
      rows.push({
        tilbudsportalenId: tp,
        service,
        validFrom: `01-01-${year}`,
        validTo: `31-12-${year}`,
        dailyBasis: danishAmount(Math.round((dailyOre * factorPct) / 100)),
        additional: additional.join('; '),
        assumedOccupancy: percentText(occupancyBp),
        calculationBasis: `Takstberegning ${year} for ${name} (budgetbilag ${tp}-${year})`,
      });
    }
  }
  return rows;
}

/** Year-on-year change in basis points: most within P/L, some above, a few above 5 % and 8 %. */
function drawIncreaseBp(rng: Prng): number {
  const band = rng.weighted([
    ['within', 55],
    ['abovePl', 20],
    ['above5', 12],
    ['above8', 8],
    ['flatOrDown', 5],
  ] as const);
  switch (band) {
    case 'within':
      return rng.int(150, 400);
    case 'abovePl':
      return rng.int(401, 500);
    case 'above5':
      return rng.int(501, 800);
    case 'above8':
      return rng.int(801, 1400);
    case 'flatOrDown':
      return -rng.int(0, 300);
  }
}

/** ore × (1 + bp/10 000), rounded half up to whole øre, in integers only. */
function applyIncrease(ore: number, bp: number): number {
  const scaled = BigInt(ore) * BigInt(10_000 + bp);
  return Number((scaled * 2n + 10_000n) / 20_000n);
}

function groupLabel(slug: string): string {
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

const CVR_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1];

/** 8 digits, no leading zero, weighted digit sum divisible by 11 (the CVR modulus-11 rule). */
export function randomCvr(rng: Prng): string {
  for (;;) {
    const digits = [rng.int(1, 9), ...Array.from({ length: 6 }, () => rng.int(0, 9))];
    const sum = digits.reduce((s, d, i) => s + d * (CVR_WEIGHTS[i] as number), 0);
    const check = (11 - (sum % 11)) % 11;
    if (check < 10) return [...digits, check].join('');
  }
}

/** 13-digit GLN with GS1 check digit, in the 5798 range Danish public bodies use. */
export function randomEan(rng: Prng): string {
  const body = [5, 7, 9, 8, 0, 0, 0, ...Array.from({ length: 5 }, () => rng.int(0, 9))];
  const sum = [...body].reverse().reduce((s, d, i) => s + d * (i % 2 === 0 ? 3 : 1), 0);
  return [...body, (10 - (sum % 10)) % 10].join('');
}

function uniqueCvr(rng: Prng, used: Set<string>): string {
  for (;;) {
    const cvr = randomCvr(rng);
    if (!used.has(cvr)) {
      used.add(cvr);
      return cvr;
    }
  }
}

function uniqueEan(rng: Prng, used: Set<string>): string {
  for (;;) {
    const ean = randomEan(rng);
    if (!used.has(ean)) {
      used.add(ean);
      return ean;
    }
  }
}

function randomTown(rng: Prng): Town {
  return rng.pick(TOWNS[rng.pick(MUNICIPALITIES).code] as readonly Town[]);
}

function dedupe(name: string, i: number, large: boolean): string {
  return large ? `${name} ${i + 1}` : name;
}

function romanSuffix(i: number): string {
  return ['II', 'III', 'IV', 'V', 'VI', 'VII'][i % 6] as string;
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** '2025-03-01' → '01-03-2025', as Danish spreadsheets write dates. */
export function danishDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}-${m}-${y}`;
}

export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * 86_400_000).toISOString().slice(0, 10);
}

/** øre → '1.234,50' (Danish notation without the currency). */
export function danishAmount(ore: number): string {
  return formatDkk(ore).replace(/ kr\.$/, '');
}

function percentText(bp: number): string {
  const whole = Math.floor(bp / 100);
  const rest = bp % 100;
  return rest === 0
    ? `${whole} %`
    : `${whole},${String(rest).padStart(2, '0').replace(/0$/, '')} %`;
}

function danishDecimal(value: number, decimals: number): string {
  return value.toFixed(decimals).replace('.', ',');
}
