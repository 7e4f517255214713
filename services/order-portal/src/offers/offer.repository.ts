import type { Connection, Model } from 'mongoose';
import {
  requireCrossTenant,
  requireParty,
  scopeFilter,
  type CrossTenantScope,
  type PartyScope,
  type ScopeFilters,
  type TenantScope,
} from '@rammeaftale/db';
import {
  offerModel,
  type CapacityEntryDoc,
  type OfferDoc,
  type TariffEntryDoc,
} from './offer.model';
import { findByIds, forEachLimited } from './by-ids';
import {
  chunks,
  dedupeByAsOf,
  failedWrites,
  latest,
  listQuery,
  ordered,
  type OfferListFilter,
} from './offer.queries';

export type { OfferListFilter } from './offer.queries';

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

export interface CapacityWrite {
  id: string;
  append: CapacityEntry[];
  corrections: { index: number; entry: CapacityEntry }[];
}

export interface MetadataWrite {
  id: string;
  metadata: OfferMetadata;
}

/**
 * Which offers a scope reaches: an operator's own (`partyScope('operator', orgId)`), or the whole
 * shared registry with a `crossTenant(reason)` scope.
 */
export type OfferScope = TenantScope<'operator'>;

const OPERATOR: ScopeFilters<'operator'> = {
  operator: (id) => ({ 'operator.organisationId': id }),
};
const offerFilter = (scope: OfferScope) => scopeFilter(scope, OPERATOR);

const toSummary = (doc: OfferDoc): OfferSummary => {
  const { _id, capacityHistory: _h, createdAt: _c, ...rest } = doc;
  return {
    ...rest,
    id: _id,
    currentCapacity: doc.currentCapacity ?? null,
    tariffs: doc.tariffs ?? [],
  };
};

/**
 * The offer registry. Plain objects in and out; every method takes the scope it may touch, so
 * forgetting the tenant is a thrown error, never "all offers". Writes that create or re-describe
 * offers, or replace their tariffs, belong to the registry as a whole (the secretariat's import)
 * and take a cross-tenant scope only; one new capacity count is its operator's own.
 */
export class OfferRepository {
  private readonly Offer: Model<OfferDoc>;

  constructor(conn: Connection) {
    this.Offer = offerModel(conn);
  }

  private byIds<D extends { _id: string }>(
    scope: OfferScope,
    ids: readonly string[],
    projection: Record<string, 0 | 1>,
  ): Promise<D[]> {
    return findByIds<D>(this.Offer as never, offerFilter(scope), ids, projection);
  }

  async list(
    scope: OfferScope,
    filter: OfferListFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: OfferSummary[]; total: number }> {
    const query = { ...offerFilter(scope), ...listQuery(filter) };
    const [docs, total] = await Promise.all([
      this.Offer.find(query)
        .select({ capacityHistory: 0 })
        .sort({ nameSortKey: 1, _id: 1 })
        .skip(page.offset)
        .limit(page.limit)
        .lean<OfferDoc[]>(),
      this.Offer.countDocuments(query),
    ]);
    return { items: docs.map(toSummary), total };
  }

  async get(scope: OfferScope, id: string): Promise<OfferDetail | undefined> {
    const doc = await this.Offer.findOne({ ...offerFilter(scope), _id: id }).lean<OfferDoc>();
    if (!doc) return undefined;
    return {
      ...toSummary(doc),
      capacityHistory: dedupeByAsOf(doc.capacityHistory ?? []),
      createdAt: doc.createdAt,
    };
  }

  /** Ids of the given offers that exist in the scope. */
  async existingIds(scope: OfferScope, ids: readonly string[]): Promise<Set<string>> {
    const docs = await this.byIds<{ _id: string }>(scope, ids, { _id: 1 });
    return new Set(docs.map((d) => d._id));
  }

  /** The import-owned fields of existing offers, by id. */
  async metadataByIds(
    scope: OfferScope,
    ids: readonly string[],
  ): Promise<Map<string, OfferMetadata>> {
    const docs = await this.byIds<OfferDoc>(scope, ids, {
      capacityHistory: 0,
      currentCapacity: 0,
      tariffs: 0,
    });
    const out = new Map<string, OfferMetadata>();
    for (const { _id, createdAt: _c, updatedAt: _u, ...metadata } of docs) out.set(_id, metadata);
    return out;
  }

  /**
   * Creates or re-describes offers, one atomic write per offer (unordered, so one failing offer
   * does not stop the others). Capacity and tariffs are never touched here. Offers not in
   * `existing` are inserted (on FerretDB an upsert costs many times an insert); one that
   * appeared meanwhile fails as a duplicate and is upserted like the others.
   * Returns the ids whose write failed.
   */
  async upsertMetadata(
    scope: CrossTenantScope,
    writes: readonly MetadataWrite[],
    existing: ReadonlySet<string> = new Set(),
  ): Promise<Set<string>> {
    requireCrossTenant(scope);
    const failed = new Set<string>();
    const toUpsert: MetadataWrite[] = writes.filter((w) => existing.has(w.id));
    const fresh = writes.filter((w) => !existing.has(w.id));
    for (const chunk of chunks(fresh, 1000)) {
      const outcome = await this.insertFresh(chunk);
      toUpsert.push(...outcome.duplicates);
      outcome.failed.forEach((id) => failed.add(id));
    }
    for (const chunk of chunks(toUpsert, 1000))
      (await this.upsertExisting(chunk)).forEach((id) => failed.add(id));
    return failed;
  }

  /** Inserts new offers; those that exist by now come back as duplicates, to be upserted. */
  private async insertFresh(
    chunk: readonly MetadataWrite[],
  ): Promise<{ duplicates: MetadataWrite[]; failed: string[] }> {
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
    const outcome = { duplicates: [] as MetadataWrite[], failed: [] as string[] };
    try {
      await this.Offer.insertMany(docs, { ordered: false, lean: true });
    } catch (err) {
      for (const e of failedWrites(err)) {
        const write = chunk[e.index];
        if (!write) continue;
        if (e.code === 11000) outcome.duplicates.push(write);
        else outcome.failed.push(write.id);
      }
    }
    return outcome;
  }

  /** One upsert per offer of the import-owned fields; returns the ids whose write failed. */
  private async upsertExisting(chunk: readonly MetadataWrite[]): Promise<string[]> {
    const now = new Date();
    const ops = chunk.map((w) => ({
      updateOne: {
        filter: { _id: w.id },
        update: {
          $set: { ...w.metadata, updatedAt: now },
          $setOnInsert: { capacityHistory: [], currentCapacity: null, tariffs: [], createdAt: now },
        },
        upsert: true,
      },
    }));
    try {
      await this.Offer.bulkWrite(ops, { ordered: false, timestamps: false });
      return [];
    } catch (err) {
      return failedWrites(err).flatMap((e) => (chunk[e.index] ? [chunk[e.index]!.id] : []));
    }
  }

  /** The approved number of places of one offer in the scope; undefined: not in the scope. */
  async approvedPlaces(scope: OfferScope, id: string): Promise<number | undefined> {
    const [doc] = await this.byIds<Pick<OfferDoc, '_id' | 'approvedPlaces'>>(scope, [id], {
      _id: 1,
      approvedPlaces: 1,
    });
    return doc?.approvedPlaces;
  }

  /** The capacity history of offers in the scope, to decide what a report adds or corrects. */
  async capacityState(
    scope: OfferScope,
    ids: readonly string[],
  ): Promise<
    Map<
      string,
      {
        capacityHistory: CapacityEntry[];
        currentCapacity: CapacityEntry | null;
        approvedPlaces: number;
      }
    >
  > {
    const docs = await this.byIds<
      Pick<OfferDoc, '_id' | 'capacityHistory' | 'currentCapacity' | 'approvedPlaces'>
    >(scope, ids, { _id: 1, capacityHistory: 1, currentCapacity: 1, approvedPlaces: 1 });
    return new Map(
      docs.map((d) => [
        d._id,
        {
          capacityHistory: d.capacityHistory ?? [],
          currentCapacity: d.currentCapacity ?? null,
          approvedPlaces: d.approvedPlaces,
        },
      ]),
    );
  }

  /**
   * Adds capacity counts without a read-modify-write, so concurrent reports can never erase one
   * another: new counts are appended (`$push`), and the current capacity is kept as the newest
   * by `$max`, which compares the embedded documents by their first field, `asOf`. A correction
   * replaces a count in place by index (counts are only ever appended or replaced, so indexes
   * are stable). Offers not in the scope are left alone.
   */
  async addCapacityCounts(scope: OfferScope, writes: readonly CapacityWrite[]): Promise<void> {
    const inScope = offerFilter(scope);
    for (const chunk of chunks(writes, 500)) {
      const ops = chunk.flatMap((w) => capacityUpdates(inScope, w));
      await forEachLimited(ops, 1, async (op) => {
        await this.Offer.updateOne(op.filter, op.update, { timestamps: false });
      });
    }
  }

  /** One new count for one of the operator's own offers; false when it is not theirs. */
  async appendCapacity(
    scope: PartyScope<'operator'>,
    id: string,
    entry: CapacityEntry,
  ): Promise<boolean> {
    const res = await this.Offer.updateOne(
      { ...offerFilter(requireParty(scope, 'operator')), _id: id },
      {
        $push: { capacityHistory: ordered(entry) },
        $max: { currentCapacity: ordered(entry) },
        $set: { updatedAt: new Date() },
      },
      { timestamps: false },
    );
    return res.matchedCount === 1;
  }

  /** Tariffs of offers in the scope. */
  async tariffState(
    scope: OfferScope,
    ids: readonly string[],
  ): Promise<Map<string, TariffEntry[]>> {
    const docs = await this.byIds<Pick<OfferDoc, '_id' | 'tariffs'>>(scope, ids, {
      _id: 1,
      tariffs: 1,
    });
    return new Map(docs.map((d) => [d._id, d.tariffs ?? []]));
  }

  /**
   * Replaces the tariffs of offers. Callers hold the offers' leases (offer-lock.repository)
   * from the read to this write, so the no-overlap check saw the state that is replaced.
   */
  async replaceTariffs(
    scope: CrossTenantScope,
    writes: readonly { id: string; tariffs: readonly TariffEntry[] }[],
  ): Promise<void> {
    requireCrossTenant(scope);
    // One update per offer: FerretDB 1.24 stalls on multi-statement updates (see the ADR).
    await forEachLimited(writes, 1, async (w) => {
      await this.Offer.updateOne(
        { _id: w.id },
        { $set: { tariffs: w.tariffs, updatedAt: new Date() } },
        { timestamps: false },
      );
    });
  }
}

/** The updates of one offer's counts: the appended ones, then each correction. */
function capacityUpdates(inScope: Record<string, unknown>, w: CapacityWrite) {
  const out: { filter: Record<string, unknown>; update: Record<string, unknown> }[] = [];
  const newest = latest(w.append);
  if (newest) {
    out.push({
      filter: { ...inScope, _id: w.id },
      update: {
        $push: { capacityHistory: { $each: w.append.map(ordered) } },
        $max: { currentCapacity: ordered(newest) },
        $set: { updatedAt: new Date() },
      },
    });
  }
  for (const c of w.corrections) {
    out.push({
      filter: { ...inScope, _id: w.id },
      update: {
        $set: { [`capacityHistory.${c.index}`]: ordered(c.entry), updatedAt: new Date() },
      },
    });
    // Only when the corrected count is still the current one.
    out.push({
      filter: { ...inScope, _id: w.id, 'currentCapacity.asOf': c.entry.asOf },
      update: { $set: { currentCapacity: ordered(c.entry) } },
    });
  }
  return out;
}
