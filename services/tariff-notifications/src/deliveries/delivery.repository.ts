import type { Connection, Model } from 'mongoose';
import { scopeFilter, trusted } from '@rammeaftale/db';
import { deliveryModel, type DeliveryDoc, type DeliveryStatus } from './delivery.model';
import type { LetterScope } from './letter.access';

export type Delivery = Omit<DeliveryDoc, '_id' | 'text'> & { id: string; text?: string };

/** What a letter is accepted with; status and attempts are the repository's. */
export type NewDelivery = Pick<
  DeliveryDoc,
  | '_id'
  | 'kind'
  | 'campaignId'
  | 'to'
  | 'replyTo'
  | 'subject'
  | 'text'
  | 'html'
  | 'attachments'
  | 'messageId'
  | 'correlationId'
>;

const toDelivery = ({ _id, ...rest }: DeliveryDoc): Delivery => ({ id: _id, ...rest });

/** No party kind sees letters: only a cross-tenant scope passes (see letter.access.ts). */
const tenant = (scope: LetterScope) => scopeFilter(scope, {});

/**
 * The keys `insertMany` refused as duplicates; anything but a duplicate is rethrown. The driver's
 * WriteError carries its code on `err` (a getter on newer drivers).
 */
function duplicateKeys(err: unknown, ds: NewDelivery[]): Set<string> {
  type WriteError = { code?: number; index?: number; err?: { code?: number } };
  const e = err as { code?: number; writeErrors?: WriteError | WriteError[] };
  const writeErrors =
    e.writeErrors === undefined
      ? e.code === 11000
        ? []
        : undefined
      : ([] as WriteError[]).concat(e.writeErrors);
  const codeOf = (w: WriteError) => w.code ?? w.err?.code;
  if (!writeErrors || writeErrors.some((w) => codeOf(w) !== 11000)) throw err;
  const duplicates = new Set<string>();
  for (const w of writeErrors) if (w.index !== undefined) duplicates.add(ds[w.index]!._id);
  if (writeErrors.length === 0) for (const d of ds) duplicates.add(d._id);
  return duplicates;
}

/** Plain objects in and out: no mongoose document leaves this file. */
export class DeliveryRepository {
  private readonly Delivery: Model<DeliveryDoc>;

  constructor(conn: Connection) {
    this.Delivery = deliveryModel(conn);
  }

  /** Inserts unless a delivery with this key exists; returns the stored one either way. */
  async accept(
    scope: LetterScope,
    d: NewDelivery,
  ): Promise<{ delivery: Delivery; created: boolean }> {
    const res = await this.Delivery.findOneAndUpdate(
      { _id: d._id, ...tenant(scope) },
      { $setOnInsert: { ...d, status: 'pending', attempts: 0 } },
      { upsert: true, new: true, includeResultMetadata: true, lean: true },
    );
    return {
      delivery: toDelivery(res.value!),
      created: !res.lastErrorObject?.updatedExisting,
    };
  }

  /**
   * Accepts many letters in one write; existing keys are left as they are. Returns the ids of
   * the letters that are (now or still) pending, which the caller enqueues.
   */
  async acceptMany(
    scope: LetterScope,
    ds: NewDelivery[],
  ): Promise<{ created: string[]; pending: string[] }> {
    tenant(scope);
    if (ds.length === 0) return { created: [], pending: [] };
    let duplicates = new Set<string>();
    try {
      await this.Delivery.insertMany(
        ds.map((d) => ({ ...d, status: 'pending', attempts: 0 })),
        { ordered: false },
      );
    } catch (err) {
      duplicates = duplicateKeys(err, ds);
    }
    const created = ds.map((d) => d._id).filter((id) => !duplicates.has(id));
    const stillPending =
      duplicates.size === 0
        ? []
        : (
            await this.Delivery.find(
              { _id: trusted({ $in: [...duplicates] }), status: 'pending' },
              { _id: 1 },
            ).lean()
          ).map((d) => String(d._id));
    return { created, pending: [...created, ...stillPending] };
  }

  /** Each recipient's state in a campaign: what the progress page shows. */
  async ofCampaign(
    scope: LetterScope,
    campaignId: string,
  ): Promise<Pick<Delivery, 'id' | 'to' | 'status' | 'lastError' | 'sentAt'>[]> {
    const docs = await this.Delivery.find(
      { campaignId, ...tenant(scope) },
      { to: 1, status: 1, lastError: 1, sentAt: 1 },
    ).lean();
    return docs.map((d) => ({
      id: String(d._id),
      to: d.to,
      status: d.status,
      lastError: d.lastError,
      sentAt: d.sentAt,
    }));
  }

  async get(scope: LetterScope, id: string): Promise<Delivery | undefined> {
    const doc = await this.Delivery.findOne({ _id: id, ...tenant(scope) }).lean<DeliveryDoc>();
    return doc ? toDelivery(doc) : undefined;
  }

  async list(
    scope: LetterScope,
    filter: { status?: DeliveryStatus; kind?: string; retrying?: boolean },
    limit = 100,
  ): Promise<Delivery[]> {
    const q: Record<string, unknown> = { ...tenant(scope) };
    if (filter.status) q.status = filter.status;
    if (filter.kind) q.kind = filter.kind;
    // Waiting for another attempt: not finished, and an attempt failed (its reason is kept).
    if (filter.retrying)
      Object.assign(q, {
        status: trusted({ $in: ['pending', 'sending'] }),
        lastError: trusted({ $exists: true }),
      });
    // Lists show status, not content: the bodies and attachments stay in the database.
    const docs = await this.Delivery.find(q, { text: 0, html: 0, attachments: 0 })
      .sort({ updatedAt: -1 })
      .limit(limit)
      .lean<DeliveryDoc[]>();
    return docs.map(toDelivery);
  }

  /**
   * The delivery if it may be sent (pending, or `sending` as older records were marked while
   * in flight); undefined when it is sent or failed for good, so a job that runs twice sends
   * once. A read by `_id` alone, and no write before the send: on FerretDB a guard key beside
   * `_id` makes a scan of the whole collection, and every single-document update costs time
   * that grows with the collection, so the worker writes once per letter, with the outcome
   * (the attempt is counted there). A letter being sent reads as `pending`; the reconciler
   * leaves it alone while its job is active.
   */
  async forSending(scope: LetterScope, id: string): Promise<Delivery | undefined> {
    const doc = await this.Delivery.findOne({ _id: id, ...tenant(scope) }).lean<DeliveryDoc>();
    if (!doc || (doc.status !== 'pending' && doc.status !== 'sending')) return undefined;
    return toDelivery(doc);
  }

  async markSent(scope: LetterScope, id: string): Promise<void> {
    await this.Delivery.updateOne(
      { _id: id, ...tenant(scope) },
      {
        $set: { status: 'sent', sentAt: new Date() },
        $unset: { lastError: 1 },
        $inc: { attempts: 1 },
      },
    );
  }

  /** An attempt that may succeed later: counted, reason kept, still pending (unless it finished meanwhile). */
  async markTemporaryFailure(scope: LetterScope, id: string, reason: string): Promise<void> {
    const doc = await this.Delivery.findOne({ _id: id, ...tenant(scope) }, { status: 1 }).lean();
    if (doc?.status !== 'pending' && doc?.status !== 'sending') return;
    await this.Delivery.updateOne(
      { _id: id, ...tenant(scope) },
      { $set: { status: 'pending', lastError: reason }, $inc: { attempts: 1 } },
    );
  }

  /**
   * Failed for good with the reason the operator sees. `countAttempt` when this attempt itself
   * failed (a 5xx, refused recipients); not when retries ran out (the last one was counted).
   */
  async markFailed(
    scope: LetterScope,
    id: string,
    failure: {
      reason: string;
      rejected?: string[];
      bounce?: DeliveryDoc['bounce'];
      about?: DeliveryDoc['about'];
    },
    opts: { countAttempt?: boolean } = {},
  ): Promise<void> {
    const { reason, rejected, bounce, about } = failure;
    await this.Delivery.updateOne(
      { _id: id, ...tenant(scope) },
      {
        $set: {
          status: 'failed',
          lastError: reason,
          ...(rejected ? { rejected } : {}),
          ...(bounce ? { bounce } : {}),
          ...(about && Object.keys(about).length > 0 ? { about } : {}),
        },
        ...(opts.countAttempt ? { $inc: { attempts: 1 } } : {}),
      },
    );
  }

  /**
   * The job will not be tried again (retries ran out): a delivery still open becomes failed with
   * the reason its last attempt recorded (`reason` when it recorded none). One the processor
   * already finished, sent or failed, is left as it is.
   */
  async markRetriesExhausted(scope: LetterScope, id: string, reason: string): Promise<void> {
    const open = trusted({ $in: ['pending', 'sending'] });
    const doc = await this.Delivery.findOne(
      { _id: id, ...tenant(scope), status: open },
      { lastError: 1 },
    ).lean();
    if (!doc) return;
    await this.Delivery.updateOne(
      { _id: id, ...tenant(scope), status: open },
      { $set: { status: 'failed', lastError: doc.lastError ?? reason } },
    );
  }

  /** Operator retry: a failed delivery goes back to pending. */
  async reopen(scope: LetterScope, id: string): Promise<Delivery | undefined> {
    const doc = await this.Delivery.findOneAndUpdate(
      { _id: id, ...tenant(scope), status: 'failed' },
      { $set: { status: 'pending' }, $unset: { rejected: 1, bounce: 1 } },
      { new: true },
    ).lean<DeliveryDoc>();
    return doc ? toDelivery(doc) : undefined;
  }

  /**
   * Deliveries not finished and untouched since `before`: candidates the reconciler checks, with
   * the correlation id they were accepted under (when they have one).
   */
  async unfinishedSince(
    scope: LetterScope,
    before: Date,
    limit: number,
  ): Promise<{ id: string; correlationId?: string }[]> {
    const docs = await this.Delivery.find(
      {
        ...tenant(scope),
        status: trusted({ $in: ['pending', 'sending'] }),
        updatedAt: trusted({ $lt: before }),
      },
      { _id: 1, correlationId: 1 },
    )
      .limit(limit)
      .lean();
    return docs.map((d) => ({
      id: String(d._id),
      ...(typeof d.correlationId === 'string' ? { correlationId: d.correlationId } : {}),
    }));
  }

  async countByStatus(scope: LetterScope): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const s of ['pending', 'sending', 'sent', 'failed'] as const)
      out[s] = await this.Delivery.countDocuments({ ...tenant(scope), status: s });
    return out;
  }
}
