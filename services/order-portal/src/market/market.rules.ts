/**
 * Pure rules of the secretariat's market data over the shared offer registry: capacity over time
 * per target group, and each offer's price development against the cumulative P/L with an early
 * warning. No I/O; the use case reads the registry and hands the offers in.
 */
import type { OperatorKind } from '@rammeaftale/domain';

export interface CapacityCount {
  /** The Copenhagen calendar date the count was true (YYYY-MM-DD). */
  day: string;
  placesInOperation: number;
  occupied: number;
  free: number;
  waitingList: number;
}

export interface MarketOffer {
  id: string;
  name: string;
  supplierId: string;
  operatorKind: OperatorKind;
  municipalityCode: number;
  targetGroups: string[];
  capacity: CapacityCount[];
  tariffs: { service: string; validFrom: string; dailyBasisOre: number }[];
}

export interface MarketFilter {
  fromYear: number;
  toYear: number;
  municipalityCode?: number;
  targetGroup?: string;
}

/** The offers a filter keeps: located in the municipality, serving the target group. */
export const offersIn = (offers: readonly MarketOffer[], f: MarketFilter): MarketOffer[] =>
  offers.filter(
    (o) =>
      (f.municipalityCode === undefined || o.municipalityCode === f.municipalityCode) &&
      (f.targetGroup === undefined || o.targetGroups.includes(f.targetGroup)),
  );

/** The months YYYY-MM from January of `fromYear` up to and including `lastMonth`. */
export function monthsOf(fromYear: number, toYear: number, lastMonth: string): string[] {
  const months: string[] = [];
  for (let y = fromYear; y <= toYear; y++)
    for (let m = 1; m <= 12; m++) {
      const month = `${y}-${String(m).padStart(2, '0')}`;
      if (month <= lastMonth) months.push(month);
    }
  return months;
}

export type CapacityPoint = {
  month: string;
  /** Offers with a count at or before the month's end. */
  offers: number;
  placesInOperation: number;
  occupied: number;
  free: number;
  waitingList: number;
  /** Occupied of places in operation, one decimal; null without places. */
  occupancyPercent: number | null;
};

/** The offer's last count dated in or before `month` (the count it had at the month's end). */
function countAt(offer: MarketOffer, month: string): CapacityCount | undefined {
  let found: CapacityCount | undefined;
  for (const c of offer.capacity)
    if (c.day.slice(0, 7) <= month && (!found || c.day >= found.day)) found = c;
  return found;
}

const percentOf = (part: number, whole: number) =>
  whole > 0 ? Math.round((part * 1000) / whole) / 10 : null;

/**
 * Places in operation, occupied, free and waiting lists at the end of each month, summed over the
 * offers: each offer counts with its last count at the month's end (an operator that did not
 * report that month still has the places it last reported). Months before any count are left out.
 */
export function capacityOverTime(
  offers: readonly MarketOffer[],
  months: readonly string[],
): CapacityPoint[] {
  const points: CapacityPoint[] = [];
  for (const month of months) {
    const p = { month, offers: 0, placesInOperation: 0, occupied: 0, free: 0, waitingList: 0 };
    for (const o of offers) {
      const c = countAt(o, month);
      if (!c) continue;
      p.offers++;
      p.placesInOperation += c.placesInOperation;
      p.occupied += c.occupied;
      p.free += c.free;
      p.waitingList += c.waitingList;
    }
    if (p.offers > 0)
      points.push({ ...p, occupancyPercent: percentOf(p.occupied, p.placesInOperation) });
  }
  return points;
}

export type TargetGroupCapacity = Omit<CapacityPoint, 'month'> & { targetGroup: string };

/**
 * The same figures per target group at the end of `month`. An offer serving two target groups
 * counts in both, so the groups do not add up to the whole.
 */
export function capacityByTargetGroup(
  offers: readonly MarketOffer[],
  targetGroups: readonly string[],
  month: string,
): TargetGroupCapacity[] {
  return targetGroups
    .map((targetGroup) => {
      const [point] = capacityOverTime(
        offers.filter((o) => o.targetGroups.includes(targetGroup)),
        [month],
      );
      return point ? { targetGroup, ...point } : undefined;
    })
    .filter((r): r is TargetGroupCapacity & { month: string } => r !== undefined)
    .map(({ month: _m, ...r }) => r);
}

/** The policy year's P/L rate in basis points. */
export interface YearRate {
  year: number;
  plRateBp: number;
}

/**
 * The service an offer's price development follows: "Døgnophold" when it has one, else the
 * service with the most tariff periods (ties by name), so one offer is one series.
 */
export function mainService(offer: Pick<MarketOffer, 'tariffs'>): string | undefined {
  if (offer.tariffs.some((t) => t.service === 'Døgnophold')) return 'Døgnophold';
  const counts = new Map<string, number>();
  for (const t of offer.tariffs) counts.set(t.service, (counts.get(t.service) ?? 0) + 1);
  return [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'da'),
  )[0]?.[0];
}

/**
 * The daily basis tariff of the year: the period in force on 1 January, else the first period
 * starting in the year; none when the offer had no tariff that year.
 */
export function priceOfYear(offer: Pick<MarketOffer, 'tariffs'>, year: number): number | undefined {
  const service = mainService(offer);
  const periods = offer.tariffs
    .filter((t) => t.service === service && t.validFrom <= `${year}-12-31`)
    .sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  const onJanuary = periods.filter((t) => t.validFrom <= `${year}-01-01`).at(-1);
  const inYear = periods.find((t) => t.validFrom.startsWith(String(year)));
  return (onJanuary ?? inYear)?.dailyBasisOre;
}

export interface YearPrice {
  year: number;
  dailyBasisOre: number;
  /** Change from the year before in basis points (rounded); null in the first year. */
  increaseBp: number | null;
  /** That change was above the year's P/L (exact, in integers). */
  abovePl: boolean;
  /** The price as an index, the first year = 100 (one decimal). */
  index: number;
  /** The first year's price carried forward with each later year's P/L, as an index. */
  plIndex: number;
}

export interface PriceDevelopment {
  offerId: string;
  offerName: string;
  supplierId: string;
  operatorKind: OperatorKind;
  years: YearPrice[];
  /** Years in which the increase was above that year's P/L. */
  yearsAbovePl: number;
  /** The longest run of consecutive years above P/L. */
  longestRunAbovePl: number;
  /** The last price is above the first price carried forward with P/L (exact). */
  aboveCumulativePl: boolean;
  /** Prices that outrun P/L year after year: two or more years in a row, and above in total. */
  earlyWarning: boolean;
}

/** Consecutive years of the offer's prices (gaps end the series: an offer without a tariff). */
function yearSeries(offer: MarketOffer, years: readonly number[]) {
  const series: { year: number; ore: number }[] = [];
  for (const year of years) {
    const ore = priceOfYear(offer, year);
    if (ore === undefined || ore <= 0) {
      if (series.length) break;
      continue;
    }
    series.push({ year, ore });
  }
  return series;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * An offer's price year by year against P/L. Each increase is compared with the P/L of the year it
 * takes effect in, exactly: (new − old) × 10 000 > P/L(bp) × old. The cumulative P/L carries the
 * first year's price forward with every later year's rate (compounded, exact in bigints). Missing
 * P/L for a year: that year's increase is not judged (counts as not above).
 */
export function priceDevelopment(
  offer: MarketOffer,
  rates: readonly YearRate[],
  years: readonly number[],
): PriceDevelopment | undefined {
  const series = yearSeries(offer, years);
  if (series.length === 0) return undefined;
  const first = series[0]!;
  const rate = new Map(rates.map((r) => [r.year, r.plRateBp]));
  let plNum = BigInt(first.ore);
  let plDen = 1n;
  let run = 0;
  let longest = 0;
  let above = 0;
  const out: YearPrice[] = series.map((s, i) => {
    const prev = series[i - 1];
    const pl = rate.get(s.year);
    let abovePl = false;
    if (prev && pl !== undefined) {
      plNum *= BigInt(10_000 + pl);
      plDen *= 10_000n;
      abovePl = BigInt(s.ore - prev.ore) * 10_000n > BigInt(pl) * BigInt(prev.ore);
    }
    run = abovePl ? run + 1 : 0;
    longest = Math.max(longest, run);
    if (abovePl) above++;
    return {
      year: s.year,
      dailyBasisOre: s.ore,
      increaseBp: prev ? Math.round(((s.ore - prev.ore) * 10_000) / prev.ore) : null,
      abovePl,
      index: round1((s.ore * 100) / first.ore),
      plIndex: round1((Number(plNum) / Number(plDen) / first.ore) * 100),
    };
  });
  const last = series.at(-1)!;
  const aboveCumulativePl = BigInt(last.ore) * plDen > plNum;
  return {
    offerId: offer.id,
    offerName: offer.name,
    supplierId: offer.supplierId,
    operatorKind: offer.operatorKind,
    years: out,
    yearsAbovePl: above,
    longestRunAbovePl: longest,
    aboveCumulativePl,
    earlyWarning: longest >= 2 && aboveCumulativePl,
  };
}

export type SupplierPriceRow = {
  supplierId: string;
  year: number;
  offers: number;
  /** Mean of its offers' price indices that year (one decimal). */
  index: number;
  plIndex: number;
};

/** Per supplier and year: how its offers' prices moved on average, against the cumulative P/L. */
export function supplierPriceIndex(developments: readonly PriceDevelopment[]): SupplierPriceRow[] {
  const by = new Map<
    string,
    { sum: number; pl: number; n: number; supplierId: string; year: number }
  >();
  for (const d of developments)
    for (const y of d.years) {
      const key = `${d.supplierId}|${y.year}`;
      const r = by.get(key) ?? { sum: 0, pl: 0, n: 0, supplierId: d.supplierId, year: y.year };
      r.sum += y.index;
      r.pl += y.plIndex;
      r.n++;
      by.set(key, r);
    }
  return [...by.values()]
    .map((r) => ({
      supplierId: r.supplierId,
      year: r.year,
      offers: r.n,
      index: round1(r.sum / r.n),
      plIndex: round1(r.pl / r.n),
    }))
    .sort((a, b) => a.supplierId.localeCompare(b.supplierId) || a.year - b.year);
}
