import mongoose, { type Connection } from 'mongoose';
import type { OperatorKind, TargetGroupSlug } from '@rammeaftale/domain';
import {
  offerModel,
  type CapacityEntryDoc,
  type OfferDoc,
  type TariffEntryDoc,
} from './offer.model';
import { assertRegistryScope, offerScopeFilter, type OfferScope } from './scope';
import type { OfferTypeSlug } from './vocabulary';

/** What the offers import owns: every field except capacity, tariffs and bookkeeping. */
export type OfferMetadata = Omit<
  OfferDoc,
  '_id' | 'currentCapacity' | 'capacityHistory' | 'tariffs' | 'revision' | 'createdAt' | 'updatedAt'
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
  revision: number;
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

export interface MetadataWrite {
  id: string;
  metadata: OfferMetadata;
}

const { trusted } = mongoose;

/** Plain objects in and out; every method takes the scope it may touch. */
export function offerRepository(conn: Connection) {
  const Offer = offerModel(conn);

  const toSummary = (doc: OfferDoc): OfferSummary => {
    const { _id, capacityHistory: _h, revision: _r, createdAt: _c, ...rest } = doc;
    return { ...rest, id: _id, currentCapacity: doc.currentCapacity ?? null, tariffs: doc.tariffs ?? [] };
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
        capacityHistory: doc.capacityHistory ?? [],
        revision: doc.revision,
        createdAt: doc.createdAt,
      };
    },

    /** Ids of the given offers that exist in the scope. */
    async existingIds(scope: OfferScope, ids: readonly string[]): Promise<Set<string>> {
      const found = new Set<string>();
      for (const chunk of chunks(ids, 1000)) {
        const docs = await Offer.find({ ...offerScopeFilter(scope), _id: trusted({ $in: chunk }) })
          .select({ _id: 1 })
          .lean<{ _id: string }[]>();
        for (const d of docs) found.add(d._id);
      }
      return found;
    },

    /** The import-owned fields of existing offers, by id. */
    async metadataByIds(scope: OfferScope, ids: readonly string[]): Promise<Map<string, OfferMetadata>> {
      const out = new Map<string, OfferMetadata>();
      for (const chunk of chunks(ids, 1000)) {
        const docs = await Offer.find({ ...offerScopeFilter(scope), _id: trusted({ $in: chunk }) })
          .select({ capacityHistory: 0, currentCapacity: 0, tariffs: 0, revision: 0 })
          .lean<OfferDoc[]>();
        for (const { _id, createdAt: _c, updatedAt: _u, ...metadata } of docs) {
          out.set(_id, metadata as OfferMetadata);
        }
      }
      return out;
    },

    /**
     * Creates or re-describes offers, one atomic upsert per offer (unordered, so one failing
     * offer does not stop the others). Capacity and tariffs are never touched here.
     * Returns the ids whose write failed.
     */
    async upsertMetadata(scope: OfferScope, writes: readonly MetadataWrite[]): Promise<Set<string>> {
      assertRegistryScope(scope);
      const failed = new Set<string>();
      for (const chunk of chunks(writes, 1000)) {
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
                    revision: 0,
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

    /** Capacity fields with the revision, for a read-modify-write. */
    async capacityState(
      scope: OfferScope,
      ids: readonly string[],
    ): Promise<Map<string, { revision: number; capacityHistory: CapacityEntry[]; operatorOrganisationId: string }>> {
      const out = new Map<string, { revision: number; capacityHistory: CapacityEntry[]; operatorOrganisationId: string }>();
      for (const chunk of chunks(ids, 500)) {
        const docs = await Offer.find({ ...offerScopeFilter(scope), _id: trusted({ $in: chunk }) })
          .select({ _id: 1, revision: 1, capacityHistory: 1, operator: 1 })
          .lean<Pick<OfferDoc, '_id' | 'revision' | 'capacityHistory' | 'operator'>[]>();
        for (const d of docs) {
          out.set(d._id, {
            revision: d.revision,
            capacityHistory: d.capacityHistory ?? [],
            operatorOrganisationId: d.operator.organisationId,
          });
        }
      }
      return out;
    },

    /** Tariffs with the revision, for a read-modify-write. */
    async tariffState(
      scope: OfferScope,
      ids: readonly string[],
    ): Promise<Map<string, { revision: number; tariffs: TariffEntry[] }>> {
      const out = new Map<string, { revision: number; tariffs: TariffEntry[] }>();
      for (const chunk of chunks(ids, 500)) {
        const docs = await Offer.find({ ...offerScopeFilter(scope), _id: trusted({ $in: chunk }) })
          .select({ _id: 1, revision: 1, tariffs: 1 })
          .lean<Pick<OfferDoc, '_id' | 'revision' | 'tariffs'>[]>();
        for (const d of docs) out.set(d._id, { revision: d.revision, tariffs: d.tariffs ?? [] });
      }
      return out;
    },

    /**
     * Replaces the capacity history (and the current capacity derived from it) if nobody wrote
     * the offer since `expectedRevision` was read. False means: read again and retry.
     */
    async replaceCapacity(
      scope: OfferScope,
      id: string,
      expectedRevision: number,
      history: readonly CapacityEntry[],
    ): Promise<boolean> {
      const current = latest(history);
      const res = await Offer.updateOne(
        { ...offerScopeFilter(scope), _id: id, revision: expectedRevision },
        {
          $set: { capacityHistory: history, currentCapacity: current, updatedAt: new Date() },
          $inc: { revision: 1 },
        },
        { timestamps: false },
      );
      return res.matchedCount === 1;
    },

    /** Same guard as `replaceCapacity`, for the tariffs of the offer. */
    async replaceTariffs(
      scope: OfferScope,
      id: string,
      expectedRevision: number,
      tariffs: readonly TariffEntry[],
    ): Promise<boolean> {
      assertRegistryScope(scope);
      const res = await Offer.updateOne(
        { ...offerScopeFilter(scope), _id: id, revision: expectedRevision },
        { $set: { tariffs, updatedAt: new Date() }, $inc: { revision: 1 } },
        { timestamps: false },
      );
      return res.matchedCount === 1;
    },
  };
}

export type OfferRepository = ReturnType<typeof offerRepository>;

/** The entry with the latest `asOf`: what "current capacity" means. */
export function latest(history: readonly CapacityEntry[]): CapacityEntry | null {
  return history.reduce<CapacityEntry | null>(
    (best, e) => (best === null || e.asOf.getTime() > best.asOf.getTime() ? e : best),
    null,
  );
}

function listQuery(filter: OfferListFilter): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (filter.municipalityCode !== undefined) q['address.municipalityCode'] = filter.municipalityCode;
  if (filter.operatorKind) q['operator.kind'] = filter.operatorKind;
  if (filter.operatorOrganisationId) q['operator.organisationId'] = filter.operatorOrganisationId;
  if (filter.targetGroup) q.targetGroups = filter.targetGroup;
  if (filter.offerType) q.offerType = filter.offerType;
  if (filter.frameworkAgreement !== undefined) q.frameworkAgreement = filter.frameworkAgreement;
  if (filter.withFreePlaces !== undefined) {
    q['currentCapacity.free'] = filter.withFreePlaces ? trusted({ $gt: 0 }) : trusted({ $not: { $gt: 0 } });
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
