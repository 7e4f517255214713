/**
 * Purchase volume broken down for the secretariat's market data: per year, supplier, paying
 * municipality and offer (which also gives the operator kind). Pure; the days and amounts come
 * from `contractVolume`, so the breakdown adds up to the per-supplier totals.
 */
import { toCsv } from '../common/csv';
import type { VolumeContract } from '../contracts/contract.repository';
import { contractVolume } from './analytics.rules';

export interface VolumeBreakdownRow {
  year: number;
  supplierId: string;
  supplierName: string;
  /** The paying municipality (who buys), by organisation id and municipality code. */
  municipalityId: string;
  municipalityCode: number | null;
  offerId: string;
  offerName: string;
  operatorKind: 'municipal' | 'regional' | 'private';
  contracts: number;
  placementDays: number;
  volumeOre: number;
}

/** Each year's purchase volume per supplier, paying municipality and offer; largest first. */
export function purchaseVolumeBreakdown(
  contracts: readonly VolumeContract[],
  years: readonly number[],
): VolumeBreakdownRow[] {
  const rows = new Map<string, VolumeBreakdownRow>();
  for (const year of years)
    for (const c of contracts) {
      const v = contractVolume(c, year);
      if (v.days === 0) continue;
      const key = JSON.stringify([
        year,
        c.supplier.organisationId,
        c.payingMunicipality.organisationId,
        c.offer.offerId,
      ]);
      const row = rows.get(key) ?? {
        year,
        supplierId: c.supplier.organisationId,
        supplierName: c.supplier.name,
        municipalityId: c.payingMunicipality.organisationId,
        municipalityCode: c.payingMunicipality.municipalityCode ?? null,
        offerId: c.offer.offerId,
        offerName: c.offer.name,
        operatorKind: c.offer.operatorKind,
        contracts: 0,
        placementDays: 0,
        volumeOre: 0,
      };
      row.contracts++;
      row.placementDays += v.days;
      row.volumeOre += v.ore;
      if (!Number.isSafeInteger(row.volumeOre))
        throw new RangeError('purchase volume out of range');
      rows.set(key, row);
    }
  return [...rows.values()].sort(
    (a, b) =>
      a.year - b.year ||
      b.volumeOre - a.volumeOre ||
      a.supplierName.localeCompare(b.supplierName, 'da') ||
      a.offerId.localeCompare(b.offerId),
  );
}

export function volumeBreakdownCsv(rows: readonly VolumeBreakdownRow[]): string {
  return toCsv(
    [
      'aar',
      'leverandoer_id',
      'leverandoer',
      'betalingskommune_id',
      'kommunekode',
      'tilbud_id',
      'tilbud',
      'driftsform',
      'kontrakter',
      'doegn',
      'koebsvolumen_oere',
    ],
    rows.map((r) => [
      r.year,
      r.supplierId,
      r.supplierName,
      r.municipalityId,
      r.municipalityCode,
      r.offerId,
      r.offerName,
      r.operatorKind,
      r.contracts,
      r.placementDays,
      r.volumeOre,
    ]),
  );
}
