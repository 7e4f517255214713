import { escapeHtml } from '@rammeaftale/http';

/**
 * The one escaping helper of the portal. Every interpolation into a page goes through `h`, so text
 * from a request, a record or another service can never become markup.
 */

/** A value as text: strings and numbers as they are, nothing for null, a date as ISO. */
const textOf = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v) ?? '';
};

/** Escapes text for HTML element content and attribute values (the kits' one `escapeHtml`). */
export const esc = (s: unknown): string => escapeHtml(textOf(s));

/** HTML built by the portal's own helpers, already escaped: the type keeps raw text out. */
export interface Html {
  readonly html: string;
}

/** Markup the portal wrote itself (never text from a request). */
export const raw = (html: string): Html => ({ html });

const isHtml = (v: unknown): v is Html =>
  typeof v === 'object' && v !== null && typeof (v as Html).html === 'string';

const part = (v: unknown): string => {
  if (Array.isArray(v)) return v.map(part).join('');
  if (isHtml(v)) return v.html;
  if (v === undefined || v === null || v === false) return '';
  return esc(v);
};

/** A template of markup: values are escaped unless they are `Html` already; arrays are joined. */
export const h = (strings: TemplateStringsArray, ...values: unknown[]): Html =>
  raw(strings.reduce((out, s, i) => (i === 0 ? s : out + part(values[i - 1]) + s), ''));

/** An attribute when the condition holds (` name` or ` name="value"`), else nothing. */
export const attr = (name: string, value: string | boolean | undefined): Html =>
  value === undefined || value === false
    ? raw('')
    : value === true
      ? raw(` ${name}`)
      : raw(` ${name}="${esc(value)}"`);
