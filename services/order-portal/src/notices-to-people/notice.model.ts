import { Schema, type Connection, type Model } from 'mongoose';

/** What a notice tells a person; the Danish text of each is in `notice-kinds.ts`. */
export const NOTICE_KINDS = [
  'request_new',
  'answer_received',
  'deadline_passed',
  'contract_awaiting_signature',
  'increase_awaiting_approval',
  'approval_deadline_near',
  'follow_up_due',
  'amendment_proposed',
  'amendment_decided',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Who a notice is for: the people of one role in one organisation (the tenant). */
export interface NoticeRecipient {
  organisationId: string;
  role: 'caseworker' | 'supplier';
}

/**
 * The ids a notice points at: never a name, a CPR number or free text about a citizen, only what
 * the link to the portal page needs.
 */
export interface NoticeRefs {
  orderId?: string;
  requestId?: string;
  contractId?: string;
  tariffChangeId?: string;
}

/**
 * A notice to the people of an organisation and role. `_id` is the natural key of what happened
 * (e.g. `request-new.req-…`), so a retried use case or a redelivered event writes it once.
 */
export interface NoticeDoc {
  _id: string;
  recipient: NoticeRecipient;
  kind: NoticeKind;
  refs: NoticeRefs;
  createdAt: Date;
  readAt?: Date;
  /**
   * The notice's mail (the outbox record): `pending` until the notifications service accepted it
   * under the notice's key, `none` when the organisation has no address for the role, `failed`
   * when the service refused it for good. The reconciler hands over what stays pending.
   */
  mail?: NoticeMail;
}

export interface NoticeMail {
  status: 'pending' | 'accepted' | 'failed' | 'none';
  attempts: number;
  lastError?: string;
  acceptedAt?: Date;
}

const schema = new Schema<NoticeDoc>(
  {
    _id: { type: String, required: true },
    recipient: {
      organisationId: { type: String, required: true },
      role: { type: String, required: true },
    },
    kind: { type: String, required: true, enum: NOTICE_KINDS },
    refs: {
      orderId: String,
      requestId: String,
      contractId: String,
      tariffChangeId: String,
    },
    createdAt: { type: Date, required: true },
    readAt: Date,
    mail: {
      type: new Schema(
        {
          status: { type: String, required: true },
          attempts: { type: Number, default: 0 },
          lastError: String,
          acceptedAt: Date,
        },
        { _id: false },
      ),
      default: undefined,
    },
  },
  { versionKey: false },
);
schema.index({ 'recipient.organisationId': 1, 'recipient.role': 1, createdAt: -1 });
schema.index({ 'mail.status': 1, createdAt: 1 });

export function noticeModel(conn: Connection): Model<NoticeDoc> {
  return (
    (conn.models.Notice as Model<NoticeDoc>) ??
    conn.model<NoticeDoc>('Notice', schema, 'notifications')
  );
}
