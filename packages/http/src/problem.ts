import {
  ConflictError,
  DomainValidationError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RejectedError,
  UnavailableError,
  isRefusal,
  type FieldIssue,
} from '@rammeaftale/domain';

/**
 * RFC 9457 problem details: the one shape in which errors leave the services.
 * `errors` lists each failing field for validation problems.
 */
export interface FieldProblem {
  field: string;
  message: string;
  code?: string;
  /** The row of an uploaded file (imports). */
  row?: number;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  correlationId?: string;
  errors?: FieldProblem[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class ProblemError extends Error {
  constructor(
    public readonly status: number,
    detail?: string,
    public readonly extra: {
      type?: string;
      title?: string;
      errors?: FieldProblem[];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail ?? TITLES[status] ?? 'Error');
    this.name = 'ProblemError';
  }

  toBody(instance?: string, correlationId?: string): ProblemBody {
    return {
      type:
        this.extra.type ??
        (this.status >= 500
          ? 'about:blank'
          : `https://rammeaftale-sjaelland.dk/problems/${slug(this.extra.title ?? TITLES[this.status] ?? 'error')}`),
      title: this.extra.title ?? TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
      instance,
      correlationId,
      ...(this.extra.errors ? { errors: this.extra.errors } : {}),
    };
  }
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export const validationProblem = (errors: FieldProblem[]) =>
  new ProblemError(400, `${errors.length} field(s) failed validation`, {
    title: 'Validation Failed',
    errors,
  });
export const notFound = (what: string) => new ProblemError(404, `${what} not found`);
export const conflict = (detail: string, type?: string) => new ProblemError(409, detail, { type });
export const forbidden = (detail = 'Not allowed') => new ProblemError(403, detail);
export const unavailable = (detail = 'A backing service is unavailable; try again shortly') =>
  new ProblemError(503, detail, { headers: { 'Retry-After': '5' } });

const PROBLEMS = 'https://rammeaftale-sjaelland.dk/problems/';
const typeOf = (code: string | undefined) =>
  code ? `${PROBLEMS}${code.toLowerCase().replace(/_/g, '-')}` : undefined;
/** "import-rejected" → "Import Rejected". */
const titleOf = (code: string) =>
  code
    .toLowerCase()
    .split(/[-_]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
const fieldProblems = (issues: FieldIssue[], part?: string): FieldProblem[] =>
  issues.map(({ field, message, code, row }) => ({
    field: part ? `${part}.${field}` : field,
    message,
    ...(code !== undefined ? { code } : {}),
    ...(row !== undefined ? { row } : {}),
  }));

/**
 * The one place where the use cases' refusals (packages/domain) become problem+json: not found
 * 404, forbidden 403, conflict 409, invalid fields 400, rejected 422, a broken business rule 422
 * (an illegal lifecycle move 409), unavailable 503. Anything else is not a refusal (undefined).
 */
export function problemFromRefusal(err: unknown): ProblemError | undefined {
  if (!isRefusal(err)) return undefined;
  if (err instanceof DomainValidationError)
    return new ProblemError(err.code === 'ILLEGAL_TRANSITION' ? 409 : 422, err.message, {
      type: typeOf(err.code),
    });
  const errors = err.issues.length ? { errors: fieldProblems(err.issues, err.part) } : {};
  const type = typeOf(err.code);
  if (err instanceof InvalidInputError) return validationProblem(errors.errors ?? []);
  if (err instanceof NotFoundError) return new ProblemError(404, err.message, { type, ...errors });
  if (err instanceof ForbiddenError) return new ProblemError(403, err.message, { type, ...errors });
  if (err instanceof ConflictError) return new ProblemError(409, err.message, { type, ...errors });
  if (err instanceof RejectedError)
    return new ProblemError(422, err.message, { type, title: titleOf(err.code), ...errors });
  if (err instanceof UnavailableError)
    return new ProblemError(503, err.message, {
      type,
      headers: { 'Retry-After': String(err.retryAfterSeconds) },
    });
  return new ProblemError(500, 'Unexpected error; it has been logged');
}
