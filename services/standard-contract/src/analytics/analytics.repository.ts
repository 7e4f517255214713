import type { Connection, PipelineStage } from 'mongoose';
import { tariffChangeModel } from '../tariffs/tariff-change.model';
import type { IncreaseBand } from '../tariffs/tariff-change.types';
import type { DistributionRow, FrequencyRow } from './analytics.rules';

/**
 * Counts over tariff changes for the steering group and the authority's meetings. FerretDB-safe
 * on purpose: only `$match`, `$unwind`, `$group` with `$sum: 1` and composite ids (FerretDB 1.x
 * has no `$lookup`/`$facet`, no `$first`/`$max`, and does not sum fields), merged in memory.
 */
export function analyticsRepository(conn: Connection) {
  const Change = tariffChangeModel(conn);
  const count = async <K>(
    match: Record<string, unknown>,
    id: Record<string, string>,
    unwind?: string,
  ) => {
    const pipeline: PipelineStage[] = [{ $match: match }];
    if (unwind) pipeline.push({ $unwind: unwind });
    pipeline.push({ $group: { _id: id, n: { $sum: 1 } } });
    const rows = (await Change.aggregate(pipeline)) as { _id: K; n: number }[];
    return rows;
  };
  return {
    async frequency(
      by: 'offer' | 'supplier',
      filter: { year?: number; supervisingAuthority?: string },
    ): Promise<FrequencyRow[]> {
      const base: Record<string, unknown> = {
        ...(filter.year !== undefined ? { 'summary.policyYear': filter.year } : {}),
        ...(filter.supervisingAuthority
          ? { 'offer.supervisingAuthority': filter.supervisingAuthority }
          : {}),
      };
      const id: Record<string, string> = {
        supplierId: '$supplier.organisationId',
        supplierName: '$supplier.name',
        ...(by === 'offer' ? { offerId: '$offer.offerId', offerName: '$offer.name' } : {}),
      };
      type Key = Omit<FrequencyRow, 'announced' | 'abovePl' | 'reported'>;
      const [all, abovePl, reported] = await Promise.all([
        count<Key>(base, id),
        count<Key>({ ...base, 'summary.abovePl': true }, id),
        count<Key>({ ...base, 'summary.reported': true }, id),
      ]);
      const keyOf = (k: Key) =>
        JSON.stringify([k.supplierId, k.offerId ?? null, k.offerName ?? null, k.supplierName]);
      const rows = new Map<string, FrequencyRow>();
      for (const r of all)
        rows.set(keyOf(r._id), { ...r._id, announced: r.n, abovePl: 0, reported: 0 });
      for (const r of abovePl) {
        const row = rows.get(keyOf(r._id));
        if (row) row.abovePl = r.n;
      }
      for (const r of reported) {
        const row = rows.get(keyOf(r._id));
        if (row) row.reported = r.n;
      }
      return [...rows.values()];
    },
    async distribution(filter: { supervisingAuthority?: string }): Promise<DistributionRow[]> {
      const match = filter.supervisingAuthority
        ? { 'offer.supervisingAuthority': filter.supervisingAuthority }
        : {};
      type Key = { year: number; band: IncreaseBand };
      const [changes, contracts] = await Promise.all([
        count<Key>(match, { year: '$summary.policyYear', band: '$summary.band' }),
        count<Key>(
          match,
          { year: '$summary.policyYear', band: '$decisions.classification.band' },
          '$decisions',
        ),
      ]);
      const rows = new Map<string, DistributionRow>();
      const row = (k: Key) => {
        const key = `${k.year}:${k.band}`;
        const r = rows.get(key) ?? { year: k.year, band: k.band, changes: 0, contracts: 0 };
        rows.set(key, r);
        return r;
      };
      for (const r of changes) row(r._id).changes = r.n;
      for (const r of contracts) row(r._id).contracts = r.n;
      return [...rows.values()];
    },
    /** The P/L rates the changes of each year were decided with (a year can have a correction). */
    async plRatesByYear(filter: { supervisingAuthority?: string }) {
      const match = filter.supervisingAuthority
        ? { 'offer.supervisingAuthority': filter.supervisingAuthority }
        : {};
      const rows = await count<{ year: number; plRateBp: number }>(match, {
        year: '$summary.policyYear',
        plRateBp: '$policy.plRateBp',
      });
      return rows.map((r) => r._id);
    },
  };
}

export type AnalyticsRepository = ReturnType<typeof analyticsRepository>;
