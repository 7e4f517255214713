/**
 * The one vocabulary in which use cases refuse. They never speak HTTP: `packages/http` maps these
 * once to problem+json for the APIs, and the portal maps them once to Danish pages.
 *
 * - `NotFoundError`: the thing does not exist, or the caller's tenant cannot see it (404: the two
 *   must look the same from outside).
 * - `ForbiddenError`: the caller may see it but not do this (403).
 * - `ConflictError`: the request does not fit the current state, e.g. a concurrent change (409).
 * - `InvalidInputError`: named fields break a rule that a schema could not express (400).
 * - `RejectedError`: well-formed input a rule refuses as a whole, with a code and its items (422).
 * - `DomainValidationError`: the data breaks a business rule with a code (a typed amount that is not
 *   an amount, a tariff of 0, no policy in force, a private choice without its reason): 422, or 409
 *   for an illegal lifecycle move. Callers map `code` to a Danish text for people.
 * - `UnavailableError`: a backing service or a value the operation waits for is not there yet (503).
 * - `RangeError`: the caller broke the contract of a function (e.g. passed 12.5 as øre). That is
 *   a bug, not something to show a user.
 *
 * Messages are English and never echo the rejected input: a value typed into the wrong field may
 * be a CPR number or other personal data, and error messages end up in logs.
 */
export type DomainErrorCode =
  | 'INVALID_AMOUNT'
  | 'INVALID_NUMBER'
  | 'INVALID_PERCENT'
  | 'OUT_OF_RANGE'
  | 'OLD_TARIFF_NOT_POSITIVE'
  | 'NEGATIVE_TARIFF'
  | 'INVALID_POLICY'
  | 'NO_POLICY_IN_FORCE'
  | 'AMBIGUOUS_POLICY'
  | 'INVALID_DATE'
  | 'INVALID_TIMESTAMP'
  | 'INVALID_CPR'
  | 'ILLEGAL_TRANSITION'
  | 'PRIVATE_CHOICE_REASON_REQUIRED'
  | 'SHARED_OFFER_CHECK_REQUIRED';

export class DomainValidationError extends Error {
  override readonly name = 'DomainValidationError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isDomainValidationError(value: unknown): value is DomainValidationError {
  return value instanceof DomainValidationError;
}

/** One field that failed: its path in the operation's input ("citizen.cpr"), a code, a message. */
export interface FieldIssue {
  /** Dotted path in the input, without the transport's part ("places", "citizen.cpr"). */
  field: string;
  /** A stable code ("invalid_cpr", "too_small"); the portal's message table is keyed by it. */
  code?: string;
  /** English, for developers; never echoes the value. */
  message: string;
  /** The row of an uploaded file the issue is about (imports). */
  row?: number;
}

export interface RefusalOptions {
  /** A stable kebab-case code clients and the portal can branch on; the problem type is built from it. */
  code?: string;
  /** The fields or rows the refusal is about. */
  issues?: FieldIssue[];
  /**
   * Where the issues' fields live when the input is a request's (the API prefixes it:
   * "body.templateId"); unset when they are items of something else, such as an uploaded file.
   */
  part?: 'body' | 'query' | 'params';
}

/** What every refusal carries besides its message: an optional stable code and the issues. */
export abstract class RefusalError extends Error {
  readonly code?: string;
  readonly issues: FieldIssue[];
  readonly part?: 'body' | 'query' | 'params';

  protected constructor(message: string, opts: RefusalOptions = {}) {
    super(message);
    this.code = opts.code;
    this.issues = opts.issues ?? [];
    this.part = opts.part;
  }
}

export class NotFoundError extends RefusalError {
  override readonly name = 'NotFoundError';

  constructor(
    /** What was looked for, in English ("Order", "Contract"). */
    readonly what: string,
    opts: RefusalOptions = {},
  ) {
    super(`${what} not found`, opts);
  }
}

export class ForbiddenError extends RefusalError {
  override readonly name = 'ForbiddenError';

  constructor(detail = 'Not allowed', opts: RefusalOptions = {}) {
    super(detail, opts);
  }
}

export class ConflictError extends RefusalError {
  override readonly name = 'ConflictError';

  constructor(detail: string, opts: RefusalOptions = {}) {
    super(detail, opts);
  }
}

/** Named fields of the input break a rule a schema could not express (400). */
export class InvalidInputError extends RefusalError {
  override readonly name = 'InvalidInputError';

  constructor(
    issues: FieldIssue[],
    /** Where the fields live in a request; the API prefixes it ("body.citizen.cpr"). */
    override readonly part: 'body' | 'query' | 'params' = 'body',
  ) {
    super(`${issues.length} field(s) failed validation`, { issues });
  }
}

/**
 * Well-formed input that a rule refuses as a whole, with a code and the items at fault (422): an
 * uploaded file that cannot be imported, a template that does not fit its variant.
 */
export class RejectedError extends RefusalError {
  override readonly name = 'RejectedError';
  declare readonly code: string;

  constructor(detail: string, opts: RefusalOptions & { code: string }) {
    super(detail, opts);
  }
}

/** A backing service, or a value the operation needs, is not there yet: try again later (503). */
export class UnavailableError extends RefusalError {
  override readonly name = 'UnavailableError';

  constructor(
    detail = 'A backing service is unavailable; try again shortly',
    readonly retryAfterSeconds = 5,
    opts: RefusalOptions = {},
  ) {
    super(detail, opts);
  }
}

/** Any of the refusals above, or a broken business rule: what the two mappers know how to show. */
export type Refusal = RefusalError | DomainValidationError;

export function isRefusal(err: unknown): err is Refusal {
  return err instanceof RefusalError || err instanceof DomainValidationError;
}
