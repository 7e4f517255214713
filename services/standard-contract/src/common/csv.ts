/**
 * CSV as Danish spreadsheets open it: `;` between fields (the comma is the decimal sign here),
 * CRLF line ends, UTF-8 with a byte-order mark so æ, ø and å survive Excel, fields quoted when
 * they hold `;`, `"` or a line break. A field starting with = + - @ is prefixed with `'` so a
 * spreadsheet never runs it as a formula (CSV injection); numbers are written as they are.
 */
export type CsvValue = string | number | boolean | undefined | null;

const FORMULA_START = /^[=+\-@\t\r]/;

function field(v: CsvValue): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'ja' : 'nej';
  const s = FORMULA_START.test(v) ? `'${v}` : v;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: CsvValue[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(field).join(';')).join('\r\n')}\r\n`;
}
