import {
  isDomainValidationError,
  parseDanishAmount,
  parseDanishDecimal,
  parseDanishPercentToBasisPoints,
} from '@rammeaftale/domain';
import { parseDanishDate, parseDanishMoment } from '../danish-time';
import type { ColumnSpec, CsvRecord, ImportProblem } from './csv';

/**
 * Reads the cells of one row into typed values, collecting every problem of the row (not only the
 * first), each naming the Danish column. Messages never repeat the cell's content: a value typed
 * into the wrong column may be a CPR number, and import reports end up in logs and e-mails.
 */
export class RowReader<K extends string> {
  readonly problems: ImportProblem[] = [];

  constructor(
    private readonly record: CsvRecord<K>,
    private readonly columns: Readonly<Record<K, ColumnSpec<K>>>,
  ) {}

  get row(): number {
    return this.record.row;
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  raw(key: K): string {
    return this.record.values[key];
  }

  fail(key: K, code: string, message: string): undefined {
    this.problems.push({ row: this.record.row, field: this.columns[key].header, code, message });
    return undefined;
  }

  /** The cell, or a MISSING problem when a required cell is empty. */
  text(key: K, opts: { required?: boolean; max?: number } = {}): string | undefined {
    const value = this.raw(key).replace(/\s+/g, ' ');
    if (value === '') {
      return opts.required ? this.fail(key, 'MISSING', 'Feltet skal udfyldes.') : undefined;
    }
    const max = opts.max ?? 200;
    if (value.length > max) return this.fail(key, 'TOO_LONG', `Højst ${max} tegn.`);
    return value;
  }

  /** A whole number in Danish notation ('1.234' is one thousand two hundred and thirty-four). */
  count(key: K, opts: { required: boolean; max?: number }): number | undefined {
    const value = this.text(key, { required: opts.required });
    if (value === undefined) return undefined;
    let n: number;
    try {
      n = parseDanishDecimal(value, 0);
    } catch (err) {
      if (!isDomainValidationError(err)) throw err;
      return this.fail(key, 'NOT_A_WHOLE_NUMBER', 'Skal være et helt tal.');
    }
    if (n < 0) return this.fail(key, 'NEGATIVE', 'Må ikke være negativt.');
    if (opts.max !== undefined && n > opts.max) {
      return this.fail(key, 'TOO_LARGE', `Må højst være ${opts.max}.`);
    }
    return n;
  }

  /** DKK in Danish notation ('1.234,50', '1.234,50 kr.') → integer øre. */
  amountOre(key: K, opts: { required: boolean; positive?: boolean }): number | undefined {
    const value = this.text(key, { required: opts.required });
    if (value === undefined) return undefined;
    let ore: number;
    try {
      ore = parseDanishAmount(value);
    } catch (err) {
      if (!isDomainValidationError(err)) throw err;
      return this.fail(key, 'INVALID_AMOUNT', 'Skal være et beløb i kroner, fx 1.234,50.');
    }
    if (ore < 0) return this.fail(key, 'NEGATIVE', 'Beløbet må ikke være negativt.');
    if (opts.positive && ore === 0)
      return this.fail(key, 'ZERO', 'Beløbet skal være større end 0.');
    return ore;
  }

  /** '95', '95 %' or '97,5 %' → basis points (9500, 9750). */
  percentBp(key: K, opts: { required: boolean; min?: number; max?: number }): number | undefined {
    const value = this.text(key, { required: opts.required });
    if (value === undefined) return undefined;
    let bp: number;
    try {
      bp = parseDanishPercentToBasisPoints(value);
    } catch (err) {
      if (!isDomainValidationError(err)) throw err;
      return this.fail(key, 'INVALID_PERCENT', 'Skal være en procentsats, fx 95 % eller 97,5 %.');
    }
    if ((opts.min !== undefined && bp < opts.min) || (opts.max !== undefined && bp > opts.max)) {
      const range = `${(opts.min ?? 0) / 100}–${(opts.max ?? 10_000) / 100} %`;
      return this.fail(key, 'OUT_OF_RANGE', `Skal ligge mellem ${range}.`);
    }
    return bp;
  }

  /** A calendar date: 2025-03-01 or 01-03-2025 (also with . or /). */
  date(key: K, opts: { required: boolean }): string | undefined {
    const value = this.text(key, { required: opts.required });
    if (value === undefined) return undefined;
    return (
      parseDanishDate(value) ??
      this.fail(key, 'INVALID_DATE', 'Skal være en gyldig dato, fx 01-03-2025 eller 2025-03-01.')
    );
  }

  /** A date with optional time 'HH:MM' (Copenhagen time), or ISO 8601 with offset. */
  moment(key: K, opts: { required: boolean }): Date | undefined {
    const value = this.text(key, { required: opts.required });
    if (value === undefined) return undefined;
    return (
      parseDanishMoment(value) ??
      this.fail(key, 'INVALID_DATE', 'Skal være en dato, evt. med klokkeslæt, fx 01-03-2025 14:30.')
    );
  }

  /** ja/nej (also j/n, true/false, 1/0, yes/no). */
  yesNo(key: K, opts: { required: boolean }): boolean | undefined {
    const value = this.text(key, { required: opts.required });
    if (value === undefined) return undefined;
    const v = value.toLocaleLowerCase('da-DK');
    if (['ja', 'j', 'true', '1', 'yes', 'y'].includes(v)) return true;
    if (['nej', 'n', 'false', '0', 'no'].includes(v)) return false;
    return this.fail(key, 'INVALID_YES_NO', 'Skal være "ja" eller "nej".');
  }

  /** A vocabulary word (slug or Danish label) through `lookup`. */
  word<T>(
    key: K,
    lookup: (text: string) => T | undefined,
    opts: { required: boolean; allowed: string },
  ): T | undefined {
    const value = this.text(key, { required: opts.required });
    if (value === undefined) return undefined;
    return (
      lookup(value) ?? this.fail(key, 'UNKNOWN_VALUE', `Ukendt værdi. Tilladt: ${opts.allowed}.`)
    );
  }

  /** A list separated by ';' or '|', trimmed, empty items dropped. */
  list(key: K, opts: { required: boolean }): string[] | undefined {
    const value = this.text(key, { required: opts.required, max: 2000 });
    if (value === undefined) return opts.required ? undefined : [];
    const items = value
      .split(/[;|]/)
      .map((item) => item.trim())
      .filter((item) => item !== '');
    if (items.length === 0 && opts.required)
      return this.fail(key, 'MISSING', 'Feltet skal udfyldes.');
    return items;
  }
}

export function columnsByKey<K extends string>(
  columns: readonly ColumnSpec<K>[],
): Readonly<Record<K, ColumnSpec<K>>> {
  return Object.fromEntries(columns.map((c) => [c.key, c])) as Record<K, ColumnSpec<K>>;
}
