import {
  MUNICIPALITIES,
  REGION_SJAELLAND,
  type OperatorKind,
  type TargetGroupSlug,
} from '@rammeaftale/domain';
import { offerTypeLabel } from '../offers/vocabulary';
import type { CapacityCsvRow, OfferCsvRow, TariffCsvRow } from './dataset';
import { groupLabel, PROFILES, type Profile } from './offer-profiles';
import { rankingCells } from './offer-ranking';
import {
  DEPARTMENT_NAMES,
  PLACE_NAMES,
  STREETS,
  TARGET_GROUP_TAGS,
  TOWNS,
  type Town,
} from './places';
import { Prng } from './prng';
import {
  addDays,
  danishAmount,
  danishDate,
  danishDecimal,
  pad,
  percentText,
} from './spreadsheet-text';

export const TARIFF_YEARS = [2024, 2025, 2026] as const;

/** What every offer of a data set draws from: the providers and the names already taken. */
export interface OfferContext {
  providers: readonly { cvr: string; name: string }[];
  usedNames: Set<string>;
  anchorDate: string;
}

const MUNICIPALITY_CODES = MUNICIPALITIES.map((m) => m.code);

/**
 * One offer of the registry: its rows of the offers file (one per department), its capacity
 * counts and its tariffs. The draws happen in a fixed order, so a seed always gives the same set.
 */
export function generateOffer(
  rng: Prng,
  i: number,
  ctx: OfferContext,
): { offers: OfferCsvRow[]; capacity: CapacityCsvRow[]; tariffs: TariffCsvRow[] } {
  const identity = drawIdentity(rng, i, ctx);
  const { base, approvedPlaces } = offerRow(rng, identity, ctx);
  return {
    offers: departmentRows(rng, base, identity.tp, approvedPlaces),
    capacity: capacityRows(rng, identity.tp, approvedPlaces, identity.profile, ctx.anchorDate),
    tariffs: tariffRows(rng, identity.tp, identity.name, identity.profile),
  };
}

interface OfferIdentity {
  profile: Profile;
  operatorKind: OperatorKind;
  municipalityCode: number;
  town: Town;
  tp: string;
  name: string;
}

/** What kind of offer, run by whom, where, under which id and name. */
function drawIdentity(rng: Prng, i: number, ctx: OfferContext): OfferIdentity {
  const profile = rng.weighted(PROFILES.map((p) => [p, p.weight] as const));
  const operatorKind = ctx.providers.length ? rng.weighted(profile.operators) : 'municipal';
  const municipalityCode = rng.pick(MUNICIPALITY_CODES);
  const town = rng.pick(TOWNS[municipalityCode] as readonly Town[]);
  const tp = String(110_000 + i * 7 + rng.int(0, 6));
  let name = `${rng.pick(profile.prefixes)} ${rng.pick(PLACE_NAMES)}`;
  if (ctx.usedNames.has(name)) name = `${name}, ${town.city}`;
  if (ctx.usedNames.has(name)) name = `${name} ${romanSuffix(i)}`;
  ctx.usedNames.add(name);
  return { profile, operatorKind, municipalityCode, town, tp, name };
}

/** The offer's own columns (the department columns are added per department). */
function offerRow(
  rng: Prng,
  { profile, operatorKind, municipalityCode, town, tp, name }: OfferIdentity,
  ctx: OfferContext,
): { base: OfferCsvRow; approvedPlaces: number } {
  const approvedPlaces = rng.int(profile.places[0], profile.places[1]);
  const ageMin = profile.age[0] === 18 ? 18 : rng.pick([profile.age[0], profile.age[0] + 2, 12]);
  const groups = [
    profile.groups[0] as string,
    ...(profile.groups.length > 1 && rng.chance(0.3) ? [rng.pick(profile.groups.slice(1))] : []),
  ];
  const operator =
    operatorKind === 'private'
      ? { operatorCvr: rng.pick(ctx.providers).cvr, operatorCode: '' }
      : operatorKind === 'regional'
        ? { operatorCvr: '', operatorCode: String(REGION_SJAELLAND.code) }
        : {
            operatorCvr: '',
            operatorCode: String(rng.chance(0.8) ? municipalityCode : rng.pick(MUNICIPALITY_CODES)),
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
    genderRestriction: profile.gender === 'female' ? 'Kvinder' : rng.chance(0.03) ? 'Mænd' : 'Alle',
    street: `${rng.pick(STREETS)} ${rng.int(1, 120)}`,
    postalCode: town.postalCode,
    city: town.city,
    municipalityCode: String(municipalityCode),
    latitude: danishDecimal(town.lat + (rng.next() - 0.5) * 0.04, 5),
    longitude: danishDecimal(town.lon + (rng.next() - 0.5) * 0.06, 5),
    operatorKind: { municipal: 'Kommunal', regional: 'Regional', private: 'Privat' }[operatorKind],
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
  const { withoutCoordinates, ...ranking } = rankingCells(
    tp,
    groups[0] as TargetGroupSlug,
    status,
    ctx.anchorDate,
  );
  Object.assign(base, ranking, withoutCoordinates ? { latitude: '', longitude: '' } : {});
  return { base, approvedPlaces };
}

/** The offer's rows: itself alone, or one per department with the places shared out. */
function departmentRows(
  rng: Prng,
  base: OfferCsvRow,
  tp: string,
  approvedPlaces: number,
): OfferCsvRow[] {
  const rows: OfferCsvRow[] = [];
  const departmentCount = rng.chance(0.3) ? 0 : rng.int(1, Math.min(4, approvedPlaces));
  if (departmentCount === 0) rows.push(base);
  const names = rng.sample(DEPARTMENT_NAMES, departmentCount);
  let left = approvedPlaces;
  names.forEach((deptName, d) => {
    const places =
      d === departmentCount - 1 ? left : Math.max(1, Math.floor(approvedPlaces / departmentCount));
    left -= places;
    rows.push({
      ...base,
      departmentId: `${tp}-${d + 1}`,
      departmentName: deptName,
      departmentPlaces: String(places),
    });
  });
  return rows;
}

function romanSuffix(i: number): string {
  return ['II', 'III', 'IV', 'V', 'VI', 'VII'][i % 6] as string;
}

function capacityRows(
  rng: Prng,
  tp: string,
  approved: number,
  profile: Profile,
  anchorDate: string,
): CapacityCsvRow[] {
  // Most operators confirmed within the last ten days; some lag behind and show as stale. Not
  // today: the counts' times of day (07–16) would lie in the future of a morning's first start.
  const latestDaysAgo = rng.chance(0.85) ? rng.int(1, 10) : rng.int(20, 60);
  const rows: CapacityCsvRow[] = [];
  let oldest = anchorDate;
  for (let k = 5; k >= 0; k--) {
    const daysAgo = latestDaysAgo + k * 30 + (k === 0 ? 0 : rng.int(-3, 3));
    const day = addDays(anchorDate, -daysAgo);
    if (k === 5) oldest = day;
    rows.push(capacityCount(rng, tp, approved, profile, day));
  }
  return [...earlierCounts(tp, approved, profile, oldest), ...rows];
}

/**
 * One count a month, late in the month, from January of the first tariff year up to a month
 * before `before`, so capacity over time covers the years the market data shows. Drawn from the
 * offer's own generator, so the rest of the data set is the same as without them.
 */
function earlierCounts(
  tp: string,
  approved: number,
  profile: Profile,
  before: string,
): CapacityCsvRow[] {
  const rng = Prng.of(`capacity:${tp}`);
  const rows: CapacityCsvRow[] = [];
  for (let month = 0; ; month++) {
    const year = TARIFF_YEARS[0] + Math.floor(month / 12);
    const day = `${year}-${pad((month % 12) + 1)}-${pad(rng.int(20, 28))}`;
    if (day >= addDays(before, -20)) break;
    rows.push(capacityCount(rng, tp, approved, profile, day));
  }
  return rows;
}

/** One count of an offer's places on `day` (YYYY-MM-DD) at a time of the working day. */
function capacityCount(
  rng: Prng,
  tp: string,
  approved: number,
  profile: Profile,
  day: string,
): CapacityCsvRow {
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
  return {
    tilbudsportalenId: tp,
    placesInOperation: String(places),
    occupied: String(occupied),
    free: String(free),
    waitingList: String(waiting),
    asOf: `${danishDate(day)} ${pad(rng.int(7, 15))}:${pad(rng.int(0, 59))}`,
  };
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
