import type { Connection } from 'mongoose';
import { scopeFilter, trusted, type TenantScope } from '@rammeaftale/db';
import { currentCorrelationId } from '@rammeaftale/logging';
import {
  AccessLogInputSchema,
  AccessLogValidationError,
  RangeSchema,
  SearchSchema,
  entryId,
  parse,
  type AccessLogEntry,
  type AccessLogInput,
  type AccessLogRange,
  type AccessLogSearch,
} from './access-log.entry';
import { appendChained } from './access-log-chain';
import { accessLogModel, type AccessLogDoc, type StoredDoc } from './access-log.model';

/**
 * The access log: who read or wrote which citizen's data, when, from which organisation and why.
 *
 * It is append-only and tamper-evident: entries are appended to a hash chain (access-log-chain.ts,
 * checked by `verifyAccessLog`). The repository has no update or delete, and the model refuses every update,
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

/**
 * Whose entries a read covers: one organisation's (`partyScope('organisation', id)`, the entries
 * its people made) or, with the reason, every organisation's (`crossTenant(...)`: a citizen's
 * extract gathers every organisation's reads of the pseudonym before it keeps the ones the
 * municipality may give out).
 */
export type AccessLogScope = TenantScope<'organisation'>;

const SCOPE_FILTERS = { organisation: (id: string) => ({ organisationId: id }) };

/** Deliberately no update or delete: see the module comment. */
export interface AccessLogRepository {
  record(entry: AccessLogInput): Promise<AccessLogEntry>;
  recordMany(entries: AccessLogInput[]): Promise<AccessLogEntry[]>;
  /** Checks an entry as `record` would, without writing (throws AccessLogValidationError). */
  validate(entry: AccessLogInput): void;
  /** Who looked at or changed a citizen's data and why, oldest first. */
  extractForCitizen(
    scope: AccessLogScope,
    citizenRef: string,
    range?: AccessLogRange,
  ): Promise<AccessLogEntry[]>;
  /** Newest first. */
  search(scope: AccessLogScope, query: AccessLogSearch): Promise<AccessLogEntry[]>;
}

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

export function createAccessLogRepository(conn: Connection): AccessLogRepository {
  const model = accessLogModel(conn);

  return {
    validate(input) {
      toDoc(input);
    },

    async record(input) {
      const [created] = await appendChained(model, [toDoc(input)]);
      return toEntry(created!);
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
      return (await appendChained(model, docs)).map(toEntry);
    },

    async extractForCitizen(scope, citizenRef, range = {}) {
      const tenant = scopeFilter(scope, SCOPE_FILTERS);
      const ref = parse(entryId, citizenRef);
      const { from, to } = parse(RangeSchema, range);
      const docs = await model
        .find({ ...tenant, citizenRef: ref, ...atFilter(from, to) })
        .sort({ at: 1, _id: 1 })
        .lean<StoredDoc[]>();
      return docs.map(toEntry);
    },

    async search(scope, query) {
      const tenant = scopeFilter(scope, SCOPE_FILTERS);
      const { userId, from, to, limit } = parse(SearchSchema, query);
      const docs = await model
        .find({ ...tenant, ...(userId !== undefined && { userId }), ...atFilter(from, to) })
        .sort({ at: -1, _id: -1 })
        .limit(limit)
        .lean<StoredDoc[]>();
      return docs.map(toEntry);
    },
  };
}

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
