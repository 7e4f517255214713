import { Schema, type Connection, type Model } from 'mongoose';
import { pendingEventsField, type PendingEvent } from '@rammeaftale/outbox';
import {
  CONTRACT_LETTER_KINDS,
  CONTRACT_STATUSES,
  LETTER_STATUSES,
  type Contract,
} from './contract.types';

/**
 * One contract per document, `_id` derived from the order and its slot (`c-<orderId>`, then
 * `c-<orderId>.<n>` after contracts withdrawn or rejected): the same "offer selected" event cannot
 * make two. Nested parts the service never queries by are Mixed; the
 * paths it filters on are declared, because `strictQuery: 'throw'` refuses unknown filter paths.
 */
export type ContractDoc = Omit<Contract, 'id' | 'amendmentProposals'> & {
  _id: string;
  /** Absent on contracts from before proposals: none. */
  amendmentProposals?: Contract['amendmentProposals'];
  /** The outbox of domain events (contract.signed, …) the relay has not published yet. */
  pendingEvents?: PendingEvent[];
};

const letterSchema = new Schema(
  {
    key: { type: String, required: true },
    version: { type: Number, required: true },
    kind: { type: String, enum: CONTRACT_LETTER_KINDS },
    to: { type: String, enum: ['supplier', 'buyer'] },
    proposal: Number,
    status: { type: String, enum: LETTER_STATUSES, required: true },
    attempts: { type: Number, default: 0 },
    lastError: String,
    createdAt: { type: Date, required: true },
    acceptedAt: Date,
    deliveredAt: Date,
    bouncedAt: Date,
  },
  { _id: false },
);

const Mixed = Schema.Types.Mixed;

// Untyped definition: mongoose's typings cannot express arrays of Mixed; ContractDoc is the type.
const schema = new Schema(
  {
    _id: { type: String, required: true },
    orderId: { type: String, required: true },
    status: { type: String, enum: CONTRACT_STATUSES, required: true },
    version: { type: Number, required: true },
    template: { type: Mixed, required: true },
    actingMunicipality: { type: Mixed, required: true },
    payingMunicipality: { type: Mixed, required: true },
    supplier: { type: Mixed, required: true },
    access: {
      municipalities: { type: [String], required: true },
      buyer: { type: [String], required: true },
      supplier: { type: String, required: true },
    },
    citizen: { type: Mixed, required: true },
    offer: { type: Mixed, required: true },
    services: { type: [Mixed], required: true },
    price: { type: Mixed, required: true },
    priceRegulation: { type: Mixed, required: true },
    paymentDays: { type: Number, required: true },
    startDate: { type: String, required: true },
    expectedDurationMonths: Number,
    endDate: String,
    notice: { type: Mixed, required: true },
    goals: { type: [Mixed], required: true },
    selectedAt: { type: String, required: true },
    selectedBy: { type: String, required: true },
    activatedOn: String,
    signatures: { type: Mixed, default: {} },
    amendments: { type: [Mixed], default: [] },
    amendmentProposals: { type: [Mixed], default: [] },
    // Guards the decision of a proposal (and refuses a second one) as a top-level field: a filter
    // on a dotted array path is not reliable on FerretDB 1.x.
    pendingProposal: Number,
    priceHistory: { type: [Mixed], default: [] },
    versions: { type: [Mixed], default: [] },
    termination: Mixed,
    cancellation: Mixed,
    audit: { type: [Mixed], default: [] },
    letters: { type: [letterSchema], default: [] },
    ...pendingEventsField,
  },
  { timestamps: true, versionKey: false, minimize: false },
);
// An order may have several contracts, one live at a time: the slot ids enforce it (ADR 0015). The
// unique index on orderId of older databases is dropped by the repository.
schema.index({ orderId: 1, createdAt: 1 });
schema.index({ 'access.municipalities': 1, updatedAt: -1 });
schema.index({ 'access.supplier': 1, updatedAt: -1 });
schema.index({ 'letters.status': 1, updatedAt: 1 });

export function contractModel(conn: Connection): Model<ContractDoc> {
  return (
    (conn.models.Contract as Model<ContractDoc>) ??
    conn.model<ContractDoc>('Contract', schema as unknown as Schema<ContractDoc>, 'contracts')
  );
}
