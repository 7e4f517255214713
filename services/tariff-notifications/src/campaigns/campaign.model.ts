import { Schema, type Connection, type Model } from 'mongoose';

export interface CampaignRecipient {
  organisationId: string;
  name: string;
  email: string;
}

/**
 * A letter campaign (e.g. the orientation letter to all suppliers). The campaign document holds
 * the recipient list; each recipient's copy is its own delivery (`campaign:<id>:<organisationId>`),
 * so progress and per-recipient status are read from the deliveries.
 */
export interface CampaignDoc {
  _id: string;
  template: string;
  data: Record<string, string>;
  recipients: CampaignRecipient[];
  createdBy: string;
  /** `creating` until every recipient's delivery was accepted; a repeated POST finishes the job. */
  state: 'creating' | 'created';
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<CampaignDoc>(
  {
    _id: { type: String, required: true },
    template: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    recipients: [{ _id: false, organisationId: String, name: String, email: String }],
    createdBy: { type: String, required: true },
    state: { type: String, enum: ['creating', 'created'], default: 'creating' },
  },
  { timestamps: true, versionKey: false, minimize: false },
);

export function campaignModel(conn: Connection): Model<CampaignDoc> {
  return (
    (conn.models.Campaign as Model<CampaignDoc>) ??
    conn.model<CampaignDoc>('Campaign', schema, 'campaigns')
  );
}
