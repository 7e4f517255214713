/**
 * Pure rules of the purchase volume page: the contracts service's rows (year × supplier × paying
 * municipality × offer) filtered by the registry's target groups and summed along one dimension.
 */
import type { OperatorKind } from '@rammeaftale/domain';

export interface VolumeRow {
  year: number;
  supplierId: string;
  supplierName: string;
  municipalityId: string;
  municipalityCode: number | null;
  offerId: string;
  offerName: string;
  operatorKind: OperatorKind;
  contracts: number;
  placementDays: number;
  volumeOre: number;
}

export interface VolumeFilter {
  municipalityCode?: number;
  targetGroup?: string;
}

/**
 * The rows of the paying municipality and of offers serving the target group (by the registry's
 * target groups of the offer; an offer no longer in the registry has none).
 */
export function volumeRowsIn(
  rows: readonly VolumeRow[],
  f: VolumeFilter,
  targetGroupsOf: (offerId: string) => readonly string[],
): VolumeRow[] {
  return rows.filter(
    (r) =>
      (f.municipalityCode === undefined || r.municipalityCode === f.municipalityCode) &&
      (f.targetGroup === undefined || targetGroupsOf(r.offerId).includes(f.targetGroup)),
  );
}

export type VolumeTotal = {
  key: string;
  contracts: number;
  placementDays: number;
  volumeOre: number;
};

/**
 * Sums by one or more keys of a row; a row with several keys (an offer serving several target
 * groups) counts under each. Largest volume first, then by key.
 */
export function volumeBy(
  rows: readonly VolumeRow[],
  keysOf: (r: VolumeRow) => readonly string[],
): VolumeTotal[] {
  const totals = new Map<string, VolumeTotal>();
  for (const r of rows)
    for (const key of keysOf(r)) {
      const t = totals.get(key) ?? { key, contracts: 0, placementDays: 0, volumeOre: 0 };
      t.contracts += r.contracts;
      t.placementDays += r.placementDays;
      t.volumeOre += r.volumeOre;
      totals.set(key, t);
    }
  return [...totals.values()].sort(
    (a, b) => b.volumeOre - a.volumeOre || a.key.localeCompare(b.key),
  );
}
