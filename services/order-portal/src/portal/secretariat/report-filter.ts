import type { Request } from 'express';
import { dateField, isoFromDateField } from '../kit/format';
import type { FieldError } from '../kit/form';
import { h, raw, type Html } from '../kit/html';
import { FORMS } from '../kit/messages';

/**
 * The filters of the oversight pages as they travel in the address (GET forms, so a selection is
 * a link that can be shared): Danish names, dates as people type them (dd.mm.åååå). A date that
 * is no date, or a period that runs backwards, comes back as a field error beside the form.
 */
export interface PeriodFilter {
  from?: string;
  to?: string;
  errors: FieldError[];
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** A query value as text ('' when absent or repeated). */
export const text = (req: Request, name: string): string => {
  const v = req.query[name];
  return typeof v === 'string' ? v.trim().slice(0, 100) : '';
};

/** The page number of `?side=`, 1 when absent or not a page number. */
export const pageOf = (req: Request): number => {
  const n = Number(text(req, 'side'));
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
};

export function periodOf(req: Request): PeriodFilter {
  const errors: FieldError[] = [];
  const messages = FORMS.oversightPeriod.fields;
  const read = (field: 'fra' | 'til') => {
    const typed = text(req, field);
    if (!typed) return undefined;
    const iso = isoFromDateField(typed);
    if (!ISO.test(iso) || Number.isNaN(Date.parse(`${iso}T00:00:00Z`))) {
      errors.push({ field, message: messages[field].default });
      return undefined;
    }
    return iso;
  };
  const from = read('fra');
  const to = read('til');
  if (from && to && from > to)
    errors.push({
      field: 'til',
      message: 'Til-datoen skal være samme dag som fra-datoen eller senere',
    });
  return { ...(from ? { from } : {}), ...(to ? { to } : {}), errors };
}

/** The address's query of a filter, with the page (for pagination and CSV links). */
export function queryString(values: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== '') p.set(k, String(v));
  return p.toString();
}

/** Links to the other pages of a list paged on the server. */
export function pageLinks(opts: {
  path: string;
  query: Record<string, string | undefined>;
  page: number;
  total: number;
  pageSize: number;
  label: string;
}): Html {
  const pages = Math.max(1, Math.ceil(opts.total / opts.pageSize));
  if (pages === 1) return raw('');
  const href = (n: number) => `${opts.path}?${queryString({ ...opts.query, side: n })}`;
  const link = (n: number, label: string) =>
    h`<li><a href="${href(n)}"${raw(n === opts.page ? ' aria-current="page"' : '')}>${label}</a></li>`;
  // Around the current page only: a long list has many pages.
  const shown = [...new Set([1, opts.page - 1, opts.page, opts.page + 1, pages])].filter(
    (n) => n >= 1 && n <= pages,
  );
  return h`<nav class="portal-pagination" aria-label="${opts.label}"><ul>
${opts.page > 1 ? link(opts.page - 1, 'Forrige') : ''}
${shown.map((n) => link(n, String(n)))}
${opts.page < pages ? link(opts.page + 1, 'Næste') : ''}
</ul><p>Side ${opts.page} af ${pages} (${opts.total} i alt)</p></nav>`;
}

/** The period as people read it ("01.01.2026–30.06.2026", "fra 01.01.2026", "alle"). */
export function periodText(p: { from?: string; to?: string }): string {
  if (p.from && p.to) return `${dateField(p.from)}–${dateField(p.to)}`;
  if (p.from) return `fra ${dateField(p.from)}`;
  if (p.to) return `til og med ${dateField(p.to)}`;
  return 'hele perioden';
}
