import type { Connection, Model, PipelineStage } from 'mongoose';
import { scopeFilter, type ScopeFilters, type TenantScope } from '@rammeaftale/db';
import { tariffChangeModel, type TariffChangeDoc } from '../tariffs/tariff-change.model';
import type { IncreaseBand } from '../tariffs/tariff-change.types';
import type { DistributionRow, FrequencyRow } from './analytics.rules';

/** Changes read for the per-contract distribution (the counts per change are aggregated). */
const DISTRIBUTION_LIMIT = 20_000;

/**
 * Market data is the secretariat's across every municipality (a cross-tenant scope); an authority
 * sees the figures of the offers it supervises, reported or not.
 */
const SUPERVISED_FILTERS: ScopeFilters<'authority'> = {
  authority: (name) => ({ 'offer.supervisingAuthority': name }),
};

type FrequencyKey = Omit<FrequencyRow, 'announced' | 'abovePl' | 'reported'>;

const frequencyKey = (k: FrequencyKey) =>
  JSON.stringify([k.supplierId, k.offerId ?? null, k.offerName ?? null, k.supplierName]);

/**
 * Counts over tariff changes for the steering group and the authority's meetings. FerretDB-safe
 * on purpose: only `$match` and `$group` with `$sum: 1` on composite ids (FerretDB 1.x has no
 * `$lookup`/`$facet`, no `$first`/`$max`, does not sum fields and its `$unwind` keeps only the
 * unwound field), merged in memory.
 */
export class AnalyticsRepository {
  private readonly Change: Model<TariffChangeDoc>;

  constructor(conn: Connection) {
    this.Change = tariffChangeModel(conn);
  }

  async frequency(
    scope: TenantScope<'authority'>,
    by: 'offer' | 'supplier',
    filter: { year?: number },
  ): Promise<FrequencyRow[]> {
    const base: Record<string, unknown> = {
      ...scopeFilter(scope, SUPERVISED_FILTERS),
      ...(filter.year !== undefined ? { 'summary.policyYear': filter.year } : {}),
    };
    const id: Record<string, string> = {
      supplierId: '$supplier.organisationId',
      supplierName: '$supplier.name',
      ...(by === 'offer' ? { offerId: '$offer.offerId', offerName: '$offer.name' } : {}),
    };
    const [all, abovePl, reported] = await Promise.all([
      this.count<FrequencyKey>(base, id),
      this.count<FrequencyKey>({ ...base, 'summary.abovePl': true }, id),
      this.count<FrequencyKey>({ ...base, 'summary.reported': true }, id),
    ]);
    const rows = new Map<string, FrequencyRow>();
    for (const r of all)
      rows.set(frequencyKey(r._id), { ...r._id, announced: r.n, abovePl: 0, reported: 0 });
    for (const r of abovePl) {
      const row = rows.get(frequencyKey(r._id));
      if (row) row.abovePl = r.n;
    }
    for (const r of reported) {
      const row = rows.get(frequencyKey(r._id));
      if (row) row.reported = r.n;
    }
    return [...rows.values()];
  }

  async distribution(scope: TenantScope<'authority'>): Promise<DistributionRow[]> {
    const match = scopeFilter(scope, SUPERVISED_FILTERS);
    type Key = { year: number; band: IncreaseBand };
    // Contracts are counted in memory: FerretDB's $unwind drops every other field of the
    // document (the year with it), so it cannot be grouped on after unwinding.
    const [changes, docs] = await Promise.all([
      this.count<Key>(match, { year: '$summary.policyYear', band: '$summary.band' }),
      this.Change.find(match, { summary: 1, decisions: 1 }).limit(DISTRIBUTION_LIMIT).lean(),
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
  }

  /** The P/L rates the changes of each year were decided with (a year can have a correction). */
  async plRatesByYear(
    scope: TenantScope<'authority'>,
  ): Promise<{ year: number; plRateBp: number }[]> {
    const rows = await this.count<{ year: number; plRateBp: number }>(
      scopeFilter(scope, SUPERVISED_FILTERS),
      { year: '$summary.policyYear', plRateBp: '$policy.plRateBp' },
    );
    return rows.map((r) => r._id);
  }

  private async count<K>(
    match: Record<string, unknown>,
    id: Record<string, string>,
  ): Promise<{ _id: K; n: number }[]> {
    const pipeline: PipelineStage[] = [{ $match: match }, { $group: { _id: id, n: { $sum: 1 } } }];
    return this.Change.aggregate<{ _id: K; n: number }>(pipeline);
  }
}
