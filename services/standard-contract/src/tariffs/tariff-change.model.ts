import { Schema, type Connection, type Model } from 'mongoose';
import { pendingEventsField, type PendingEvent } from '@rammeaftale/outbox';
import {
  DECISION_STATUSES,
  INCREASE_BANDS,
  LETTER_KINDS,
  OUTBOX_STATUSES,
  type TariffChange,
} from './tariff-change.types';

/**
 * One tariff change per document, `_id` derived from the announcement (`tc-<hash>`), so the same
 * announcement twice is one change. The paths the service filters on are declared (strictQuery is
 * 'throw'); parts only ever read whole are Mixed.
 */
export type TariffChangeDoc = Omit<TariffChange, 'id'> & {
  _id: string;
  /** Domain events recorded with the change, published by the relay (packages/outbox). */
  pendingEvents?: PendingEvent[];
};

const Mixed = Schema.Types.Mixed;

const delivery = new Schema(
  {
    status: { type: String, enum: ['pending', 'sending', 'sent', 'failed'], required: true },
    attempts: { type: Number, default: 0 },
    lastError: String,
    sentAt: String,
    checkedAt: { type: Date, required: true },
  },
  { _id: false },
);

const outboxFields = {
  key: { type: String, required: true },
  status: { type: String, enum: OUTBOX_STATUSES, required: true },
  attempts: { type: Number, default: 0 },
  notBefore: Date,
  lastError: String,
  createdAt: { type: Date, required: true },
  acceptedAt: Date,
  delivery: { type: delivery, default: undefined },
};

const letter = new Schema(
  {
    ...outboxFields,
    kind: { type: String, enum: LETTER_KINDS, required: true },
    municipalityOrganisationId: { type: String, required: true },
    to: { type: [String], required: true },
    decision: { type: String, enum: ['approved', 'rejected'] },
    contractIds: { type: [String], default: undefined },
  },
  { _id: false },
);

const report = new Schema(
  {
    ...outboxFields,
    authority: { type: String, required: true },
    email: String,
    municipalities: { type: [Mixed], default: [] },
    contractIds: { type: [String], default: [] },
  },
  { _id: false },
);

const decision = new Schema(
  {
    contractId: { type: String, required: true },
    buyer: { type: Mixed, required: true },
    buyerKeys: { type: [String], required: true },
    readerKeys: { type: [String], required: true },
    payingMunicipalityName: { type: String, required: true },
    payingMunicipality: Mixed,
    authority: { type: String, required: true },
    currentPrice: { type: Mixed, required: true },
    currentPriceFrom: { type: String, required: true },
    newPrice: { type: Mixed, required: true },
    classification: { type: Mixed, required: true },
    status: { type: String, enum: DECISION_STATUSES, required: true },
    note: String,
    buyerDecision: Mixed,
    amendmentNumber: Number,
    appliedAt: Date,
  },
  { _id: false, minimize: false },
);

// Untyped definition (arrays of sub-schemas with Mixed parts); TariffChangeDoc is the type.
const schema = new Schema(
  {
    _id: { type: String, required: true },
    offer: { type: Mixed, required: true },
    supplier: { type: Mixed, required: true },
    effectiveFrom: { type: String, required: true },
    reason: { type: String, required: true },
    announcement: { type: Mixed, required: true },
    justifications: { type: [Mixed], default: [] },
    policy: { type: Mixed, required: true },
    announcedBy: { type: Mixed, required: true },
    announcedAt: { type: Date, required: true },
    approvalDeadline: { type: String, required: true },
    justificationDeadline: { type: String, required: true },
    decisions: { type: [decision], default: [] },
    letters: { type: [letter], default: [] },
    reports: { type: [report], default: [] },
    summary: {
      policyYear: { type: Number, required: true },
      maxIncreaseBp: { type: Number, required: true },
      band: { type: String, enum: INCREASE_BANDS, required: true },
      abovePl: { type: Boolean, required: true },
      reported: { type: Boolean, required: true },
      contracts: { type: Number, required: true },
    },
    access: {
      supplier: { type: String, required: true },
      municipalities: { type: [String], required: true },
    },
    audit: { type: [Mixed], default: [] },
    deadlineNearTold: { type: [String], default: undefined },
    ...pendingEventsField,
  },
  { timestamps: true, versionKey: false, minimize: false },
);
schema.index({ 'access.supplier': 1, updatedAt: -1 });
schema.index({ 'access.municipalities': 1, updatedAt: -1 });
schema.index({ 'decisions.status': 1 });
schema.index({ 'letters.status': 1 });
schema.index({ 'reports.status': 1 });
schema.index({ 'summary.policyYear': 1 });

export function tariffChangeModel(conn: Connection): Model<TariffChangeDoc> {
  return (
    (conn.models.TariffChange as Model<TariffChangeDoc>) ??
    conn.model<TariffChangeDoc>(
      'TariffChange',
      schema as unknown as Schema<TariffChangeDoc>,
      'tariff_changes',
    )
  );
}
