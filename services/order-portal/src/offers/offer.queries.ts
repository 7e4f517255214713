import { trusted } from '@rammeaftale/db';
import type { OperatorKind, TargetGroupSlug } from '@rammeaftale/domain';
import type { CapacityEntryDoc } from './offer.model';
import type { OfferTypeSlug } from './vocabulary';

/** The filters of the registry's list; each one narrows, none widens the scope. */
export interface OfferListFilter {
  municipalityCode?: number;
  operatorKind?: OperatorKind;
  operatorOrganisationId?: string;
  targetGroup?: TargetGroupSlug;
  offerType?: OfferTypeSlug;
  frameworkAgreement?: boolean;
  withFreePlaces?: boolean;
  /** Only offers whose capacity was (not) confirmed since `confirmedSince`. */
  capacityFresh?: { fresh: boolean; confirmedSince: Date };
  nameContains?: string;
}

export function listQuery(filter: OfferListFilter): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (filter.municipalityCode !== undefined)
    q['address.municipalityCode'] = filter.municipalityCode;
  if (filter.operatorKind) q['operator.kind'] = filter.operatorKind;
  if (filter.operatorOrganisationId) q['operator.organisationId'] = filter.operatorOrganisationId;
  if (filter.targetGroup) q.targetGroups = filter.targetGroup;
  if (filter.offerType) q.offerType = filter.offerType;
  if (filter.frameworkAgreement !== undefined) q.frameworkAgreement = filter.frameworkAgreement;
  if (filter.withFreePlaces !== undefined) {
    q['currentCapacity.free'] = filter.withFreePlaces
      ? trusted({ $gt: 0 })
      : trusted({ $not: { $gt: 0 } });
  }
  if (filter.capacityFresh) {
    const since = filter.capacityFresh.confirmedSince;
    if (filter.capacityFresh.fresh) q['currentCapacity.asOf'] = trusted({ $gte: since });
    else q.$or = [{ currentCapacity: null }, { 'currentCapacity.asOf': trusted({ $lt: since }) }];
  }
  if (filter.nameContains) {
    q.name = trusted({ $regex: escapeRegex(filter.nameContains), $options: 'i' });
  }
  return q;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The fields in schema order with `asOf` first: `$max` compares embedded documents field by field,
 * so the first field must be the one that decides which count is newer.
 */
export function ordered(e: CapacityEntryDoc): CapacityEntryDoc {
  return {
    asOf: e.asOf,
    placesInOperation: e.placesInOperation,
    occupied: e.occupied,
    free: e.free,
    waitingList: e.waitingList,
    reportedBy: {
      userId: e.reportedBy.userId,
      role: e.reportedBy.role,
      organisationId: e.reportedBy.organisationId,
    },
    reportedAt: e.reportedAt,
    source: e.source,
  };
}

/** The entry with the latest `asOf`: what "current capacity" means. */
export function latest(history: readonly CapacityEntryDoc[]): CapacityEntryDoc | null {
  return history.reduce<CapacityEntryDoc | null>(
    (best, e) => (best === null || e.asOf.getTime() > best.asOf.getTime() ? e : best),
    null,
  );
}

/**
 * The same file imported twice at the same moment can append the same count twice; the later
 * append wins, as a correction would.
 */
export function dedupeByAsOf(history: readonly CapacityEntryDoc[]): CapacityEntryDoc[] {
  const byTime = new Map<number, CapacityEntryDoc>();
  for (const e of history) byTime.set(e.asOf.getTime(), e);
  return [...byTime.values()];
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One failed write of an unordered bulk operation, as MongoDB and FerretDB report it. */
interface WriteError {
  index?: number;
  code?: number;
  err?: { index?: number; code?: number };
}

/**
 * The failed writes of an unordered `insertMany`/`bulkWrite` (index into the batch and code), or
 * the error itself re-thrown when it is not about single writes (the database is gone).
 */
export function failedWrites(err: unknown): { index: number; code?: number }[] {
  const writeErrors = (err as { writeErrors?: WriteError[] }).writeErrors;
  if (!writeErrors) throw err;
  return writeErrors.map((e) => ({
    index: e.index ?? e.err?.index ?? -1,
    code: e.code ?? e.err?.code,
  }));
}
