import type { Connection, Model } from 'mongoose';
import {
  requireCrossTenant,
  requireParty,
  scopeFilter,
  trusted,
  type ScopeFilters,
  type TenantScope,
} from '@rammeaftale/db';
import { tariffChangeModel, type TariffChangeDoc } from './tariff-change.model';
import type {
  DecisionStatus,
  DeliveryState,
  OutboxRecord,
  OutboxStatus,
  TariffChange,
  TariffDecision,
  TariffLetter,
} from './tariff-change.types';

/**
 * The parties that see tariff changes of their own: the supplier that announced, the
 * municipalities whose contracts it touches, and an authority (by the name offers carry) the
 * changes that were reported to it. Every query carries the caller's scope, so another supplier
 * or municipality cannot tell a change exists (404).
 */
export type TariffParty = 'supplier' | 'municipality' | 'authority';

const TARIFF_FILTERS: ScopeFilters<TariffParty> = {
  supplier: (id) => ({ 'access.supplier': id }),
  municipality: (id) => ({ 'access.municipalities': id }),
  authority: (name) => ({ 'reports.authority': name }),
};

const toChange = ({ _id, pendingEvents: _events, ...rest }: TariffChangeDoc): TariffChange => ({
  id: _id,
  ...rest,
  justifications: rest.justifications ?? [],
  decisions: rest.decisions ?? [],
  letters: rest.letters ?? [],
  reports: rest.reports ?? [],
  audit: rest.audit ?? [],
});

export type OutboxList = 'letters' | 'reports';

type Audit = TariffChange['audit'][number];

const OPEN_DELIVERY = ['pending', 'sending'];

/** `{ 'decisions.3.status': 'applied' }` from `{ status: 'applied' }` for the element at `path`. */
const setAt = (path: string, set: object) =>
  Object.fromEntries(Object.entries(set).map(([k, v]) => [`${path}.${k}`, v as unknown]));

/** Plain objects in and out: no mongoose document leaves this file. */
export class TariffChangeRepository {
  private readonly Change: Model<TariffChangeDoc>;

  constructor(conn: Connection) {
    this.Change = tariffChangeModel(conn);
  }

  /** Inserts unless a change with this id exists; returns the stored one either way. */
  async insertOnce(
    scope: TenantScope<TariffParty>,
    doc: TariffChangeDoc,
  ): Promise<{ change: TariffChange; created: boolean }> {
    // Only the announcing supplier makes a change, and only of its own.
    if (requireParty(scope, 'supplier').id !== doc.access.supplier)
      throw new RangeError('a supplier announces its own tariff changes only');
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.Change.findOneAndUpdate(
          { _id: doc._id },
          { $setOnInsert: doc },
          { upsert: true, new: true, includeResultMetadata: true, lean: true, timestamps: false },
        );
        return { change: toChange(res.value!), created: !res.lastErrorObject?.updatedExisting };
      } catch (err) {
        if ((err as { code?: number })?.code !== 11000 || attempt >= 2) throw err;
      }
    }
  }

  async get(scope: TenantScope<TariffParty>, id: string): Promise<TariffChange | undefined> {
    const doc = await this.Change.findOne({
      _id: id,
      ...scopeFilter(scope, TARIFF_FILTERS),
    }).lean();
    return doc ? toChange(doc) : undefined;
  }

  async list(
    scope: TenantScope<TariffParty>,
    filter: { awaiting?: boolean; deadlineBefore?: string; offerId?: string },
    limit: number,
  ): Promise<TariffChange[]> {
    const docs = await this.Change.find({
      ...scopeFilter(scope, TARIFF_FILTERS),
      ...(filter.awaiting ? { 'decisions.status': 'awaiting_approval' } : {}),
      ...(filter.deadlineBefore
        ? { approvalDeadline: trusted({ $lt: filter.deadlineBefore }) }
        : {}),
      ...(filter.offerId ? { 'offer.offerId': filter.offerId } : {}),
    })
      .sort({ updatedAt: -1 })
      .limit(limit)
      .lean();
    return docs.map(toChange);
  }

  /** A still-undecided change in `scope` (the supplier's) for the same offer and date, if any. */
  async undecidedFor(
    scope: TenantScope<TariffParty>,
    offerId: string,
    effectiveFrom: string,
  ): Promise<TariffChange | undefined> {
    const doc = await this.Change.findOne({
      ...scopeFilter(scope, TARIFF_FILTERS),
      'offer.offerId': offerId,
      effectiveFrom,
      'decisions.status': 'awaiting_approval',
    }).lean();
    return doc ? toChange(doc) : undefined;
  }

  /**
   * Moves one contract's decision on, only if it is still in one of `from` (a guarded write:
   * two case workers deciding at once, or a repeated pass of the flow, change it once).
   */
  async updateDecision(
    scope: TenantScope<TariffParty>,
    target: { id: string; contractId: string },
    from: readonly DecisionStatus[],
    set: Partial<
      Pick<TariffDecision, 'status' | 'note' | 'buyerDecision' | 'amendmentNumber' | 'appliedAt'>
    >,
    audit?: Audit,
  ): Promise<boolean> {
    const { id, contractId } = target;
    const index = await this.indexOf(
      scope,
      id,
      'decisions',
      (d: TariffDecision) => d.contractId === contractId,
    );
    if (index < 0) return false;
    const p = `decisions.${index}`;
    const res = await this.Change.updateOne(
      {
        _id: id,
        ...scopeFilter(scope, TARIFF_FILTERS),
        [`${p}.contractId`]: contractId,
        [`${p}.status`]: trusted({ $in: [...from] }),
      },
      { $set: setAt(p, set), ...(audit ? { $push: { audit } } : {}) },
    );
    return res.modifiedCount === 1;
  }

  /** Updates one outbox record (a letter or a report) if it is still in one of `from`. */
  async updateOutbox(
    scope: TenantScope<TariffParty>,
    record: { id: string; list: OutboxList; key: string },
    from: readonly OutboxStatus[],
    set: Partial<Pick<OutboxRecord, 'status' | 'lastError' | 'acceptedAt' | 'delivery'>> & {
      email?: string;
    },
    opts: { countAttempt?: boolean; unsetError?: boolean } = {},
  ): Promise<boolean> {
    const { id, list, key } = record;
    const index = await this.indexOf(scope, id, list, (r: OutboxRecord) => r.key === key);
    if (index < 0) return false;
    const p = `${list}.${index}`;
    const res = await this.Change.updateOne(
      {
        _id: id,
        ...scopeFilter(scope, TARIFF_FILTERS),
        [`${p}.key`]: key,
        [`${p}.status`]: trusted({ $in: [...from] }),
      },
      {
        $set: setAt(p, set),
        ...(opts.countAttempt ? { $inc: { [`${p}.attempts`]: 1 } } : {}),
        ...(opts.unsetError ? { $unset: { [`${p}.lastError`]: 1 } } : {}),
      },
    );
    return res.modifiedCount === 1;
  }

  /** Adds a letter to the change's outbox, once per key (a repeated call adds nothing). */
  async addLetter(
    scope: TenantScope<TariffParty>,
    id: string,
    letter: TariffLetter,
  ): Promise<void> {
    await this.Change.updateOne(
      {
        _id: id,
        ...scopeFilter(scope, TARIFF_FILTERS),
        'letters.key': trusted({ $ne: letter.key }),
      },
      { $push: { letters: letter } },
    );
  }

  /** What the notifications worker says about a record it accepted. */
  async setDelivery(
    scope: TenantScope<TariffParty>,
    record: { id: string; list: OutboxList; key: string },
    state: DeliveryState,
  ): Promise<void> {
    const { id, list, key } = record;
    const index = await this.indexOf(scope, id, list, (r: OutboxRecord) => r.key === key);
    if (index < 0) return;
    await this.Change.updateOne(
      { _id: id, ...scopeFilter(scope, TARIFF_FILTERS), [`${list}.${index}.key`]: key },
      { $set: { [`${list}.${index}.delivery`]: state } },
    );
  }

  async addJustification(
    scope: TenantScope<TariffParty>,
    id: string,
    j: TariffChange['justifications'][number],
    audit: Audit,
  ): Promise<TariffChange | undefined> {
    const doc = await this.Change.findOneAndUpdate(
      { _id: id, ...scopeFilter(scope, TARIFF_FILTERS) },
      { $push: { justifications: j, audit } },
      { new: true, lean: true },
    );
    return doc ? toChange(doc) : undefined;
  }

  /**
   * Changes with work left for the flow: decisions to apply, letters or reports to hand over or
   * due, and accepted ones whose final delivery status is not known yet. A sweep over every
   * tenant's changes, so only a cross-tenant scope asks.
   */
  async withOpenWork(scope: TenantScope<TariffParty>, limit: number): Promise<string[]> {
    requireCrossTenant(scope);
    const queries = [
      { 'decisions.status': 'to_apply' },
      { 'letters.status': trusted({ $in: ['pending', 'scheduled'] }) },
      { 'reports.status': 'pending' },
      // Accepted records start with delivery status 'pending' (see the flow), so only those
      // whose outcome is still unknown match here.
      { 'letters.delivery.status': trusted({ $in: OPEN_DELIVERY }) },
      { 'reports.delivery.status': trusted({ $in: OPEN_DELIVERY }) },
    ];
    const ids = new Set<string>();
    for (const q of queries) {
      const docs = await this.Change.find(q, { _id: 1 }).limit(limit).lean();
      for (const d of docs) ids.add(String(d._id));
    }
    return [...ids];
  }

  /**
   * Changes with a buyer still to decide whose approval deadline falls within [from, to]
   * (YYYY-MM-DD), for the deadline-near notice: their decisions and who was told already.
   */
  async awaitingWithDeadlineWithin(
    scope: TenantScope<TariffParty>,
    days: { from: string; to: string },
    limit: number,
  ): Promise<Pick<TariffChange, 'id' | 'approvalDeadline' | 'decisions' | 'deadlineNearTold'>[]> {
    requireCrossTenant(scope);
    const docs = await this.Change.find(
      {
        'decisions.status': 'awaiting_approval',
        approvalDeadline: trusted({ $gte: days.from, $lte: days.to }),
      },
      { approvalDeadline: 1, decisions: 1, deadlineNearTold: 1 },
    )
      .limit(limit)
      .lean<
        Pick<TariffChangeDoc, '_id' | 'approvalDeadline' | 'decisions' | 'deadlineNearTold'>[]
      >();
    return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest, decisions: rest.decisions ?? [] }));
  }

  /**
   * Records that a buyer was told its approval deadline is near, with the event that tells it, in
   * one guarded write: once per change and buyer, however many passes see it. The lists' order
   * (updatedAt) does not move: nothing about the change itself changed.
   */
  async markDeadlineNear(
    scope: TenantScope<TariffParty>,
    id: string,
    municipalityId: string,
    event: { $push: Record<string, unknown> },
  ): Promise<boolean> {
    requireCrossTenant(scope);
    const res = await this.Change.updateOne(
      { _id: id, deadlineNearTold: trusted({ $ne: municipalityId }) },
      { $push: { deadlineNearTold: municipalityId, ...event.$push } },
      { timestamps: false },
    );
    return res.modifiedCount === 1;
  }

  /** Index of an element by key; guarded updates re-check the key at that index. */
  private async indexOf<T>(
    scope: TenantScope<TariffParty>,
    id: string,
    list: OutboxList | 'decisions',
    match: (x: T) => boolean,
  ): Promise<number> {
    const doc = await this.Change.findOne(
      { _id: id, ...scopeFilter(scope, TARIFF_FILTERS) },
      { [list]: 1 },
    ).lean();
    return ((doc?.[list] ?? []) as T[]).findIndex(match);
  }
}
