import { readCsv, type ColumnSpec, type CsvRecord, type ImportProblem } from './csv';
import {
  finishReport,
  rejectedFile,
  type ImportKind,
  type ImportReport,
  type Tally,
} from './import-report';

export interface ImportOptions {
  dryRun: boolean;
  /** The charset the upload declared, if any (otherwise it is detected). */
  charset?: string;
}

/**
 * The frame every import shares: read the file (a file unusable as a whole is rejected and
 * nothing is stored), let `importRows` store the good rows and list the bad ones in `errors`,
 * and report what happened.
 */
export async function importFile<K extends string>(
  kind: ImportKind,
  columns: readonly ColumnSpec<K>[],
  bytes: Uint8Array,
  opts: ImportOptions,
  importRows: (records: CsvRecord<K>[], errors: ImportProblem[]) => Promise<Tally>,
): Promise<ImportReport> {
  const read = readCsv(bytes, columns, opts.charset);
  if (!read.ok) return rejectedFile(kind, opts.dryRun, read.problems, read.encoding);
  const errors: ImportProblem[] = [];
  const tally = await importRows(read.records, errors);
  return finishReport({
    kind,
    dryRun: opts.dryRun,
    encoding: read.encoding,
    rows: read.records.length,
    errors,
    warnings: read.warnings,
    tally,
  });
}
