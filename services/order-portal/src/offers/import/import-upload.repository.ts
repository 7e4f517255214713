import { Schema, type Connection, type Model } from 'mongoose';
import {
  requireCrossTenant,
  scopeFilter,
  trusted,
  type CrossTenantScope,
  type PartyScope,
} from '@rammeaftale/db';
import type { ImportKind, ImportReport } from './import-report';

/**
 * A CSV file uploaded in the portal, kept between its dry run and the import the person starts
 * after reading the dry run's errors (a browser without scripts cannot keep the file for a second
 * post). The bytes are stored in chunks under MongoDB's document size; they are removed when the
 * import has run, and every upload is removed a day after it came.
 */
export interface ImportUploadDoc {
  _id: string;
  kind: ImportKind;
  charset?: string;
  fileName: string;
  size: number;
  by: { userId: string; role: string; organisationId: string };
  state: 'checked' | 'running' | 'done' | 'failed';
  dryRun: ImportReport;
  /** While the import runs: the file's rows processed so far, of all. */
  progress?: { processed: number; total: number };
  report?: ImportReport;
  createdAt: Date;
  updatedAt: Date;
}

interface ChunkDoc {
  _id: string;
  uploadId: string;
  index: number;
  bytes: Buffer;
}

const uploadSchema = new Schema<ImportUploadDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    charset: String,
    fileName: { type: String, required: true },
    size: { type: Number, required: true },
    by: { userId: String, role: String, organisationId: String },
    state: { type: String, required: true },
    dryRun: { type: Schema.Types.Mixed, required: true },
    progress: { processed: Number, total: Number },
    report: Schema.Types.Mixed,
  },
  { timestamps: true, versionKey: false, minimize: false },
);
const chunkSchema = new Schema<ChunkDoc>(
  {
    _id: { type: String, required: true },
    uploadId: { type: String, required: true, index: true },
    index: { type: Number, required: true },
    bytes: { type: Buffer, required: true },
  },
  { versionKey: false },
);

const CHUNK = 4 * 1024 * 1024;

/** A lean read gives the driver's Binary, not a Buffer: its bytes. */
const bytesOf = (b: unknown): Buffer =>
  Buffer.isBuffer(b) ? b : Buffer.from((b as { buffer: Uint8Array }).buffer);

/** Uploads belong to the person who uploaded them: `partyScope('uploader', userId)`. */
export type UploadScope = PartyScope<'uploader'>;
const tenant = (scope: UploadScope) =>
  scopeFilter(scope, { uploader: (userId) => ({ 'by.userId': userId }) });

export type ImportUpload = Omit<ImportUploadDoc, '_id'> & { id: string };

export class ImportUploadRepository {
  private readonly Upload: Model<ImportUploadDoc>;
  private readonly Chunk: Model<ChunkDoc>;

  constructor(conn: Connection) {
    this.Upload =
      (conn.models.ImportUpload as Model<ImportUploadDoc>) ??
      conn.model<ImportUploadDoc>('ImportUpload', uploadSchema, 'import_uploads');
    this.Chunk =
      (conn.models.ImportUploadChunk as Model<ChunkDoc>) ??
      conn.model<ChunkDoc>('ImportUploadChunk', chunkSchema, 'import_upload_chunks');
  }

  async create(
    scope: UploadScope,
    upload: Omit<ImportUploadDoc, 'createdAt' | 'updatedAt' | 'state'>,
    bytes: Uint8Array,
  ): Promise<void> {
    if (upload.by.userId !== scope.id) throw new Error('an upload is its uploader’s');
    const buffer = Buffer.from(bytes);
    const chunks: ChunkDoc[] = [];
    for (let i = 0; i * CHUNK < buffer.length || i === 0; i++)
      chunks.push({
        _id: `${upload._id}:${i}`,
        uploadId: upload._id,
        index: i,
        bytes: buffer.subarray(i * CHUNK, (i + 1) * CHUNK),
      });
    await this.Chunk.insertMany(chunks);
    await this.Upload.create({ ...upload, state: 'checked' });
  }

  async get(scope: UploadScope, id: string): Promise<ImportUpload | undefined> {
    const doc = await this.Upload.findOne({ _id: id, ...tenant(scope) }).lean<ImportUploadDoc>();
    if (!doc) return undefined;
    const { _id, ...rest } = doc;
    return { id: _id, ...rest };
  }

  async bytes(scope: UploadScope, id: string): Promise<Buffer | undefined> {
    if (!(await this.get(scope, id))) return undefined;
    const chunks = await this.Chunk.find({ uploadId: id }).sort({ index: 1 }).lean<ChunkDoc[]>();
    return Buffer.concat(chunks.map((c) => bytesOf(c.bytes)));
  }

  /** From `checked` to `running`, once: false when the import was started already. */
  async start(scope: UploadScope, id: string): Promise<boolean> {
    const res = await this.Upload.updateOne(
      { _id: id, ...tenant(scope), state: 'checked' },
      { $set: { state: 'running' } },
    );
    return res.modifiedCount === 1;
  }

  /** How far the running import is. */
  async progress(
    scope: UploadScope,
    id: string,
    progress: { processed: number; total: number },
  ): Promise<void> {
    await this.Upload.updateOne(
      { _id: id, ...tenant(scope), state: 'running' },
      { $set: { progress } },
    );
  }

  /** The import's outcome; the file's bytes are no longer needed. */
  async finish(scope: UploadScope, id: string, outcome: ImportReport | undefined): Promise<void> {
    await this.Upload.updateOne(
      { _id: id, ...tenant(scope) },
      { $set: outcome ? { state: 'done', report: outcome } : { state: 'failed' } },
    );
    await this.Chunk.deleteMany({ uploadId: id });
  }

  /** Uploads older than `before`, with their bytes: the sweeper's, across uploaders. */
  async removeOlderThan(scope: CrossTenantScope, before: Date): Promise<void> {
    requireCrossTenant(scope);
    const old = await this.Upload.find({ createdAt: trusted({ $lt: before }) }, { _id: 1 }).lean();
    const ids = old.map((d) => String(d._id));
    if (!ids.length) return;
    await this.Chunk.deleteMany({ uploadId: trusted({ $in: ids }) });
    await this.Upload.deleteMany({ _id: trusted({ $in: ids }) });
  }
}
