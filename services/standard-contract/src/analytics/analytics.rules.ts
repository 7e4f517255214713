/**
 * Pure rules of the market data: purchase volume from contracts' price history, and the CSV
 * forms of each analytics table. No I/O.
 */
import { formatDkk, isoToEpochMs } from '@rammeaftale/domain';
import { toCsv } from '../common/csv';
import type { Contract } from '../contracts/contract.types';
import type { IncreaseBand } from '../tariffs/tariff-change.types';

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) =>
  Math.round((isoToEpochMs(to) - isoToEpochMs(from)) / DAY_MS) + 1;
const dayBefore = (iso: string) => new Date(isoToEpochMs(iso) - DAY_MS).toISOString().slice(0, 10);

export type VolumeContract = Pick<
  Contract,
  'id' | 'status' | 'supplier' | 'startDate' | 'activatedOn' | 'priceHistory' | 'termination'
>;

/**
 * What a contract costs the buyer in `year`: each price in its history times the days of the year
 * it applied while the contract ran (from activation, or the start date, to the end of the year
 * or the day the termination takes effect), days counted inclusively. A year not yet over counts
 * its remaining days at the price in force: the purchase the municipalities have committed to.
 */
export function contractVolume(c: VolumeContract, year: number): { days: number; ore: number } {
  const start = [c.activatedOn ?? c.startDate, `${year}-01-01`].sort()[1]!;
  const end = [c.termination?.effectiveDate ?? `${year}-12-31`, `${year}-12-31`].sort()[0]!;
  if (start > end) return { days: 0, ore: 0 };
  const prices = [...c.priceHistory].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  let days = 0;
  let ore = 0;
  prices.forEach((p, i) => {
    const next = prices[i + 1];
    const from = p.validFrom > start ? p.validFrom : start;
    const until = next ? dayBefore(next.validFrom) : end;
    const to = until < end ? until : end;
    if (from > to) return;
    const n = daysBetween(from, to);
    days += n;
    ore += n * p.price.dailyTotalOre;
  });
  if (!Number.isSafeInteger(ore)) throw new RangeError('purchase volume out of range');
  return { days, ore };
}

export interface SupplierVolume {
  supplierId: string;
  supplierName: string;
  contracts: number;
  placementDays: number;
  volumeOre: number;
  volume: string;
}

/** Purchase volume per supplier in `year`, largest first. */
export function purchaseVolumeBySupplier(
  contracts: VolumeContract[],
  year: number,
): SupplierVolume[] {
  const by = new Map<string, SupplierVolume>();
  for (const c of contracts) {
    const v = contractVolume(c, year);
    if (v.days === 0) continue;
    const row = by.get(c.supplier.organisationId) ?? {
      supplierId: c.supplier.organisationId,
      supplierName: c.supplier.name,
      contracts: 0,
      placementDays: 0,
      volumeOre: 0,
      volume: '',
    };
    row.contracts++;
    row.placementDays += v.days;
    row.volumeOre += v.ore;
    by.set(row.supplierId, row);
  }
  return [...by.values()]
    .map((r) => ({ ...r, volume: formatDkk(r.volumeOre) }))
    .sort(
      (a, b) => b.volumeOre - a.volumeOre || a.supplierName.localeCompare(b.supplierName, 'da'),
    );
}

export interface FrequencyRow {
  offerId?: string;
  offerName?: string;
  supplierId: string;
  supplierName: string;
  announced: number;
  abovePl: number;
  reported: number;
}

/** Most reported first, then most above P/L, then most announced. */
export function sortByFrequency(rows: FrequencyRow[]): FrequencyRow[] {
  return [...rows].sort(
    (a, b) =>
      b.reported - a.reported ||
      b.abovePl - a.abovePl ||
      b.announced - a.announced ||
      (a.offerName ?? a.supplierName).localeCompare(b.offerName ?? b.supplierName, 'da'),
  );
}

export interface DistributionRow {
  year: number;
  band: IncreaseBand;
  changes: number;
  contracts: number;
}

export const BAND_LABELS: Record<IncreaseBand, string> = {
  decrease_or_unchanged: 'Fald eller uændret',
  within_pl: 'Højst P/L',
  above_pl: 'Over P/L, under indberetningsgrænsen',
  above_report_threshold: 'Over indberetningsgrænsen (indberettet)',
};

export function frequencyCsv(rows: FrequencyRow[], by: 'offer' | 'supplier'): string {
  const head = by === 'offer' ? ['tilbud_id', 'tilbud'] : [];
  return toCsv(
    [...head, 'leverandoer_id', 'leverandoer', 'varslede_aendringer', 'over_pl', 'indberettede'],
    rows.map((r) => [
      ...(by === 'offer' ? [r.offerId, r.offerName] : []),
      r.supplierId,
      r.supplierName,
      r.announced,
      r.abovePl,
      r.reported,
    ]),
  );
}

export function distributionCsv(rows: DistributionRow[]): string {
  return toCsv(
    ['aar', 'kategori', 'kategori_tekst', 'takstaendringer', 'kontrakter'],
    rows.map((r) => [r.year, r.band, BAND_LABELS[r.band], r.changes, r.contracts]),
  );
}

export function volumeCsv(rows: SupplierVolume[], year: number): string {
  return toCsv(
    [
      'aar',
      'leverandoer_id',
      'leverandoer',
      'kontrakter',
      'doegn',
      'koebsvolumen_oere',
      'koebsvolumen',
    ],
    rows.map((r) => [
      year,
      r.supplierId,
      r.supplierName,
      r.contracts,
      r.placementDays,
      r.volumeOre,
      r.volume,
    ]),
  );
}
