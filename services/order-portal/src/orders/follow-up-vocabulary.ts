import { Schema, type Connection, type Model } from 'mongoose';
import { requireCrossTenant, type CrossTenantScope } from '@rammeaftale/db';

/**
 * The words of a follow-up meeting, as data: the statuses a goal can have, and the themes of the
 * municipalities' common quality model that every follow-up assesses besides the order's own
 * goals. A new theme or status is a new document, not a release.
 */
export interface VocabularyDoc {
  _id: string;
  kind: 'status' | 'theme';
  code: string;
  /** Danish, as people read it. */
  label: string;
  sortOrder: number;
  active: boolean;
}

/** The statuses every installation starts with (reached / in progress / not reached). */
const DEFAULTS: VocabularyDoc[] = [
  {
    _id: 'status:reached',
    kind: 'status',
    code: 'reached',
    label: 'Nået',
    sortOrder: 1,
    active: true,
  },
  {
    _id: 'status:in_progress',
    kind: 'status',
    code: 'in_progress',
    label: 'I gang',
    sortOrder: 2,
    active: true,
  },
  {
    _id: 'status:not_reached',
    kind: 'status',
    code: 'not_reached',
    label: 'Ikke nået',
    sortOrder: 3,
    active: true,
  },
];

const schema = new Schema<VocabularyDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['status', 'theme'], required: true },
    code: { type: String, required: true },
    label: { type: String, required: true },
    sortOrder: { type: Number, default: 0 },
    active: { type: Boolean, default: true },
  },
  { versionKey: false },
);

export function vocabularyModel(conn: Connection): Model<VocabularyDoc> {
  return (
    (conn.models.FollowUpVocabulary as Model<VocabularyDoc>) ??
    conn.model<VocabularyDoc>('FollowUpVocabulary', schema, 'follow_up_vocabulary')
  );
}

export interface Vocabulary {
  statuses: { code: string; label: string }[];
  themes: { code: string; label: string }[];
}

/** The vocabulary is common to all municipalities and suppliers: read across tenants by purpose. */
export class FollowUpVocabulary {
  private readonly Vocabulary: Model<VocabularyDoc>;

  constructor(conn: Connection) {
    this.Vocabulary = vocabularyModel(conn);
  }

  /** The active statuses and themes, in their order; the default statuses are put in on first use. */
  async read(scope: CrossTenantScope): Promise<Vocabulary> {
    requireCrossTenant(scope);
    let docs = await this.Vocabulary.find({ active: true })
      .sort({ sortOrder: 1 })
      .lean<VocabularyDoc[]>();
    if (!docs.some((d) => d.kind === 'status')) {
      // Fixed ids: two first uses at once insert each default once (the duplicate is ignored).
      await this.Vocabulary.insertMany(DEFAULTS, { ordered: false }).catch(() => undefined);
      docs = await this.Vocabulary.find({ active: true })
        .sort({ sortOrder: 1 })
        .lean<VocabularyDoc[]>();
    }
    const of = (kind: VocabularyDoc['kind']) =>
      docs.filter((d) => d.kind === kind).map((d) => ({ code: d.code, label: d.label }));
    return { statuses: of('status'), themes: of('theme') };
  }
}
