import type { Request } from 'express';
import type { z } from 'zod';
import { h, type Html } from './html';

/**
 * The search and filters above a long list: a GET form, so the list's address says what it
 * shows and can be bookmarked or shared; the result count is announced with the list.
 */
export interface FilterField {
  /** The query parameter (Danish, as in the address). */
  name: string;
  label: string;
  /** A select's options [value, label]; none → a text field. */
  options?: [string, string][];
}

/**
 * The list's query parameters, each checked by the API's own schema of that parameter: a value
 * the API would refuse is left out (the list shows unfiltered by it), never passed on.
 */
export function listQuery<S extends z.ZodObject>(
  req: Request,
  schema: S,
  names: Readonly<Record<string, keyof z.infer<S> & string>>,
): { api: Partial<z.infer<S>>; shown: Record<string, string> } {
  const api: Record<string, unknown> = {};
  const shown: Record<string, string> = {};
  for (const [param, key] of Object.entries(names)) {
    const raw = req.query[param];
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    const parsed = (schema.shape[key] as z.ZodType).safeParse(raw.trim());
    if (parsed.success && parsed.data !== undefined) {
      api[key] = parsed.data;
      shown[param] = raw.trim();
    }
  }
  return { api: api as Partial<z.infer<S>>, shown };
}

export function filterForm(opts: {
  path: string;
  legend: string;
  fields: FilterField[];
  values: Readonly<Record<string, string | undefined>>;
}): Html {
  const control = (f: FilterField) => {
    const id = `filter-${f.name}`;
    const value = opts.values[f.name] ?? '';
    const input = f.options
      ? h`<select class="form-select" id="${id}" name="${f.name}"><option value="">Alle</option>${f.options.map(([v, l]) => h`<option value="${v}"${v === value ? h` selected` : ''}>${l}</option>`)}</select>`
      : h`<input class="form-input input-width-m" id="${id}" name="${f.name}" type="search" value="${value}">`;
    return h`<div class="form-group"><label class="form-label" for="${id}">${f.label}</label>${input}</div>`;
  };
  return h`<form method="get" action="${opts.path}" class="list-filters" role="search"><fieldset><legend class="h3">${opts.legend}</legend>
${opts.fields.map(control)}
<button type="submit" class="button button-secondary">Søg</button>
${Object.values(opts.values).some(Boolean) ? h` <a href="${opts.path}">Nulstil</a>` : ''}
</fieldset></form>`;
}

/** "23 bestillinger" (or "1 bestilling"): the count of what matches, in words. */
export const countLine = (n: number, one: string, many: string): Html =>
  h`<p class="list-count" role="status">${n.toLocaleString('da-DK')} ${n === 1 ? one : many}</p>`;
