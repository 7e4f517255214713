import { MUNICIPALITIES, REGION_SJAELLAND, type PolicyValues } from '@rammeaftale/domain';
import type {
  CapacityCsvRow,
  DemoDataset,
  OfferCsvRow,
  OrganisationCsvRow,
  TariffCsvRow,
} from './dataset';
import { PROVIDER_FORMS } from './offer-profiles';
import { generateOffer, TARIFF_YEARS } from './offer-rows';
import { PLACE_NAMES, REGION_OFFICE, STREETS, TOWN_HALLS, TOWNS, type Town } from './places';
import { Prng } from './prng';
import { uniqueCvr, uniqueEan } from './registry-numbers';
import { slug } from './spreadsheet-text';

export type {
  CapacityCsvRow,
  DemoDataset,
  OfferCsvRow,
  OrganisationCsvRow,
  TariffCsvRow,
} from './dataset';
export { TARIFF_YEARS } from './offer-rows';

export interface GenerateOptions {
  seed: number;
  /** About 300 for the demo, 2,500 (all of Denmark) or 25,000 for stress runs. */
  offers: number;
  /** "Today" of the data set (YYYY-MM-DD): capacity counts are dated before it. */
  anchorDate: string;
  /** Private providers; by default 40 per 300 offers. */
  providers?: number;
}

/** CVR and EAN numbers handed out so far: each party gets its own. */
interface UsedNumbers {
  cvr: Set<string>;
  ean: Set<string>;
}

/**
 * A realistic Region Zealand registry, fully determined by the options: the 17 municipalities and
 * the region, private providers with valid CVR and EAN numbers, offers with departments, monthly
 * capacity counts each from January 2024, and tariffs for 2024–2026 with increases spread across "within
 * P/L", "above P/L" and "above the report thresholds".
 */
export function generateDataset(opts: GenerateOptions): DemoDataset {
  const rng = new Prng(opts.seed);
  const used: UsedNumbers = { cvr: new Set(), ean: new Set() };
  const organisations = authorityRows(rng, used);
  const providerCount = opts.providers ?? Math.max(1, Math.round((opts.offers * 40) / 300));
  const providers = providerRows(rng, used, providerCount);
  organisations.push(...providers.rows);

  const offers: OfferCsvRow[] = [];
  const capacity: CapacityCsvRow[] = [];
  const tariffs: TariffCsvRow[] = [];
  const ctx = {
    providers: providers.list,
    usedNames: new Set<string>(),
    anchorDate: opts.anchorDate,
  };
  for (let i = 0; i < opts.offers; i++) {
    const offer = generateOffer(rng, i, ctx);
    offers.push(...offer.offers);
    capacity.push(...offer.capacity);
    tariffs.push(...offer.tariffs);
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

/** The 17 municipalities and the region, at their town halls. */
function authorityRows(rng: Prng, used: UsedNumbers): OrganisationCsvRow[] {
  const rows: OrganisationCsvRow[] = [];
  for (const m of MUNICIPALITIES) {
    const hall = TOWN_HALLS[m.code] as { street: string; postalCode: string; city: string };
    rows.push({
      cvr: uniqueCvr(rng, used.cvr),
      authorityCode: String(m.code),
      name: `${m.name} Kommune`,
      ean: [uniqueEan(rng, used.ean), uniqueEan(rng, used.ean)].join('; '),
      street: hall.street,
      postalCode: hall.postalCode,
      city: hall.city,
      email: `post@${m.slug}.kommune.example`,
      phone: String(rng.int(40, 79)) + String(rng.int(100000, 999999)),
    });
  }
  rows.push({
    cvr: uniqueCvr(rng, used.cvr),
    authorityCode: String(REGION_SJAELLAND.code),
    name: REGION_SJAELLAND.name,
    ean: uniqueEan(rng, used.ean),
    street: REGION_OFFICE.street,
    postalCode: REGION_OFFICE.postalCode,
    city: REGION_OFFICE.city,
    email: 'regionsjaelland@region.example',
    phone: '70' + String(rng.int(100000, 999999)),
  });
  return rows;
}

/** Private providers across the region, each with its own CVR and EAN number. */
function providerRows(
  rng: Prng,
  used: UsedNumbers,
  count: number,
): { rows: OrganisationCsvRow[]; list: { cvr: string; name: string }[] } {
  const rows: OrganisationCsvRow[] = [];
  const list: { cvr: string; name: string }[] = [];
  for (let i = 0; i < count; i++) {
    const place = rng.pick(PLACE_NAMES);
    const form = rng.pick(PROVIDER_FORMS);
    const base = rng.pick(['', ' Omsorg', ' Social', ' Bo og Udvikling', ' Behandling']);
    const name = dedupe(
      form === 'Fonden' || form === 'Selvejende institution'
        ? `${form} ${place}${base}`
        : `${place}${base} ${form}`,
      i,
      count > PLACE_NAMES.length * 5,
    );
    const town = randomTown(rng);
    const cvr = uniqueCvr(rng, used.cvr);
    list.push({ cvr, name });
    rows.push({
      cvr,
      name,
      ean: uniqueEan(rng, used.ean),
      street: `${rng.pick(STREETS)} ${rng.int(1, 120)}`,
      postalCode: town.postalCode,
      city: town.city,
      email: `kontakt@${slug(name)}.example`,
      phone: String(rng.int(20, 99)) + String(rng.int(100000, 999999)),
    });
  }
  return { rows, list };
}

function randomTown(rng: Prng): Town {
  return rng.pick(TOWNS[rng.pick(MUNICIPALITIES).code] as readonly Town[]);
}

function dedupe(name: string, i: number, large: boolean): string {
  return large ? `${name} ${i + 1}` : name;
}
