import mongoose, { type Connection } from 'mongoose';
import type { OperatorKind, TargetGroupSlug } from '@rammeaftale/domain';
import {
  offerModel,
  type CapacityEntryDoc,
  type OfferDoc,
  type TariffEntryDoc,
} from './offer.model';
import { findByIds, forEachLimited } from './by-ids';
import { assertRegistryScope, offerScopeFilter, type OfferScope } from './scope';
import type { OfferTypeSlug } from './vocabulary';

/** What the offers import owns: every field except capacity, tariffs and bookkeeping. */
export type OfferMetadata = Omit<
  OfferDoc,
  '_id' | 'currentCapacity' | 'capacityHistory' | 'tariffs' | 'createdAt' | 'updatedAt'
>;

export type CapacityEntry = CapacityEntryDoc;
export type TariffEntry = TariffEntryDoc;

export interface OfferSummary extends OfferMetadata {
  id: string;
  currentCapacity: CapacityEntry | null;
  tariffs: TariffEntry[];
  updatedAt: Date;
}

export interface OfferDetail extends OfferSummary {
  capacityHistory: CapacityEntry[];
  createdAt: Date;
}

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

export interface CapacityWrite {
  id: string;
  append: CapacityEntry[];
  corrections: { index: number; entry: CapacityEntry }[];
}

export interface MetadataWrite {
  id: string;
  metadata: OfferMetadata;
}

const { trusted } = mongoose;

/** Plain objects in and out; every method takes the scope it may touch. */
export function offerRepository(conn: Connection) {
  const Offer = offerModel(conn);
  const byIds = <D extends { _id: string }>(
    scope: OfferScope,
    ids: readonly string[],
    projection: Record<string, 0 | 1>,
  ) => findByIds<D>(Offer as never, offerScopeFilter(scope), ids, projection);

  const toSummary = (doc: OfferDoc): OfferSummary => {
    const { _id, capacityHistory: _h, createdAt: _c, ...rest } = doc;
    return {
      ...rest,
      id: _id,
      currentCapacity: doc.currentCapacity ?? null,
      tariffs: doc.tariffs ?? [],
    };
  };

  return {
    async list(
      scope: OfferScope,
      filter: OfferListFilter,
      page: { limit: number; offset: number },
    ): Promise<{ items: OfferSummary[]; total: number }> {
      const query = { ...offerScopeFilter(scope), ...listQuery(filter) };
      const [docs, total] = await Promise.all([
        Offer.find(query)
          .select({ capacityHistory: 0 })
          .sort({ nameSortKey: 1, _id: 1 })
          .skip(page.offset)
          .limit(page.limit)
          .lean<OfferDoc[]>(),
        Offer.countDocuments(query),
      ]);
      return { items: docs.map(toSummary), total };
    },

    async get(scope: OfferScope, id: string): Promise<OfferDetail | undefined> {
      const doc = await Offer.findOne({ ...offerScopeFilter(scope), _id: id }).lean<OfferDoc>();
      if (!doc) return undefined;
      return {
        ...toSummary(doc),
        capacityHistory: dedupeByAsOf(doc.capacityHistory ?? []),
        createdAt: doc.createdAt,
      };
    },

    /** Ids of the given offers that exist in the scope. */
    async existingIds(scope: OfferScope, ids: readonly string[]): Promise<Set<string>> {
      const docs = await byIds<{ _id: string }>(scope, ids, { _id: 1 });
      return new Set(docs.map((d) => d._id));
    },

    /** The import-owned fields of existing offers, by id. */
    async metadataByIds(
      scope: OfferScope,
      ids: readonly string[],
    ): Promise<Map<string, OfferMetadata>> {
      const docs = await byIds<OfferDoc>(scope, ids, {
        capacityHistory: 0,
        currentCapacity: 0,
        tariffs: 0,
      });
      const out = new Map<string, OfferMetadata>();
      for (const { _id, createdAt: _c, updatedAt: _u, ...metadata } of docs)
        out.set(_id, metadata as OfferMetadata);
      return out;
    },

    /**
     * Creates or re-describes offers, one atomic write per offer (unordered, so one failing offer
     * does not stop the others). Capacity and tariffs are never touched here. Offers not in
     * `existing` are inserted (on FerretDB an upsert costs many times an insert); one that
     * appeared meanwhile fails as a duplicate and is upserted like the others.
     * Returns the ids whose write failed.
     */
    async upsertMetadata(
      scope: OfferScope,
      writes: readonly MetadataWrite[],
      existing: ReadonlySet<string> = new Set(),
    ): Promise<Set<string>> {
      assertRegistryScope(scope);
      const failed = new Set<string>();
      const toUpsert: MetadataWrite[] = writes.filter((w) => existing.has(w.id));
      const fresh = writes.filter((w) => !existing.has(w.id));
      for (const chunk of chunks(fresh, 1000)) {
        const now = new Date();
        const docs = chunk.map((w) => ({
          _id: w.id,
          ...w.metadata,
          currentCapacity: null,
          capacityHistory: [],
          tariffs: [],
          createdAt: now,
          updatedAt: now,
        }));
        try {
          await Offer.insertMany(docs, { ordered: false, lean: true });
        } catch (err) {
          const writeErrors = (
            err as {
              writeErrors?: {
                index?: number;
                err?: { index?: number; code?: number };
                code?: number;
              }[];
            }
          ).writeErrors;
          if (!writeErrors) throw err;
          for (const e of writeErrors) {
            const write = chunk[e.index ?? e.err?.index ?? -1];
            if (!write) continue;
            if ((e.code ?? e.err?.code) === 11000) toUpsert.push(write);
            else failed.add(write.id);
          }
        }
      }
      for (const chunk of chunks(toUpsert, 1000)) {
        const now = new Date();
        try {
          await Offer.bulkWrite(
            chunk.map((w) => ({
              updateOne: {
                filter: { _id: w.id },
                update: {
                  $set: { ...w.metadata, updatedAt: now },
                  $setOnInsert: {
                    capacityHistory: [],
                    currentCapacity: null,
                    tariffs: [],
                    createdAt: now,
                  },
                },
                upsert: true,
              },
            })),
            { ordered: false, timestamps: false },
          );
        } catch (err) {
          const writeErrors = (err as { writeErrors?: { index: number }[] }).writeErrors;
          if (!writeErrors) throw err;
          for (const e of writeErrors) {
            const write = chunk[e.index];
            if (write) failed.add(write.id);
          }
        }
      }
      return failed;
    },

    /** The capacity history of offers in the scope, to decide what a report adds or corrects. */
    async capacityState(
      scope: OfferScope,
      ids: readonly string[],
    ): Promise<
      Map<string, { capacityHistory: CapacityEntry[]; currentCapacity: CapacityEntry | null }>
    > {
      const docs = await byIds<Pick<OfferDoc, '_id' | 'capacityHistory' | 'currentCapacity'>>(
        scope,
        ids,
        {
          _id: 1,
          capacityHistory: 1,
          currentCapacity: 1,
        },
      );
      return new Map(
        docs.map((d) => [
          d._id,
          { capacityHistory: d.capacityHistory ?? [], currentCapacity: d.currentCapacity ?? null },
        ]),
      );
    },

    /**
     * Adds capacity counts without a read-modify-write, so concurrent reports can never erase one
     * another: new counts are appended (`$push`), and the current capacity is kept as the newest
     * by `$max`, which compares the embedded documents by their first field, `asOf`. A correction
     * replaces a count in place by index (counts are only ever appended or replaced, so indexes
     * are stable). Offers not in the scope are left alone.
     */
    async addCapacityCounts(scope: OfferScope, writes: readonly CapacityWrite[]): Promise<void> {
      const scopeFilter = offerScopeFilter(scope);
      for (const chunk of chunks(writes, 500)) {
        const ops = chunk.flatMap((w) => {
          const out = [];
          const newest = latest(w.append);
          if (newest) {
            out.push({
              updateOne: {
                filter: { ...scopeFilter, _id: w.id },
                update: {
                  $push: { capacityHistory: { $each: w.append.map(ordered) } },
                  $max: { currentCapacity: ordered(newest) },
                  $set: { updatedAt: new Date() },
                },
              },
            });
          }
          for (const c of w.corrections) {
            out.push({
              updateOne: {
                filter: { ...scopeFilter, _id: w.id },
                update: {
                  $set: { [`capacityHistory.${c.index}`]: ordered(c.entry), updatedAt: new Date() },
                },
              },
            });
            // Only when the corrected count is still the current one.
            out.push({
              updateOne: {
                filter: { ...scopeFilter, _id: w.id, 'currentCapacity.asOf': c.entry.asOf },
                update: { $set: { currentCapacity: ordered(c.entry) } },
              },
            });
          }
          return out;
        });
        await forEachLimited(ops, 1, async (op) => {
          await Offer.updateOne(op.updateOne.filter, op.updateOne.update, { timestamps: false });
        });
      }
    },

    /** One new count for one offer; false when the offer is not in the scope. */
    async appendCapacity(scope: OfferScope, id: string, entry: CapacityEntry): Promise<boolean> {
      const res = await Offer.updateOne(
        { ...offerScopeFilter(scope), _id: id },
        {
          $push: { capacityHistory: ordered(entry) },
          $max: { currentCapacity: ordered(entry) },
          $set: { updatedAt: new Date() },
        },
        { timestamps: false },
      );
      return res.matchedCount === 1;
    },

    /** Tariffs of offers in the scope. */
    async tariffState(
      scope: OfferScope,
      ids: readonly string[],
    ): Promise<Map<string, TariffEntry[]>> {
      const docs = await byIds<Pick<OfferDoc, '_id' | 'tariffs'>>(scope, ids, {
        _id: 1,
        tariffs: 1,
      });
      return new Map(docs.map((d) => [d._id, d.tariffs ?? []]));
    },

    /**
     * Replaces the tariffs of offers. Callers hold the offers' leases (offer-lock.repository)
     * from the read to this write, so the no-overlap check saw the state that is replaced.
     */
    async replaceTariffs(
      scope: OfferScope,
      writes: readonly { id: string; tariffs: readonly TariffEntry[] }[],
    ): Promise<void> {
      assertRegistryScope(scope);
      // One update per offer: FerretDB 1.24 stalls on multi-statement updates (see the ADR).
      await forEachLimited(writes, 1, async (w) => {
        await Offer.updateOne(
          { ...offerScopeFilter(scope), _id: w.id },
          { $set: { tariffs: w.tariffs, updatedAt: new Date() } },
          { timestamps: false },
        );
      });
    },
  };
}

export type OfferRepository = ReturnType<typeof offerRepository>;

/**
 * The fields in schema order with `asOf` first: `$max` compares embedded documents field by field,
 * so the first field must be the one that decides which count is newer.
 */
function ordered(e: CapacityEntry): CapacityEntry {
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
export function latest(history: readonly CapacityEntry[]): CapacityEntry | null {
  return history.reduce<CapacityEntry | null>(
    (best, e) => (best === null || e.asOf.getTime() > best.asOf.getTime() ? e : best),
    null,
  );
}

/**
 * The same file imported twice at the same moment can append the same count twice; the later
 * append wins, as a correction would.
 */
function dedupeByAsOf(history: readonly CapacityEntry[]): CapacityEntry[] {
  const byTime = new Map<number, CapacityEntry>();
  for (const e of history) byTime.set(e.asOf.getTime(), e);
  return [...byTime.values()];
}

function listQuery(filter: OfferListFilter): Record<string, unknown> {
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

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
