import { Schema, type Connection, type Model } from 'mongoose';

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One letter to send: the outbox record and the delivery record in one document, so every state
 * change is a single-document write (FerretDB has no multi-document transactions).
 * `_id` is the business key (e.g. `contract-letter:<contractId>:v1`): accepting the same letter twice
 * is a no-op.
 */
export interface DeliveryAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface DeliveryDoc {
  _id: string;
  kind: string;
  /** Set when the letter is one recipient's copy of a campaign (e.g. the orientation letter). */
  campaignId?: string;
  to: string[];
  /** Where an answer goes (Reply-To); unset: the service's MAIL_REPLY_TO. */
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: DeliveryAttachment[];
  status: DeliveryStatus;
  messageId: string;
  attempts: number;
  lastError?: string;
  rejected?: string[];
  /** The receiving side refused the letter for good (a 5xx to the envelope or the message). */
  bounce?: { at: Date; code?: number };
  /** The contract or tariff change the letter belongs to (letter-failure.ts), set when it failed. */
  about?: { contractId?: string; tariffChangeId?: string };
  sentAt?: Date;
  /**
   * The correlation id of the request that accepted the letter (opaque, never CPR-shaped): a job
   * the reconciler adds again carries it, so the re-send is logged under the same id.
   */
  correlationId?: string;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<DeliveryDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    campaignId: { type: String, index: true },
    to: { type: [String], required: true },
    replyTo: String,
    subject: { type: String, required: true },
    text: { type: String, required: true },
    html: String,
    attachments: {
      type: [
        {
          _id: false,
          filename: { type: String, required: true },
          contentType: { type: String, required: true },
          content: { type: Buffer, required: true },
        },
      ],
      default: undefined,
    },
    status: { type: String, enum: DELIVERY_STATUSES, required: true, default: 'pending' },
    messageId: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    lastError: String,
    rejected: [String],
    bounce: { type: { _id: false, at: Date, code: Number }, default: undefined },
    about: { type: { _id: false, contractId: String, tariffChangeId: String }, default: undefined },
    sentAt: Date,
    correlationId: String,
  },
  { timestamps: true, versionKey: false },
);
schema.index({ status: 1, updatedAt: 1 });

export function deliveryModel(conn: Connection): Model<DeliveryDoc> {
  return (
    (conn.models.Delivery as Model<DeliveryDoc>) ??
    conn.model<DeliveryDoc>('Delivery', schema, 'deliveries')
  );
}
