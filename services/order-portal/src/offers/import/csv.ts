import iconv from 'iconv-lite';
import { parse, type Options } from 'csv-parse/sync';

/**
 * Reading the CSV files people export from spreadsheets and case systems: UTF-8 (with or without
 * BOM) or Windows-1252, `;` or `,` as delimiter, Danish header names. Everything that is wrong
 * with the file as a whole is returned as problems on row 1 (the header row); rows are numbered
 * the way a spreadsheet shows them, so row 2 is the first data row.
 */

export interface ImportProblem {
  /** Spreadsheet row: 1 is the header row. */
  row: number;
  /** The column as named in the format (Danish header), or `fil` for the file as a whole. */
  field: string;
  /** Stable English code for programs. */
  code: string;
  /** Danish text for the person who fixes the file. */
  message: string;
}

export interface ColumnSpec<K extends string> {
  key: K;
  /** The Danish header as documented in docs/import-format.md. */
  header: string;
  required: boolean;
  /** Other spellings accepted in the header row (the English key is always accepted). */
  aliases?: readonly string[];
}

export interface CsvRecord<K extends string> {
  row: number;
  /** Trimmed cell text per known column; '' when the cell is empty or the column is absent. */
  values: Record<K, string>;
}

export type SupportedEncoding = 'utf-8' | 'windows-1252';

export type ReadResult<K extends string> =
  | { ok: true; encoding: SupportedEncoding; records: CsvRecord<K>[]; warnings: string[] }
  | { ok: false; encoding?: SupportedEncoding; problems: ImportProblem[] };

const FILE = 'fil';

/**
 * Bytes → text. A declared charset (from the Content-Type) wins; otherwise a UTF-8 BOM or bytes
 * that are valid UTF-8 mean UTF-8, and anything else is read as Windows-1252, the encoding Excel
 * on Danish Windows writes "CSV (semikolonsepareret)" in. Valid UTF-8 is practically never
 * produced by accident from Windows-1252 text with æ, ø or å, so the guess is safe.
 */
export function decodeCsvBytes(
  bytes: Uint8Array,
  declaredCharset?: string,
): { text: string; encoding: SupportedEncoding } | { problem: ImportProblem } {
  const declared = declaredCharset ? normaliseCharset(declaredCharset) : undefined;
  if (declaredCharset && !declared) {
    return {
      problem: {
        row: 1,
        field: FILE,
        code: 'UNSUPPORTED_ENCODING',
        message: 'Filens tegnsæt understøttes ikke. Brug UTF-8 eller Windows-1252.',
      },
    };
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (declared === 'windows-1252')
    return { text: iconv.decode(Buffer.from(bytes), 'win1252'), encoding: declared };
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    if (declared === 'utf-8') {
      return {
        problem: {
          row: 1,
          field: FILE,
          code: 'INVALID_UTF8',
          message: 'Filen er angivet som UTF-8, men indeholder tegn der ikke er gyldig UTF-8.',
        },
      };
    }
    return { text: iconv.decode(Buffer.from(bytes), 'win1252'), encoding: 'windows-1252' };
  }
}

function normaliseCharset(charset: string): SupportedEncoding | undefined {
  const c = charset.trim().toLowerCase().replace(/^"|"$/g, '');
  if (c === 'utf-8' || c === 'utf8') return 'utf-8';
  // ISO-8859-1 is in practice Windows-1252 (the WHATWG encoding standard maps it so too).
  if (['windows-1252', 'cp1252', 'win1252', 'iso-8859-1', 'latin1', 'latin-1'].includes(c)) {
    return 'windows-1252';
  }
  return undefined;
}

export function readCsv<K extends string>(
  bytes: Uint8Array,
  columns: readonly ColumnSpec<K>[],
  declaredCharset?: string,
): ReadResult<K> {
  const decoded = decodeCsvBytes(bytes, declaredCharset);
  if ('problem' in decoded) return { ok: false, problems: [decoded.problem] };
  const { text, encoding } = decoded;
  if (text.trim() === '') {
    return {
      ok: false,
      encoding,
      problems: [{ row: 1, field: FILE, code: 'EMPTY_FILE', message: 'Filen er tom.' }],
    };
  }
  let rows: string[][];
  try {
    // Options without `columns`: every record is the row's cells, as strings.
    const options: Options = {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
      trim: false,
    };
    rows = parse(text, options);
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return {
      ok: false,
      encoding,
      problems: [
        {
          row: line,
          field: FILE,
          code: 'MALFORMED_CSV',
          message: 'Filen kan ikke læses som CSV (typisk et citationstegn der ikke er lukket).',
        },
      ],
    };
  }
  const [header = [], ...data] = rows;
  const headerResult = mapHeader(header, columns);
  if (!headerResult.ok) return { ok: false, encoding, problems: headerResult.problems };
  const { indexByKey, warnings } = headerResult;
  const records: CsvRecord<K>[] = [];
  data.forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return; // blank lines and ';;;;' rows
    const values = {} as Record<K, string>;
    for (const column of columns) {
      const at = indexByKey.get(column.key);
      values[column.key] = at === undefined ? '' : (cells[at] ?? '').trim();
    }
    records.push({ row: index + 2, values });
  });
  if (records.length === 0) {
    return {
      ok: false,
      encoding,
      problems: [{ row: 2, field: FILE, code: 'NO_ROWS', message: 'Filen har ingen datarækker.' }],
    };
  }
  return { ok: true, encoding, records, warnings };
}

/** The delimiter used most often in the header line, outside quotes. Semicolon wins ties. */
function detectDelimiter(text: string): string {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const counts = [';', ',', '\t'].map((d) => ({ d, n: unquoted.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0] && counts[0].n > 0 ? counts[0].d : ';';
}

function headerKey(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLocaleLowerCase('da-DK');
}

function mapHeader<K extends string>(
  header: string[],
  columns: readonly ColumnSpec<K>[],
):
  | { ok: true; indexByKey: Map<K, number>; warnings: string[] }
  | { ok: false; problems: ImportProblem[] } {
  const byName = new Map<string, ColumnSpec<K>>();
  for (const column of columns) {
    for (const name of [column.header, column.key, ...(column.aliases ?? [])]) {
      byName.set(headerKey(name), column);
    }
  }
  const indexByKey = new Map<K, number>();
  const problems: ImportProblem[] = [];
  const warnings: string[] = [];
  header.forEach((cell, index) => {
    if (cell.trim() === '') return;
    const column = byName.get(headerKey(cell));
    if (!column) {
      warnings.push(`Ukendt kolonne "${cell.trim()}" blev ignoreret.`);
      return;
    }
    if (indexByKey.has(column.key)) {
      problems.push({
        row: 1,
        field: column.header,
        code: 'DUPLICATE_COLUMN',
        message: `Kolonnen "${column.header}" findes mere end én gang.`,
      });
      return;
    }
    indexByKey.set(column.key, index);
  });
  for (const column of columns) {
    if (column.required && !indexByKey.has(column.key)) {
      problems.push({
        row: 1,
        field: column.header,
        code: 'MISSING_COLUMN',
        message: `Den påkrævede kolonne "${column.header}" mangler.`,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, indexByKey, warnings };
}
