import { Schema, type Connection, type Model, type MongooseQueryMiddleware } from 'mongoose';
import { z } from 'zod';
import { ROLES, type Actor, type Role } from '@rammeaftale/auth';
import { trusted } from '@rammeaftale/db';
import { looksLikeCpr, redactCprNumbers } from '@rammeaftale/domain';
import { currentCorrelationId, type Logger } from '@rammeaftale/logging';

/**
 * The access log: who read or wrote which citizen's data, when, from which organisation and why.
 *
 * It is append-only. The repository has no update or delete, and the model refuses every update,
 * replace and delete that goes through mongoose. The one exception is retention
 * (`runRetention`), which deletes entries older than the retention period through the driver
 * directly. Mongoose middleware cannot stop code that talks to the collection with the raw driver;
 * in production the service's database user should therefore hold only `insert` and `find` on
 * this collection, and retention should run as a separate job with its own user.
 *
 * No CPR number is ever stored here: the citizen is named by a pseudonym (`citizenRef`), an
 * identifier field that looks like a CPR number is refused, and CPR-shaped values in free text
 * (`purpose`, `searchCriterion`) are redacted.
 */

export const ACCESS_ACTIONS = ['read', 'create', 'update', 'search', 'export'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** About 6 months, the default retention of the access log. */
export const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 180;
/** The most entries one `search` returns. */
export const MAX_ACCESS_LOG_SEARCH_LIMIT = 1000;

export interface AccessLogInput {
  /** When the access happened; defaults to now. */
  at?: Date;
  userId: string;
  role: Role;
  organisationId: string;
  action: AccessAction;
  /** Why the data was looked at or changed (e.g. "order-processing", "citizen extract"). */
  purpose: string;
  /** The citizen's pseudonym; never a CPR number. Required unless `searchCriterion` is given. */
  citizenRef?: string;
  /** What was searched for, for searches that are not about one known citizen. */
  searchCriterion?: string;
  resource: { type: string; id: string };
  /** Defaults to the correlation id of the current request or job. */
  correlationId?: string;
}

export interface AccessLogEntry {
  id: string;
  at: Date;
  userId: string;
  role: Role;
  organisationId: string;
  action: AccessAction;
  purpose: string;
  citizenRef?: string;
  searchCriterion?: string;
  resource: { type: string; id: string };
  correlationId?: string;
}

export interface AccessLogRange {
  from?: Date;
  to?: Date;
}

export interface AccessLogSearch extends AccessLogRange {
  userId?: string;
  organisationId?: string;
  /** 1 to MAX_ACCESS_LOG_SEARCH_LIMIT; newest entries first. */
  limit: number;
}

/** Deliberately no update or delete: see the module comment. */
export interface AccessLogRepository {
  record(entry: AccessLogInput): Promise<AccessLogEntry>;
  recordMany(entries: AccessLogInput[]): Promise<AccessLogEntry[]>;
  /** Checks an entry as `record` would, without writing (throws AccessLogValidationError). */
  validate(entry: AccessLogInput): void;
  /** Who looked at or changed a citizen's data and why, oldest first. */
  extractForCitizen(citizenRef: string, range?: AccessLogRange): Promise<AccessLogEntry[]>;
  /** Newest first. */
  search(query: AccessLogSearch): Promise<AccessLogEntry[]>;
}

/** The entry (or query) is malformed; `issues` name fields, never their values. */
export class AccessLogValidationError extends Error {
  override readonly name = 'AccessLogValidationError';

  constructor(readonly issues: string[]) {
    super(`Invalid access log entry: ${issues.join('; ')}`);
  }
}

/** The access happened but could not be logged; the caller must not serve the data. */
export class AccessLogWriteError extends Error {
  override readonly name = 'AccessLogWriteError';

  constructor(options?: { cause?: unknown }) {
    super('The access could not be recorded in the access log, so it is refused', options);
  }
}

export class AccessLogImmutableError extends Error {
  override readonly name = 'AccessLogImmutableError';

  constructor(operation: string) {
    super(`The access log is append-only: ${operation} is not allowed`);
  }
}

const id = z.string().trim().min(1).max(200);
const freeText = (max: number) => z.string().trim().min(1).max(max);

const AccessLogInputSchema = z
  .strictObject({
    at: z.date().optional(),
    userId: id,
    role: z.enum(ROLES),
    organisationId: id,
    action: z.enum(ACCESS_ACTIONS),
    purpose: freeText(500),
    citizenRef: id.optional(),
    searchCriterion: freeText(500).optional(),
    resource: z.strictObject({ type: id, id }),
    correlationId: id.optional(),
  })
  .superRefine((entry, ctx) => {
    // Identifiers that look like a CPR number are a bug upstream (a pseudonym was expected):
    // refuse them rather than store a number that might be one.
    const identifiers: [string, string | undefined][] = [
      ['userId', entry.userId],
      ['organisationId', entry.organisationId],
      ['citizenRef', entry.citizenRef],
      ['resource.type', entry.resource.type],
      ['resource.id', entry.resource.id],
      ['correlationId', entry.correlationId],
    ];
    for (const [path, value] of identifiers)
      if (value !== undefined && looksLikeCpr(value))
        ctx.addIssue({ code: 'custom', path: path.split('.'), message: 'looks like a CPR number' });
    if (entry.citizenRef === undefined && entry.searchCriterion === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['citizenRef'],
        message: 'either citizenRef or searchCriterion is required',
      });
    if (entry.action === 'search' && entry.searchCriterion === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['searchCriterion'],
        message: 'a search must record its criterion',
      });
    if (entry.at !== undefined && Number.isNaN(entry.at.getTime()))
      ctx.addIssue({ code: 'custom', path: ['at'], message: 'not a valid date' });
  })
  // Free text keeps its meaning with the number blanked out. Refusing instead would refuse the
  // search itself (recording failures are fatal), although the person did search.
  .transform((entry) => ({
    ...entry,
    purpose: redactCprNumbers(entry.purpose),
    searchCriterion:
      entry.searchCriterion === undefined ? undefined : redactCprNumbers(entry.searchCriterion),
  }));

const RangeSchema = z.strictObject({ from: z.date().optional(), to: z.date().optional() });

const SearchSchema = RangeSchema.extend({
  userId: id.optional(),
  organisationId: id.optional(),
  limit: z.number().int().min(1).max(MAX_ACCESS_LOG_SEARCH_LIMIT),
});

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Field paths and zod's messages only: the rejected value might be personal data.
  throw new AccessLogValidationError(
    result.error.issues.map((issue) => `${issue.path.join('.') || '(entry)'}: ${issue.message}`),
  );
}

interface AccessLogDoc {
  at: Date;
  userId: string;
  role: Role;
  organisationId: string;
  action: AccessAction;
  purpose: string;
  citizenRef?: string;
  searchCriterion?: string;
  resource: { type: string; id: string };
  correlationId?: string;
}

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
    },
    { collection: ACCESS_LOG_COLLECTION, versionKey: false, strict: 'throw' },
  );
  schema.index({ citizenRef: 1, at: 1 });
  schema.index({ userId: 1, at: -1 });
  schema.index({ organisationId: 1, at: -1 });
  // Retention deletes by `at`. Not a TTL index: FerretDB may not enforce TTL, and a TTL index
  // fixes the period in the index, where a changed ACCESS_LOG_RETENTION_DAYS would not reach it.
  schema.index({ at: 1 });

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

export function createAccessLogRepository(conn: Connection): AccessLogRepository {
  const model = accessLogModel(conn);

  function toDoc(input: AccessLogInput): AccessLogDoc {
    const entry = parse(AccessLogInputSchema, input);
    const correlationId = entry.correlationId ?? currentCorrelationId();
    return {
      at: entry.at ?? new Date(),
      userId: entry.userId,
      role: entry.role,
      organisationId: entry.organisationId,
      action: entry.action,
      purpose: entry.purpose,
      ...(entry.citizenRef !== undefined && { citizenRef: entry.citizenRef }),
      ...(entry.searchCriterion !== undefined && { searchCriterion: entry.searchCriterion }),
      resource: { type: entry.resource.type, id: entry.resource.id },
      ...(correlationId !== undefined && { correlationId }),
    };
  }

  return {
    validate(input) {
      toDoc(input);
    },

    async record(input) {
      const doc = toDoc(input);
      const [created] = await model.insertMany([doc]);
      return toEntry(created!.toObject() as StoredDoc);
    },

    async recordMany(inputs) {
      if (!Array.isArray(inputs)) throw new AccessLogValidationError(['(entries): not a list']);
      // Every entry is checked before any is written, so a bad entry writes nothing. A database
      // failure half-way can still leave the first entries written (no transactions on FerretDB):
      // harmless for a log, and the caller sees the error.
      const docs = inputs.map((input, index) => {
        try {
          return toDoc(input);
        } catch (err) {
          if (err instanceof AccessLogValidationError)
            throw new AccessLogValidationError(err.issues.map((i) => `[${index}].${i}`));
          throw err;
        }
      });
      if (docs.length === 0) return [];
      const created = await model.insertMany(docs, { ordered: true });
      return created.map((doc) => toEntry(doc.toObject() as StoredDoc));
    },

    async extractForCitizen(citizenRef, range = {}) {
      const ref = parse(id, citizenRef);
      const { from, to } = parse(RangeSchema, range);
      const docs = await model
        .find({ citizenRef: ref, ...atFilter(from, to) })
        .sort({ at: 1, _id: 1 })
        .lean<StoredDoc[]>();
      return docs.map(toEntry);
    },

    async search(query) {
      const { userId, organisationId, from, to, limit } = parse(SearchSchema, query);
      const docs = await model
        .find({
          ...(userId !== undefined && { userId }),
          ...(organisationId !== undefined && { organisationId }),
          ...atFilter(from, to),
        })
        .sort({ at: -1, _id: -1 })
        .limit(limit)
        .lean<StoredDoc[]>();
      return docs.map(toEntry);
    },
  };
}

export interface AccessDetails {
  action: AccessAction;
  purpose: string;
  citizenRef?: string;
  searchCriterion?: string;
  resource: { type: string; id: string };
  correlationId?: string;
}

/** Records one access by `actor`; resolves once the entry is stored. */
export type AccessLog = (actor: Actor, details: AccessDetails) => Promise<void>;

/**
 * The helper use cases call around every read or write of a citizen's data, before the data is
 * returned.
 *
 * A failure to record THROWS into the caller's flow, on purpose. Logging access to sensitive
 * personal data is a legal duty, not a diagnostic: a read of a citizen's data that cannot be
 * logged must not be served, and a write must not be reported as done without its entry. So the
 * request fails (503 when the database is down) instead of carrying on unlogged. The failure
 * is also written to the service log (without the entry's contents) so operators see it.
 */
export function accessLogger(
  repo: AccessLogRepository,
  options: { logger?: Logger; groupCommitMs?: number; maxBatch?: number } = {},
): AccessLog {
  const fail = (err: unknown, actor: Actor, details: AccessDetails): never => {
    options.logger?.error(
      { err, action: details.action, resourceType: details.resource?.type, userId: actor.userId },
      'access log entry could not be recorded; the access is refused',
    );
    // A malformed entry is a bug in the caller: keep its message, which names the fields.
    if (err instanceof AccessLogValidationError) throw err;
    throw new AccessLogWriteError({ cause: err });
  };
  const toInput = (actor: Actor, details: AccessDetails): AccessLogInput => ({
    ...details,
    userId: actor.userId,
    role: actor.role,
    organisationId: actor.organisationId,
    correlationId: details.correlationId ?? currentCorrelationId(),
  });

  // Group commit: entries arriving within `groupCommitMs` are written in one insert. Each caller
  // still waits until its own entry is stored (fail-closed is unchanged); a database that makes
  // every write a transaction (FerretDB on SQLite) then does one per batch, not one per request.
  const windowMs = options.groupCommitMs ?? 0;
  if (windowMs <= 0) {
    return async (actor, details) => {
      try {
        await repo.record(toInput(actor, details));
      } catch (err) {
        fail(err, actor, details);
      }
    };
  }
  const maxBatch = options.maxBatch ?? 200;
  let queue: { input: AccessLogInput; resolve: () => void; reject: (err: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = queue;
    queue = [];
    repo.recordMany(batch.map((b) => b.input)).then(
      () => batch.forEach((b) => b.resolve()),
      (err: unknown) => batch.forEach((b) => b.reject(err)),
    );
  };
  return async (actor, details) => {
    const input = toInput(actor, details);
    try {
      repo.validate(input); // a bad entry fails alone, never the batch it would have joined
      await new Promise<void>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        if (queue.length >= maxBatch) flush();
        else timer ??= setTimeout(flush, windowMs);
      });
    } catch (err) {
      fail(err, actor, details);
    }
  };
}

export interface RetentionResult {
  cutoff: Date;
  deleted: number;
}

/**
 * Retention of the access log: deletes entries older than `retentionDays` (default 180, about
 * 6 months). Run it from a scheduled job; it is the only way entries leave the log.
 */
export async function runRetention(
  conn: Connection,
  retentionDays: number = DEFAULT_ACCESS_LOG_RETENTION_DAYS,
  now: Date = new Date(),
): Promise<RetentionResult> {
  if (!Number.isInteger(retentionDays) || retentionDays < 1)
    throw new RangeError('retentionDays must be a whole number of days, at least 1');
  const cutoff = new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
  const deleted = await purgeOlderThan(accessLogModel(conn), cutoff);
  return { cutoff, deleted };
}

/**
 * Internal to retention (not exported from the package). It goes to the driver's collection on
 * purpose, past the model's immutability middleware, which stops every mongoose delete.
 */
export async function purgeOlderThan(model: AccessLogModel, cutoff: Date): Promise<number> {
  if (!(cutoff instanceof Date) || Number.isNaN(cutoff.getTime()))
    throw new RangeError('cutoff must be a valid date');
  const result = await model.collection.deleteMany({ at: { $lt: cutoff } });
  return result.deletedCount;
}

type StoredDoc = AccessLogDoc & { _id: unknown };

function atFilter(from: Date | undefined, to: Date | undefined): { at?: object } {
  if (from === undefined && to === undefined) return {};
  return {
    at: trusted({
      ...(from !== undefined && { $gte: from }),
      ...(to !== undefined && { $lte: to }),
    }),
  };
}

function toEntry(doc: StoredDoc): AccessLogEntry {
  return {
    id: String(doc._id),
    at: doc.at,
    userId: doc.userId,
    role: doc.role,
    organisationId: doc.organisationId,
    action: doc.action,
    purpose: doc.purpose,
    ...(doc.citizenRef != null && { citizenRef: doc.citizenRef }),
    ...(doc.searchCriterion != null && { searchCriterion: doc.searchCriterion }),
    resource: { type: doc.resource.type, id: doc.resource.id },
    ...(doc.correlationId != null && { correlationId: doc.correlationId }),
  };
}
