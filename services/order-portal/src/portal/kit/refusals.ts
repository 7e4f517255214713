import type { NextFunction, Request, Response } from 'express';
import {
  ConflictError,
  DomainValidationError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RejectedError,
  UnavailableError,
  isRefusal,
} from '@rammeaftale/domain';
import type { Logger } from '@rammeaftale/logging';
import { alert, type FieldError } from './form';
import { fieldErrors, type FormShape } from './form-kit';
import { h, type Html } from './html';
import { DEFAULT_ALERT, FORMS, type AlertText, type FormName } from './messages';
import type { Page } from './page';

/**
 * The one place where refusals become Danish for people: on a form page (field errors, or an
 * alert for a conflict or a broken rule) or as a whole page (not found, no access, unavailable,
 * a fault). Pages never branch on HTTP statuses or error classes themselves.
 */

export interface FormRefusal {
  errors: FieldError[];
  problem?: Html;
}

function alertOf(form: FormName, keys: (string | undefined)[]): Html {
  const table = (FORMS[form] as { alerts?: Record<string, AlertText | undefined> }).alerts ?? {};
  const found = keys.map((k) => (k ? table[k] : undefined)).find(Boolean) ?? DEFAULT_ALERT;
  return alert('error', found.heading, found.text, { focus: true });
}

/** A form refused as a whole for input it has no field for (a hidden value, a forged post). */
export const invalidFormAlert = (form: FormName): Html => alertOf(form, ['invalid']);

const hasAlert = (form: FormName, key: string) =>
  Boolean((FORMS[form] as { alerts?: Record<string, unknown> }).alerts?.[key]);

/**
 * A use case's refusal of a posted form, as its page shows it. `rules` may turn a broken rule into
 * field errors (a private choice without its reason marks the two reason fields). What is not the
 * form's matter — not found, no access, unavailable, a fault — is thrown on to the error pages.
 */
export function formRefusal(
  err: unknown,
  spec: FormShape,
  rules?: (code: string) => FieldError[] | undefined,
): FormRefusal {
  if (err instanceof InvalidInputError) {
    const { errors, unplaced } = fieldErrors(spec, err.issues);
    return unplaced.length || !errors.length
      ? { errors, problem: alertOf(spec.name, ['invalid']) }
      : { errors };
  }
  if (err instanceof DomainValidationError) {
    const errors = rules?.(err.code);
    if (errors?.length) return { errors };
    return { errors: [], problem: alertOf(spec.name, [err.code, 'rule']) };
  }
  if (err instanceof ConflictError)
    return { errors: [], problem: alertOf(spec.name, [err.code, 'conflict']) };
  if (err instanceof RejectedError)
    return { errors: [], problem: alertOf(spec.name, [err.code, 'rule']) };
  if (err instanceof NotFoundError && hasAlert(spec.name, 'not_found'))
    return { errors: [], problem: alertOf(spec.name, ['not_found']) };
  throw err;
}

/** What an error page says, by the refusal's code first and then by its status. */
const PAGES: Record<string, { title: string; main: Html }> = {
  404: {
    title: 'Ikke fundet',
    main: h`<h1>Siden findes ikke</h1><p>Det, du leder efter, findes ikke, eller du har ikke adgang til det.</p><p><a href="/">Gå til forsiden</a></p>`,
  },
  403: {
    title: 'Ingen adgang',
    main: h`<h1>Ingen adgang</h1><p>Din rolle giver ikke adgang til denne side.</p><p><a href="/">Gå til forsiden</a></p>`,
  },
  'form-expired': {
    title: 'Formularen er udløbet',
    main: h`<h1>Formularen er udløbet</h1><p>Formularen er udløbet eller kom ikke fra portalen. Gå tilbage, genindlæs siden og prøv igen.</p>`,
  },
  'contracts-unavailable': {
    title: 'Kontrakter',
    main: h`<h1>Kontrakter er midlertidigt utilgængelige</h1>${alert('error', 'Kontraktsystemet svarer ikke lige nu', 'Prøv igen om lidt. Intet er ændret.')}`,
  },
  503: {
    title: 'Midlertidigt utilgængelig',
    main: h`<h1>Portalen er midlertidigt utilgængelig</h1>${alert('error', 'En del af portalen svarer ikke lige nu', 'Prøv igen om lidt. Intet er ændret.')}`,
  },
  409: {
    title: 'Kunne ikke gennemføres',
    main: h`<h1>Handlingen kunne ikke gennemføres</h1><p>Det, du ville gøre, passer ikke til sagens nuværende status, eller den er ændret i mellemtiden. Gå tilbage, genindlæs siden og prøv igen.</p>`,
  },
  400: {
    title: 'Kunne ikke læses',
    main: h`<h1>Formularen kunne ikke læses</h1><p>Oplysningerne kom ikke frem i en form, portalen kan bruge. Gå tilbage, genindlæs siden og prøv igen.</p>`,
  },
  413: {
    title: 'For meget tekst',
    main: h`<h1>Formularen er for stor</h1><p>Der er skrevet mere, end portalen kan tage imod. Forkort teksten og prøv igen.</p>`,
  },
  500: {
    title: 'Fejl',
    main: h`<h1>Der opstod en fejl</h1><p>Portalen kunne ikke vise siden. Fejlen er registreret. Prøv igen om lidt.</p>`,
  },
};

function statusOf(err: unknown, isUnavailable?: (err: unknown) => boolean): number {
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ForbiddenError) return 403;
  if (err instanceof UnavailableError) return 503;
  if (err instanceof InvalidInputError) return 400;
  if (err instanceof ConflictError) return 409;
  if (err instanceof DomainValidationError) return err.code === 'ILLEGAL_TRANSITION' ? 409 : 422;
  if (isRefusal(err)) return 422;
  if (isUnavailable?.(err)) return 503;
  // body-parser's own errors (a form too large, a body it cannot read) carry their status.
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

/** The Danish page of an error, with its status; 5xx faults are logged, refusals are not. */
export function errorPage(
  err: unknown,
  opts: { logger: Logger; isUnavailable?: (err: unknown) => boolean; route?: string },
): Page & { status: number; retryAfter?: number } {
  const status = statusOf(err, opts.isUnavailable);
  if (status === 500) opts.logger.error({ err, route: opts.route }, 'page failed');
  const code = isRefusal(err) && typeof err.code === 'string' ? err.code : undefined;
  const text =
    (code && PAGES[code]) || PAGES[status] || (status >= 500 ? PAGES[500]! : PAGES[400]!);
  const retryAfter =
    err instanceof UnavailableError ? err.retryAfterSeconds : status === 503 ? 5 : undefined;
  return { ...text, status, retryAfter };
}

/** Express's error handler of the portal's router: every error of a page ends here. */
export function pageErrorHandler(
  render: (req: Request, res: Response, page: Page) => Promise<void>,
  opts: { logger: Logger; isUnavailable?: (err: unknown) => boolean },
) {
  return async (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const route = (req.route as { path?: string } | undefined)?.path;
    const page = errorPage(err, { ...opts, route });
    if (page.retryAfter) res.set('Retry-After', String(page.retryAfter));
    await render(req, res, page).catch(next);
  };
}
