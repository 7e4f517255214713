import type { Connection, PipelineStage } from 'mongoose';
import { tariffChangeModel } from '../tariffs/tariff-change.model';
import type { IncreaseBand } from '../tariffs/tariff-change.types';
import type { DistributionRow, FrequencyRow } from './analytics.rules';

/** Changes read for the per-contract distribution (the counts per change are aggregated). */
const DISTRIBUTION_LIMIT = 20_000;

/**
 * Counts over tariff changes for the steering group and the authority's meetings. FerretDB-safe
 * on purpose: only `$match` and `$group` with `$sum: 1` on composite ids (FerretDB 1.x has no
 * `$lookup`/`$facet`, no `$first`/`$max`, does not sum fields and its `$unwind` keeps only the
 * unwound field), merged in memory.
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
      // Contracts are counted in memory: FerretDB's $unwind drops every other field of the
      // document (the year with it), so it cannot be grouped on after unwinding.
      const [changes, docs] = await Promise.all([
        count<Key>(match, { year: '$summary.policyYear', band: '$summary.band' }),
        Change.find(match, { summary: 1, decisions: 1 }).limit(DISTRIBUTION_LIMIT).lean(),
      ]);
      const rows = new Map<string, DistributionRow>();
      const row = (k: Key) => {
        const key = `${k.year}:${k.band}`;
        const r = rows.get(key) ?? { year: k.year, band: k.band, changes: 0, contracts: 0 };
        rows.set(key, r);
        return r;
      };
      for (const r of changes) row(r._id).changes = r.n;
      for (const d of docs)
        for (const decision of d.decisions ?? [])
          row({ year: d.summary.policyYear, band: decision.classification.band }).contracts++;
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
