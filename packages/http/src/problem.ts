/**
 * RFC 9457 problem details: the one shape in which errors leave the services.
 * `errors` lists each failing field for validation problems.
 */
export interface FieldProblem {
  field: string;
  message: string;
  code?: string;
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
