import { z } from 'zod';
import { ROLES, type Role } from '@rammeaftale/auth';
import { looksLikeCpr, redactCprNumbers } from '@rammeaftale/domain';

/** What an access-log entry holds, and how one is checked before it is written or searched for. */

/** `delete`: the citizen's data was deleted or anonymised (storage limitation). */
export const ACCESS_ACTIONS = ['read', 'create', 'update', 'search', 'export', 'delete'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** The most entries one `search` returns. */
export const MAX_ACCESS_LOG_SEARCH_LIMIT = 1000;

/** Who read or wrote which citizen's data, when, from which organisation and why. */
export interface AccessLogFields {
  /** When the access happened. */
  at: Date;
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
  /** The correlation id of the request or job; defaults to the current one. */
  correlationId?: string;
}

/** An entry to record; `at` defaults to now. */
export type AccessLogInput = Omit<AccessLogFields, 'at'> & { at?: Date };

/** A recorded entry. */
export interface AccessLogEntry extends AccessLogFields {
  id: string;
}

export interface AccessLogRange {
  from?: Date;
  to?: Date;
}

/** The organisation a search covers is its scope (AccessLogScope), not part of the query. */
export interface AccessLogSearch extends AccessLogRange {
  userId?: string;
  /** 1 to MAX_ACCESS_LOG_SEARCH_LIMIT; newest entries first. */
  limit: number;
}

/** The entry (or query) is malformed; `issues` name fields, never their values. */
export class AccessLogValidationError extends Error {
  override readonly name = 'AccessLogValidationError';

  constructor(readonly issues: string[]) {
    super(`Invalid access log entry: ${issues.join('; ')}`);
  }
}

export const entryId = z.string().trim().min(1).max(200);
const freeText = (max: number) => z.string().trim().min(1).max(max);

export const AccessLogInputSchema = z
  .strictObject({
    at: z.date().optional(),
    userId: entryId,
    role: z.enum(ROLES),
    organisationId: entryId,
    action: z.enum(ACCESS_ACTIONS),
    purpose: freeText(500),
    citizenRef: entryId.optional(),
    searchCriterion: freeText(500).optional(),
    resource: z.strictObject({ type: entryId, id: entryId }),
    correlationId: entryId.optional(),
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

export const RangeSchema = z.strictObject({ from: z.date().optional(), to: z.date().optional() });

export const SearchSchema = RangeSchema.extend({
  userId: entryId.optional(),
  limit: z.number().int().min(1).max(MAX_ACCESS_LOG_SEARCH_LIMIT),
});

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Field paths and zod's messages only: the rejected value might be personal data.
  throw new AccessLogValidationError(
    result.error.issues.map((issue) => `${issue.path.join('.') || '(entry)'}: ${issue.message}`),
  );
}
