import type { ImportProblem, SupportedEncoding } from './csv';

export const IMPORT_KINDS = ['organisations', 'offers', 'capacity', 'tariffs'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * What an import did. `accepted: false` means the file as a whole could not be used (empty,
 * unreadable, a required column missing) and nothing was written. Otherwise every good row is
 * stored and every bad row is listed in `errors` with its row and column; `created`, `updated`
 * and `unchanged` count stored records (organisations, offers, capacity counts, tariff periods).
 */
export interface ImportReport {
  kind: ImportKind;
  accepted: boolean;
  dryRun: boolean;
  encoding: SupportedEncoding | null;
  rows: number;
  importedRows: number;
  rejectedRows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportProblem[];
  warnings: string[];
}

export function rejectedFile(
  kind: ImportKind,
  dryRun: boolean,
  problems: ImportProblem[],
  encoding?: SupportedEncoding,
): ImportReport {
  return {
    kind,
    accepted: false,
    dryRun,
    encoding: encoding ?? null,
    rows: 0,
    importedRows: 0,
    rejectedRows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    errors: problems,
    warnings: [],
  };
}

export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
}

export function finishReport(input: {
  kind: ImportKind;
  dryRun: boolean;
  encoding: SupportedEncoding;
  rows: number;
  errors: ImportProblem[];
  warnings: string[];
  tally: Tally;
}): ImportReport {
  const errors = [...input.errors].sort((a, b) => a.row - b.row || a.field.localeCompare(b.field));
  const rejectedRows = new Set(errors.map((e) => e.row)).size;
  return {
    kind: input.kind,
    accepted: true,
    dryRun: input.dryRun,
    encoding: input.encoding,
    rows: input.rows,
    importedRows: input.rows - rejectedRows,
    rejectedRows,
    created: input.tally.created,
    updated: input.tally.updated,
    unchanged: input.tally.unchanged,
    errors,
    warnings: input.warnings,
  };
}

/** Stable JSON for "did anything change": keys sorted, undefined dropped, Dates as ISO. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

export { forEachLimited } from '../by-ids';
