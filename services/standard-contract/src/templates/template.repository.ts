import type { Connection } from 'mongoose';
import { trusted } from '@rammeaftale/db';
import { templateModel, type TemplateDoc } from './template.model';

export type StoredTemplate = Omit<TemplateDoc, '_id'> & { id: string };

const toTemplate = ({ _id, ...rest }: TemplateDoc): StoredTemplate => ({ id: _id, ...rest });

export const templateDocId = (templateId: string, version: number) => `${templateId}:v${version}`;

/** Plain objects in and out: no mongoose document leaves this file. */
export function templateRepository(conn: Connection) {
  const Template = templateModel(conn);
  return {
    /** Inserts unless this version exists; returns the stored one either way. */
    async insertIfAbsent(
      t: Omit<TemplateDoc, '_id'>,
    ): Promise<{ template: StoredTemplate; created: boolean }> {
      const _id = templateDocId(t.templateId, t.version);
      const res = await Template.findOneAndUpdate(
        { _id },
        { $setOnInsert: { _id, ...t } },
        { upsert: true, new: true, includeResultMetadata: true, lean: true },
      );
      return {
        template: toTemplate(res.value as TemplateDoc),
        created: !res.lastErrorObject?.updatedExisting,
      };
    },
    async get(templateId: string, version: number): Promise<StoredTemplate | undefined> {
      const doc = await Template.findById(templateDocId(templateId, version)).lean();
      return doc ? toTemplate(doc) : undefined;
    },
    /** The newest version in force on `isoDate`: what a contract drafted that day is made from. */
    async latestInForce(templateId: string, isoDate: string): Promise<StoredTemplate | undefined> {
      const doc = await Template.findOne({ templateId, effectiveFrom: trusted({ $lte: isoDate }) })
        .sort({ version: -1 })
        .lean();
      return doc ? toTemplate(doc) : undefined;
    },
    async list(): Promise<StoredTemplate[]> {
      const docs = await Template.find({}).sort({ templateId: 1, version: -1 }).lean();
      return (docs as TemplateDoc[]).map(toTemplate);
    },
  };
}

export type TemplateRepository = ReturnType<typeof templateRepository>;
