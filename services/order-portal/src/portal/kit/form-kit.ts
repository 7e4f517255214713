import type { Request } from 'express';
import type { z } from 'zod';
import type { FieldIssue } from '@rammeaftale/domain';
import type { FieldError } from './form';
import { FORMS, type FieldMessages, type FormName } from './messages';

/**
 * One way for every form: the posted fields → the API's body → the API's own zod schema →
 * each issue's input path mapped to a form field → the Danish message for that field and the
 * issue's code (kit/messages.ts). The page and the API cannot disagree on what is valid, because
 * there is one schema.
 */

export type FormValues = Record<string, string>;

export interface FormSpec<Body> {
  /** Its section of the message table. */
  name: FormName;
  /** The form's field names, in the order they appear (the error summary keeps it). */
  fields: readonly string[];
  /** The API's schema of the body. */
  schema: z.ZodType<Body>;
  /**
   * The form's text fields as the API's body. A value that cannot be converted is passed on as it
   * is (NaN, the text as typed), so the schema refuses it with its own code.
   */
  toBody: (v: FormValues) => unknown;
  /**
   * Input paths of the body ("citizen.reference", "goals.1"), as prefixes, to the form field that
   * shows their issues. A path that is not listed maps to its last part when that is a field.
   */
  paths?: Readonly<Record<string, string>>;
  /**
   * For an issue whose code points at other fields than its path: a rule about two fields marks
   * both, a "give one of the two" rule the first of them.
   */
  fieldOf?: (issue: FieldIssue) => string | readonly string[] | undefined;
}

/** What mapping issues to fields needs of a form (a button without fields has `fields: []`). */
export type FormShape = Pick<FormSpec<unknown>, 'name' | 'fields' | 'paths' | 'fieldOf'>;

/** A form field as a trimmed string ('' when absent or sent twice). */
export const field = (req: Request, name: string): string => {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.trim() : '';
};

/** A field that may be sent more than once (checkboxes). */
export const fields = (req: Request, name: string): string[] => {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === 'string',
  );
};

export const readForm = (req: Request, names: readonly string[]): FormValues =>
  Object.fromEntries(names.map((n) => [n, field(req, n)]));

/** zod's issues in the shape use cases refuse with: a dotted path and a stable code. */
export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const own = (issue as { params?: { code?: unknown } }).params?.code;
    return {
      field: issue.path.map(String).join('.'),
      code: issue.code === 'custom' && typeof own === 'string' ? own : issue.code,
      message: issue.message,
    };
  });
}

function formFieldsOf(spec: FormShape, issue: FieldIssue): readonly string[] {
  const special = spec.fieldOf?.(issue);
  if (special) return typeof special === 'string' ? [special] : special;
  const prefix = Object.keys(spec.paths ?? {})
    .filter((p) => issue.field === p || issue.field.startsWith(`${p}.`))
    .sort((a, b) => b.length - a.length)[0];
  if (prefix) return [spec.paths![prefix]!];
  const last = issue.field.split('.').at(-1) ?? '';
  return spec.fields.includes(last) ? [last] : [];
}

/** The Danish message for an issue on a form field: by its code, else the field's default. */
export function messageFor(form: FormName, fieldName: string, code: string | undefined): string {
  const table = (FORMS[form].fields as Record<string, FieldMessages | undefined>)[fieldName];
  if (!table) return 'Tjek feltet';
  return table[code ?? 'refused'] ?? table.default;
}

/**
 * Issues (from the schema or from a use case) as the form's field errors, one per field in the
 * form's order; `unplaced` holds issues about input the form has no field for.
 */
export function fieldErrors(
  spec: FormShape,
  issues: FieldIssue[],
): { errors: FieldError[]; unplaced: FieldIssue[] } {
  const byField = new Map<string, FieldError>();
  const unplaced: FieldIssue[] = [];
  for (const issue of issues) {
    const ids = formFieldsOf(spec, issue);
    if (!ids.length) unplaced.push(issue);
    for (const id of ids)
      if (!byField.has(id))
        byField.set(id, { field: id, message: messageFor(spec.name, id, issue.code) });
  }
  const errors = spec.fields.flatMap((f) => (byField.has(f) ? [byField.get(f)!] : []));
  return { errors, unplaced };
}

export type Checked<B> = { ok: true; body: B } | { ok: false; errors: FieldError[] };

/**
 * The form's values through the API's schema: the body, or the field errors in Danish (none when
 * the issue is about input the form has no field for, such as a hidden version number).
 */
export function checkForm<B>(spec: FormSpec<B>, values: FormValues): Checked<B> {
  const parsed = spec.schema.safeParse(spec.toBody(values));
  if (parsed.success) return { ok: true, body: parsed.data };
  return { ok: false, errors: fieldErrors(spec, issuesOf(parsed.error)).errors };
}

/** Leaves out empty texts, so an optional field left blank is absent from the body. */
export const optional = <T>(value: T | '' | undefined): T | undefined =>
  value === '' ? undefined : value;

/** Comma-separated words as a list ("a, b" → ['a', 'b']). */
export const listOf = (text: string): string[] =>
  text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
