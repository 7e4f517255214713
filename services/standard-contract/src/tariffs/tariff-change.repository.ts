import type { Connection } from 'mongoose';
import { trusted } from '@rammeaftale/db';
import { tariffChangeModel, type TariffChangeDoc } from './tariff-change.model';
import type {
  DecisionStatus,
  DeliveryState,
  OutboxRecord,
  OutboxStatus,
  TariffChange,
  TariffDecision,
} from './tariff-change.types';

/**
 * Whose tariff changes a caller may see; every query carries one, so another supplier or
 * municipality cannot tell a change exists (404). An authority sees the changes reported to it.
 */
export type TariffScope =
  | { kind: 'all' }
  | { kind: 'supplier'; organisationId: string }
  | { kind: 'municipality'; organisationId: string }
  | { kind: 'authority'; authority: string };

export const scopeFilter = (scope: TariffScope): Record<string, string> => {
  switch (scope.kind) {
    case 'supplier':
      return { 'access.supplier': scope.organisationId };
    case 'municipality':
      return { 'access.municipalities': scope.organisationId };
    case 'authority':
      return { 'reports.authority': scope.authority };
    default:
      return {};
  }
};

const toChange = ({ _id, ...rest }: TariffChangeDoc): TariffChange => ({
  id: _id,
  ...rest,
  justifications: rest.justifications ?? [],
  decisions: rest.decisions ?? [],
  letters: rest.letters ?? [],
  reports: rest.reports ?? [],
  audit: rest.audit ?? [],
});

export type OutboxList = 'letters' | 'reports';

const OPEN_DELIVERY = ['pending', 'sending'];

/** Plain objects in and out: no mongoose document leaves this file. */
export function tariffChangeRepository(conn: Connection) {
  const Change = tariffChangeModel(conn);

  /** Index of an element by key; guarded updates re-check the key at that index. */
  async function indexOf(id: string, list: OutboxList | 'decisions', match: (x: never) => boolean) {
    const doc = await Change.findById(id, { [list]: 1 }).lean();
    return ((doc?.[list] ?? []) as never[]).findIndex(match);
  }

  return {
    /** Inserts unless a change with this id exists; returns the stored one either way. */
    async insertOnce(doc: TariffChangeDoc): Promise<{ change: TariffChange; created: boolean }> {
      for (let attempt = 0; ; attempt++) {
        try {
          const res = await Change.findOneAndUpdate(
            { _id: doc._id },
            { $setOnInsert: doc },
            { upsert: true, new: true, includeResultMetadata: true, lean: true, timestamps: false },
          );
          return {
            change: toChange(res.value as TariffChangeDoc),
            created: !res.lastErrorObject?.updatedExisting,
          };
        } catch (err) {
          if ((err as { code?: number })?.code !== 11000 || attempt >= 2) throw err;
        }
      }
    },
    async get(id: string, scope: TariffScope): Promise<TariffChange | undefined> {
      const doc = await Change.findOne({ _id: id, ...scopeFilter(scope) }).lean();
      return doc ? toChange(doc as TariffChangeDoc) : undefined;
    },
    async list(
      scope: TariffScope,
      filter: { awaiting?: boolean; deadlineBefore?: string; offerId?: string },
      limit: number,
    ): Promise<TariffChange[]> {
      const docs = await Change.find({
        ...scopeFilter(scope),
        ...(filter.awaiting ? { 'decisions.status': 'awaiting_approval' } : {}),
        ...(filter.deadlineBefore
          ? { approvalDeadline: trusted({ $lt: filter.deadlineBefore }) }
          : {}),
        ...(filter.offerId ? { 'offer.offerId': filter.offerId } : {}),
      })
        .sort({ updatedAt: -1 })
        .limit(limit)
        .lean();
      return (docs as TariffChangeDoc[]).map(toChange);
    },
    /** A still-undecided change of the same supplier for the same offer and date, if any. */
    async undecidedFor(
      supplierOrganisationId: string,
      offerId: string,
      effectiveFrom: string,
    ): Promise<TariffChange | undefined> {
      const doc = await Change.findOne({
        'access.supplier': supplierOrganisationId,
        'offer.offerId': offerId,
        effectiveFrom,
        'decisions.status': 'awaiting_approval',
      }).lean();
      return doc ? toChange(doc as TariffChangeDoc) : undefined;
    },
    /**
     * Moves one contract's decision on, only if it is still in one of `from` (a guarded write:
     * two case workers deciding at once, or a repeated pass of the flow, change it once).
     */
    async updateDecision(
      id: string,
      contractId: string,
      from: readonly DecisionStatus[],
      set: Partial<
        Pick<TariffDecision, 'status' | 'note' | 'buyerDecision' | 'amendmentNumber' | 'appliedAt'>
      >,
      audit?: TariffChange['audit'][number],
    ): Promise<boolean> {
      const index = await indexOf(
        id,
        'decisions',
        (d: TariffDecision) => d.contractId === contractId,
      );
      if (index < 0) return false;
      const p = `decisions.${index}`;
      const res = await Change.updateOne(
        {
          _id: id,
          [`${p}.contractId`]: contractId,
          [`${p}.status`]: trusted({ $in: [...from] }),
        },
        {
          $set: Object.fromEntries(Object.entries(set).map(([k, v]) => [`${p}.${k}`, v])),
          ...(audit ? { $push: { audit } } : {}),
        },
      );
      return res.modifiedCount === 1;
    },
    /** Updates one outbox record (a letter or a report) if it is still in one of `from`. */
    async updateOutbox(
      id: string,
      list: OutboxList,
      key: string,
      from: readonly OutboxStatus[],
      set: Partial<Pick<OutboxRecord, 'status' | 'lastError' | 'acceptedAt' | 'delivery'>> & {
        email?: string;
      },
      opts: { countAttempt?: boolean; unsetError?: boolean } = {},
    ): Promise<boolean> {
      const index = await indexOf(id, list, (r: OutboxRecord) => r.key === key);
      if (index < 0) return false;
      const p = `${list}.${index}`;
      const res = await Change.updateOne(
        { _id: id, [`${p}.key`]: key, [`${p}.status`]: trusted({ $in: [...from] }) },
        {
          $set: Object.fromEntries(Object.entries(set).map(([k, v]) => [`${p}.${k}`, v])),
          ...(opts.countAttempt ? { $inc: { [`${p}.attempts`]: 1 } } : {}),
          ...(opts.unsetError ? { $unset: { [`${p}.lastError`]: 1 } } : {}),
        },
      );
      return res.modifiedCount === 1;
    },
    /** What the notifications worker says about a record it accepted. */
    async setDelivery(id: string, list: OutboxList, key: string, state: DeliveryState) {
      const index = await indexOf(id, list, (r: OutboxRecord) => r.key === key);
      if (index < 0) return;
      await Change.updateOne(
        { _id: id, [`${list}.${index}.key`]: key },
        { $set: { [`${list}.${index}.delivery`]: state } },
      );
    },
    async addJustification(
      id: string,
      scope: TariffScope,
      j: TariffChange['justifications'][number],
      audit: TariffChange['audit'][number],
    ): Promise<TariffChange | undefined> {
      const doc = await Change.findOneAndUpdate(
        { _id: id, ...scopeFilter(scope) },
        { $push: { justifications: j, audit } },
        { new: true, lean: true },
      );
      return doc ? toChange(doc as TariffChangeDoc) : undefined;
    },
    /**
     * Changes with work left for the flow: decisions to apply, letters or reports to hand over or
     * due, and accepted ones whose final delivery status is not known yet.
     */
    async withOpenWork(limit: number): Promise<string[]> {
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
        const docs = await Change.find(q, { _id: 1 }).limit(limit).lean();
        for (const d of docs) ids.add(String(d._id));
      }
      return [...ids];
    },
  };
}

export type TariffChangeRepository = ReturnType<typeof tariffChangeRepository>;
