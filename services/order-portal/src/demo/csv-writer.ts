import type { ColumnSpec } from '../offers/import/csv';

/**
 * Rows → CSV text the way a Danish spreadsheet exports it: semicolon-separated, Danish headers,
 * CRLF line ends, quotes only where needed.
 */
export function toCsv<K extends string>(
  columns: readonly ColumnSpec<K>[],
  rows: readonly Partial<Record<K, string>>[],
  opts: { delimiter?: ';' | ',' } = {},
): string {
  const delimiter = opts.delimiter ?? ';';
  const cell = (value: string) =>
    /[";,\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
  const lines = [columns.map((c) => cell(c.header)).join(delimiter)];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c.key] ?? '')).join(delimiter));
  return lines.join('\r\n') + '\r\n';
}
