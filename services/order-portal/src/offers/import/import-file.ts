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
  /** Told how many of the file's rows are processed, as the writes go (not on a dry run). */
  progress?: (processed: number, total: number) => void;
  /** Items per write (WRITE_CHUNK unless given). */
  chunkSize?: number;
}

/** Items written per call to the store, so a long import tells its progress as it goes. */
export const WRITE_CHUNK = 200;

/**
 * Writes `items` in chunks (WRITE_CHUNK) and tells the import's progress after each: the rows
 * that need no write (unchanged or refused) count as processed from the start, each item's rows
 * (`rowsOf`) once its chunk is written.
 */
export type ChunkedWrite = <T>(
  items: readonly T[],
  rowsOf: (item: T) => number,
  write: (chunk: T[]) => Promise<void>,
) => Promise<void>;

function chunkedWriter(total: number, opts: ImportOptions): ChunkedWrite {
  const { progress, chunkSize = WRITE_CHUNK } = opts;
  return async (items, rowsOf, write) => {
    let processed = total - items.reduce((n, item) => n + rowsOf(item), 0);
    progress?.(processed, total);
    for (let i = 0; i < items.length; i += chunkSize) {
      const chunk = items.slice(i, i + chunkSize);
      await write(chunk);
      processed += chunk.reduce((n, item) => n + rowsOf(item), 0);
      progress?.(processed, total);
    }
  };
}

/**
 * The frame every import shares: read the file (a file unusable as a whole is rejected and
 * nothing is stored), let `importRows` store the good rows (through `writeInChunks`, which tells
 * the progress) and list the bad ones in `errors`, and report what happened.
 */
export async function importFile<K extends string>(
  kind: ImportKind,
  columns: readonly ColumnSpec<K>[],
  bytes: Uint8Array,
  opts: ImportOptions,
  importRows: (
    records: CsvRecord<K>[],
    errors: ImportProblem[],
    writeInChunks: ChunkedWrite,
  ) => Promise<Tally>,
): Promise<ImportReport> {
  const read = readCsv(bytes, columns, opts.charset);
  if (!read.ok) return rejectedFile(kind, opts.dryRun, read.problems, read.encoding);
  const errors: ImportProblem[] = [];
  const total = read.records.length;
  const tally = await importRows(read.records, errors, chunkedWriter(total, opts));
  if (!opts.dryRun) opts.progress?.(total, total);
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
