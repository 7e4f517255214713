import { Schema, type Connection, type Model } from 'mongoose';
import type { TemplateSection } from './template.rules';

/**
 * One template version per document, `_id` `<templateId>:v<version>`. A loaded version is never
 * changed: a new text is a new version, and contracts record the version they were made from.
 */
export interface TemplateDoc {
  _id: string;
  templateId: string;
  version: number;
  title: string;
  effectiveFrom: string;
  defaults: { paymentDays: number; noticeMonthsBuyer: number; noticeMonthsSupplier: number };
  sections: TemplateSection[];
  contentHash: string;
  loadedAt: Date;
  loadedBy: string;
}

const schema = new Schema<TemplateDoc>(
  {
    _id: { type: String, required: true },
    templateId: { type: String, required: true },
    version: { type: Number, required: true },
    title: { type: String, required: true },
    effectiveFrom: { type: String, required: true },
    defaults: { type: Schema.Types.Mixed, required: true },
    sections: {
      type: [new Schema({ heading: String, text: String }, { _id: false })],
      required: true,
    },
    contentHash: { type: String, required: true },
    loadedAt: { type: Date, required: true },
    loadedBy: { type: String, required: true },
  },
  { versionKey: false },
);
schema.index({ templateId: 1, version: -1 }, { unique: true });

export function templateModel(conn: Connection): Model<TemplateDoc> {
  return (
    (conn.models.Template as Model<TemplateDoc>) ??
    conn.model<TemplateDoc>('Template', schema, 'templates')
  );
}
