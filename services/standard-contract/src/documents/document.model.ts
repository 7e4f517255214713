import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The rendered PDF of one contract version, `_id` `<contractId>:v<n>`, with its SHA-256. Stored
 * once and never replaced: the hash recorded with a signature proves what was signed.
 */
export interface ContractDocumentDoc {
  _id: string;
  contractId: string;
  version: number;
  contentType: 'application/pdf';
  content: Buffer;
  sha256: string;
  size: number;
  template: { id: string; version: number };
  renderedAt: Date;
}

const schema = new Schema<ContractDocumentDoc>(
  {
    _id: { type: String, required: true },
    contractId: { type: String, required: true },
    version: { type: Number, required: true },
    contentType: { type: String, required: true },
    content: { type: Buffer, required: true },
    sha256: { type: String, required: true },
    size: { type: Number, required: true },
    template: { type: Schema.Types.Mixed, required: true },
    renderedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ contractId: 1, version: 1 }, { unique: true });

export function contractDocumentModel(conn: Connection): Model<ContractDocumentDoc> {
  return (
    (conn.models.ContractDocument as Model<ContractDocumentDoc>) ??
    conn.model<ContractDocumentDoc>('ContractDocument', schema, 'contract_documents')
  );
}
