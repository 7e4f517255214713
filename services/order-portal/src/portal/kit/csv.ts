import type { Response } from 'express';

/**
 * Tabular data as the portal offers it for download: semicolon-separated, a byte-order mark and
 * Danish decimal commas, so the file opens directly in a Danish spreadsheet.
 */

/** One column of a data table and of its CSV file. */
export interface DataColumn<R> {
  /** The column's Danish header. */
  title: string;
  /** The cell's value; numbers are written with a decimal comma, null as an empty cell. */
  value: (row: R) => string | number | null | undefined;
  /** Right-aligned in the table (amounts, counts, percentages). */
  numeric?: boolean;
}

const cell = (v: string | number | null | undefined): string => {
  if (v === null || v === undefined) return '';
  const text = typeof v === 'number' ? String(v).replace('.', ',') : v;
  return /[";\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Rows → CSV text (header line first, CRLF line ends). */
export function csvOf<R>(columns: readonly DataColumn<R>[], rows: readonly R[]): string {
  const lines = [columns.map((c) => cell(c.title)).join(';')];
  for (const row of rows) lines.push(columns.map((c) => cell(c.value(row))).join(';'));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** Answers with a CSV file to download under a Danish file name (letters, digits and dashes). */
export function sendCsv(res: Response, fileName: string, csv: string): void {
  const safe = fileName.replace(/[^A-Za-z0-9æøåÆØÅ_-]/g, '-');
  const ascii = safe
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .replace(/[^A-Za-z0-9_-]/g, '-');
  res
    .type('text/csv; charset=utf-8')
    .setHeader(
      'Content-Disposition',
      `attachment; filename="${ascii}.csv"; filename*=UTF-8''${encodeURIComponent(safe)}.csv`,
    )
    .send(csv);
}
