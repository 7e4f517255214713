import type { Connection } from 'mongoose';
import { trusted } from '@rammeaftale/db';
import { deliveryModel, type DeliveryDoc, type DeliveryStatus } from './delivery.model';

export type Delivery = Omit<DeliveryDoc, '_id' | 'text'> & { id: string; text?: string };

const toDelivery = ({ _id, ...rest }: DeliveryDoc): Delivery => ({ id: _id, ...rest });

/** Plain objects in and out: no mongoose document leaves this file. */
export function deliveryRepository(conn: Connection) {
  const Delivery = deliveryModel(conn);
  return {
    /** Inserts unless a delivery with this key exists; returns the stored one either way. */
    async accept(
      d: Pick<
        DeliveryDoc,
        | '_id'
        | 'kind'
        | 'campaignId'
        | 'to'
        | 'subject'
        | 'text'
        | 'html'
        | 'attachments'
        | 'messageId'
      >,
    ): Promise<{ delivery: Delivery; created: boolean }> {
      const res = await Delivery.findOneAndUpdate(
        { _id: d._id },
        { $setOnInsert: { ...d, status: 'pending', attempts: 0 } },
        { upsert: true, new: true, includeResultMetadata: true, lean: true },
      );
      return {
        delivery: toDelivery(res.value as DeliveryDoc),
        created: !res.lastErrorObject?.updatedExisting,
      };
    },
    /** Each recipient's state in a campaign: what the progress page shows. */
    async ofCampaign(
      campaignId: string,
    ): Promise<Pick<Delivery, 'id' | 'to' | 'status' | 'lastError' | 'sentAt'>[]> {
      const docs = await Delivery.find(
        { campaignId },
        { to: 1, status: 1, lastError: 1, sentAt: 1 },
      ).lean();
      return docs.map((d) => ({
        id: String(d._id),
        to: d.to,
        status: d.status,
        lastError: d.lastError,
        sentAt: d.sentAt,
      }));
    },
    async get(id: string): Promise<Delivery | undefined> {
      const doc = await Delivery.findById(id).lean();
      return doc ? toDelivery(doc as DeliveryDoc) : undefined;
    },
    async list(
      filter: { status?: DeliveryStatus; kind?: string },
      limit = 100,
    ): Promise<Delivery[]> {
      const q: Record<string, string> = {};
      if (filter.status) q.status = filter.status;
      if (filter.kind) q.kind = filter.kind;
      // Lists show status, not content: the bodies and attachments stay in the database.
      const docs = await Delivery.find(q, { text: 0, html: 0, attachments: 0 })
        .sort({ updatedAt: -1 })
        .limit(limit)
        .lean();
      return (docs as DeliveryDoc[]).map(toDelivery);
    },
    /** Claims a delivery for sending unless it is already sent or failed for good. */
    async markSending(id: string): Promise<Delivery | undefined> {
      const doc = await Delivery.findOneAndUpdate(
        { _id: id, status: trusted({ $in: ['pending', 'sending'] }) },
        { $set: { status: 'sending' }, $inc: { attempts: 1 } },
        { new: true, lean: true },
      );
      return doc ? toDelivery(doc as DeliveryDoc) : undefined;
    },
    async markSent(id: string): Promise<void> {
      await Delivery.updateOne(
        { _id: id },
        { $set: { status: 'sent', sentAt: new Date() }, $unset: { lastError: 1 } },
      );
    },
    async markTemporaryFailure(id: string, reason: string): Promise<void> {
      await Delivery.updateOne(
        { _id: id, status: 'sending' },
        { $set: { status: 'pending', lastError: reason } },
      );
    },
    async markFailed(id: string, reason: string, rejected?: string[]): Promise<void> {
      await Delivery.updateOne(
        { _id: id },
        { $set: { status: 'failed', lastError: reason, ...(rejected ? { rejected } : {}) } },
      );
    },
    /** Operator retry: a failed delivery goes back to pending. */
    async reopen(id: string): Promise<Delivery | undefined> {
      const doc = await Delivery.findOneAndUpdate(
        { _id: id, status: 'failed' },
        { $set: { status: 'pending' }, $unset: { rejected: 1 } },
        { new: true, lean: true },
      );
      return doc ? toDelivery(doc as DeliveryDoc) : undefined;
    },
    /** Deliveries not finished and untouched since `before`: candidates the reconciler checks. */
    async unfinishedSince(before: Date, limit: number): Promise<string[]> {
      const docs = await Delivery.find(
        { status: trusted({ $in: ['pending', 'sending'] }), updatedAt: trusted({ $lt: before }) },
        { _id: 1 },
      )
        .limit(limit)
        .lean();
      return docs.map((d) => String(d._id));
    },
    async countByStatus(): Promise<Record<string, number>> {
      const out: Record<string, number> = {};
      for (const s of ['pending', 'sending', 'sent', 'failed'] as const)
        out[s] = await Delivery.countDocuments({ status: s });
      return out;
    },
  };
}

export type DeliveryRepository = ReturnType<typeof deliveryRepository>;
