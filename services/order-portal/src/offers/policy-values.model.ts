import { Schema, type Connection, type Model } from 'mongoose';
import type { RecordedBy } from './offer.model';

/**
 * Policy numbers of one year with their effective date. `_id` is the effective date (YYYY-MM-DD):
 * two sets starting the same day would make "the values in force" ambiguous, so the database
 * refuses the second. Never updated: a decision records a copy of the values it used, and the
 * history of what applied when must stay readable.
 */
export interface PolicyValuesDoc {
  _id: string;
  year: number;
  effectiveFrom: string;
  plRateBp: number;
  privateReportThresholdBp: number;
  publicReportThresholdBp: number;
  createdBy: RecordedBy;
  createdAt: Date;
}

const schema = new Schema<PolicyValuesDoc>(
  {
    _id: { type: String, required: true },
    year: { type: Number, required: true },
    effectiveFrom: { type: String, required: true },
    plRateBp: { type: Number, required: true },
    privateReportThresholdBp: { type: Number, required: true },
    publicReportThresholdBp: { type: Number, required: true },
    createdBy: {
      userId: { type: String, required: true },
      role: { type: String, required: true },
      organisationId: { type: String, required: true },
    },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
schema.index({ year: 1 });

export function policyValuesModel(conn: Connection): Model<PolicyValuesDoc> {
  return (
    (conn.models.PolicyValues as Model<PolicyValuesDoc>) ??
    conn.model<PolicyValuesDoc>('PolicyValues', schema, 'policy_values')
  );
}
