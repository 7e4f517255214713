import { Schema, type Connection, type Model, type MongooseQueryMiddleware } from 'mongoose';
import { ROLES } from '@rammeaftale/auth';
import { ACCESS_ACTIONS, type AccessLogFields } from './access-log.entry';

/**
 * The access log's collection. It is append-only: the model refuses every update, replace and
 * delete that goes through mongoose (see access-log.repository.ts for why, and for the one
 * exception, retention).
 */

export class AccessLogImmutableError extends Error {
  override readonly name = 'AccessLogImmutableError';

  constructor(operation: string) {
    super(`The access log is append-only: ${operation} is not allowed`);
  }
}

/** The stored document: the entry's fields (its id is `_id`) and its link in the hash chain. */
export type AccessLogDoc = AccessLogFields & {
  /** Position in the log's hash chain (access-log-chain.ts); absent on entries from before it. */
  seq?: number;
  prevHash?: string;
  hash?: string;
};

export type AccessLogModel = Model<AccessLogDoc>;

export const ACCESS_LOG_MODEL = 'AccessLogEntry';
export const ACCESS_LOG_COLLECTION = 'access_log';

const MUTATING_QUERIES: MongooseQueryMiddleware[] = [
  'updateOne',
  'updateMany',
  'replaceOne',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'deleteOne',
  'deleteMany',
];

function buildSchema(): Schema<AccessLogDoc> {
  const resource = new Schema(
    { type: { type: String, required: true }, id: { type: String, required: true } },
    { _id: false, id: false, strict: 'throw' },
  );
  const schema = new Schema<AccessLogDoc>(
    {
      at: { type: Date, required: true },
      userId: { type: String, required: true },
      role: { type: String, required: true, enum: ROLES },
      organisationId: { type: String, required: true },
      action: { type: String, required: true, enum: ACCESS_ACTIONS },
      purpose: { type: String, required: true },
      citizenRef: { type: String },
      searchCriterion: { type: String },
      resource: { type: resource, required: true },
      correlationId: { type: String },
      seq: { type: Number },
      prevHash: { type: String },
      hash: { type: String },
    },
    { collection: ACCESS_LOG_COLLECTION, versionKey: false, strict: 'throw' },
  );
  schema.index({ citizenRef: 1, at: 1 });
  schema.index({ userId: 1, at: -1 });
  schema.index({ organisationId: 1, at: -1 });
  // Retention deletes by `at`. Not a TTL index: FerretDB may not enforce TTL, and a TTL index
  // fixes the period in the index, where a changed ACCESS_LOG_RETENTION_DAYS would not reach it.
  schema.index({ at: 1 });
  // The chain's compare-and-set: two writers cannot both append entry n (ADR 0016). Sparse, so
  // that entries from before the chain (no seq) do not collide.
  schema.index({ seq: 1 }, { unique: true, sparse: true });

  schema.pre(MUTATING_QUERIES, function () {
    throw new AccessLogImmutableError((this as { op?: string }).op ?? 'a write query');
  });
  schema.pre(['updateOne', 'deleteOne'], { document: true, query: false }, function () {
    throw new AccessLogImmutableError('changing an entry');
  });
  schema.pre('save', function () {
    if (!this.isNew) throw new AccessLogImmutableError('saving a changed entry');
  });
  // Model middleware with arguments gets `next` first and must call it.
  schema.pre('bulkWrite', function (next: (err?: Error) => void, ops: unknown) {
    const list = Array.isArray(ops) ? (ops as Record<string, unknown>[]) : [];
    if (list.some((op) => Object.keys(op).some((kind) => kind !== 'insertOne')))
      return next(new AccessLogImmutableError('a bulk write other than inserts'));
    next();
  });
  return schema;
}

/** The access log model on `conn` (registered once per connection). */
export function accessLogModel(conn: Connection): AccessLogModel {
  return (
    (conn.models[ACCESS_LOG_MODEL] as AccessLogModel | undefined) ??
    conn.model<AccessLogDoc>(ACCESS_LOG_MODEL, buildSchema())
  );
}

export type StoredDoc = AccessLogDoc & { _id: unknown };
