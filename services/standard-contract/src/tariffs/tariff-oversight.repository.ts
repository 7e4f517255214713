import type { Connection, Model } from 'mongoose';
import { scopeFilter, trusted, type ScopeFilters, type TenantScope } from '@rammeaftale/db';
import type { OperatorKind } from '@rammeaftale/domain';
import { tariffChangeModel, type TariffChangeDoc } from './tariff-change.model';
import type { TariffParty } from './tariff-change.repository';
import type { DecisionStatus, IncreaseBand, TariffChange } from './tariff-change.types';

/** Reads for oversight: the same parties and fields as the tariff change repository. */
const OVERSIGHT_FILTERS: ScopeFilters<TariffParty> = {
  supplier: (id) => ({ 'access.supplier': id }),
  municipality: (id) => ({ 'access.municipalities': id }),
  authority: (name) => ({ 'reports.authority': name }),
};

/**
 * The meeting pack counts the offers an authority supervises, reported or not (as the market
 * data does); the secretariat's scope is cross-tenant.
 */
const SUPERVISED_FILTERS: ScopeFilters<'authority'> = {
  authority: (name) => ({ 'offer.supervisingAuthority': name }),
};

export interface ChangeFilter {
  from?: string;
  to?: string;
  supplierId?: string;
  offerId?: string;
  operatorKind?: OperatorKind;
  band?: IncreaseBand;
  decisionStatus?: DecisionStatus;
  q?: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const toChange = ({ _id, ...rest }: TariffChangeDoc): TariffChange => ({
  id: _id,
  ...rest,
  justifications: rest.justifications ?? [],
  decisions: rest.decisions ?? [],
  letters: rest.letters ?? [],
  reports: rest.reports ?? [],
  audit: rest.audit ?? [],
});

/** A day range on a field of YYYY-MM-DD strings. */
function dayRange(field: string, from?: string, to?: string): Record<string, unknown> {
  if (!from && !to) return {};
  return {
    [field]: trusted({ ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) }),
  };
}

/** What the filters of the secretariat's list ask of a change, as one query. */
function changeQuery(f: ChangeFilter): Record<string, unknown> {
  const q = f.q?.trim();
  return {
    ...dayRange('effectiveFrom', f.from, f.to),
    ...(f.supplierId ? { 'supplier.organisationId': f.supplierId } : {}),
    ...(f.offerId ? { 'offer.offerId': f.offerId } : {}),
    ...(f.operatorKind ? { 'offer.operatorKind': f.operatorKind } : {}),
    ...(f.band ? { 'summary.band': f.band } : {}),
    ...(f.decisionStatus ? { 'decisions.status': f.decisionStatus } : {}),
    ...(q
      ? {
          $or: trusted([
            { _id: q },
            { 'offer.name': trusted({ $regex: escapeRegex(q), $options: 'i' }) },
            { 'supplier.name': trusted({ $regex: escapeRegex(q), $options: 'i' }) },
          ]),
        }
      : {}),
  };
}

/**
 * Tariff changes read across municipalities (the secretariat) or as reported to one authority,
 * for lists with filters and pages, the reports to the authorities and the meeting pack. Plain
 * objects out; the scope is every query's first part.
 */
export class TariffOversightRepository {
  private readonly Change: Model<TariffChangeDoc>;

  constructor(conn: Connection) {
    this.Change = tariffChangeModel(conn);
  }

  /** One page of the changes that match, newest effective date first, and how many match. */
  async page(
    scope: TenantScope<TariffParty>,
    filter: ChangeFilter,
    page: { skip: number; limit: number },
  ): Promise<{ items: TariffChange[]; total: number }> {
    const query = { ...scopeFilter(scope, OVERSIGHT_FILTERS), ...changeQuery(filter) };
    const [docs, total] = await Promise.all([
      this.Change.find(query)
        .sort({ effectiveFrom: -1, _id: 1 })
        .skip(page.skip)
        .limit(page.limit)
        .lean(),
      this.Change.countDocuments(query),
    ]);
    return { items: docs.map(toChange), total };
  }

  /** Changes with a report in the scope, made (announced) in the day range, newest first. */
  async withReports(
    scope: TenantScope<TariffParty>,
    filter: { from?: string; to?: string; supplierId?: string },
    limit: number,
  ): Promise<TariffChange[]> {
    const announced: Record<string, Date> = {};
    if (filter.from) announced.$gte = new Date(`${filter.from}T00:00:00.000Z`);
    if (filter.to) announced.$lte = new Date(`${filter.to}T23:59:59.999Z`);
    const docs = await this.Change.find({
      ...scopeFilter(scope, OVERSIGHT_FILTERS),
      'summary.reported': true,
      ...(filter.supplierId ? { 'supplier.organisationId': filter.supplierId } : {}),
      ...(filter.from || filter.to ? { announcedAt: trusted(announced) } : {}),
    })
      .sort({ announcedAt: -1, _id: 1 })
      .limit(limit)
      .lean();
    return docs.map(toChange);
  }

  /** The changes taking effect in the period, of the offers in the scope (meeting pack). */
  async forMeetingPack(
    scope: TenantScope<'authority'>,
    period: { from: string; to: string },
    limit: number,
  ): Promise<
    Pick<TariffChange, 'id' | 'offer' | 'supplier' | 'effectiveFrom' | 'policy' | 'summary'>[]
  > {
    const docs = await this.Change.find(
      {
        ...scopeFilter(scope, SUPERVISED_FILTERS),
        ...dayRange('effectiveFrom', period.from, period.to),
      },
      { offer: 1, supplier: 1, effectiveFrom: 1, policy: 1, summary: 1 },
    )
      .sort({ effectiveFrom: 1, _id: 1 })
      .limit(limit)
      .lean();
    return docs.map((d) => ({
      id: d._id,
      offer: d.offer,
      supplier: d.supplier,
      effectiveFrom: d.effectiveFrom,
      policy: d.policy,
      summary: d.summary,
    }));
  }

  /**
   * Per policy year, the changes measured against it and their decisions (one per running
   * contract): the secretariat's policy values page says which years are in use.
   */
  async policyUsage(
    scope: TenantScope<TariffParty>,
  ): Promise<{ year: number; changes: number; decisions: number }[]> {
    const docs = await this.Change.find(scopeFilter(scope, OVERSIGHT_FILTERS), {
      'summary.policyYear': 1,
      'summary.contracts': 1,
    }).lean();
    const years = new Map<number, { year: number; changes: number; decisions: number }>();
    for (const d of docs) {
      const y = years.get(d.summary.policyYear) ?? {
        year: d.summary.policyYear,
        changes: 0,
        decisions: 0,
      };
      y.changes++;
      y.decisions += d.summary.contracts;
      years.set(y.year, y);
    }
    return [...years.values()].sort((a, b) => a.year - b.year);
  }
}
