import { DomainValidationError } from './errors';

/**
 * Money is integer øre in a `number`. Integers avoid binary-fraction drift (0,1 + 0,2), and
 * `Number.MAX_SAFE_INTEGER` øre (≈ 90 billion DKK) is far beyond any tariff or budget.
 *
 * Accepted input (after trimming, an optional `kr.`, `kr` or `DKK` suffix is removed):
 * - optional leading minus (`-` or the typographic `−`),
 * - kroner either ungrouped (`1234`) or grouped in threes with `.` (`1.234`) or a space
 *   (`1 234`, also no-break spaces as produced by word processors and `toLocaleString('da-DK')`),
 * - optional decimal comma with 1–2 digits (`1.234,5` and `1.234,50`).
 * - A dot is a decimal point ONLY when it is the single separator, followed by exactly 1–2 digits,
 *   and there is no comma (`1234.50`, `12.5`). Any other dot is Danish thousands grouping, so
 *   `1.234` is one thousand two hundred and thirty-four kroner, never 1,234 kr.
 * Anything else (three decimals, mixed grouping, misplaced separators) is rejected rather than
 * guessed at: a misread tariff would silently change which increases get reported.
 */

const MINUS = /^[-\u2212]/;
const GROUP_SPACE = '[ \\u00A0\\u202F]';
const DIGITS = '(\\d+)';
const GROUPED_BY_DOT = '(\\d{1,3}(?:\\.\\d{3})+)';
const GROUPED_BY_SPACE = `(\\d{1,3}(?:${GROUP_SPACE}\\d{3})+)`;
const AMOUNT_SUFFIX = /\s*(?:kr\.?|dkk)$/i;

export function assertOre(value: number, name = 'amount'): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be a safe integer number of øre`);
  }
}

/** Parses a Danish-formatted number into an integer scaled by 10^maxDecimals ('4,5', 2 → 450). */
export function parseDanishDecimal(text: string, maxDecimals: number): number {
  return parseScaled(text, maxDecimals, 'INVALID_NUMBER');
}

/** Parses a DKK amount such as '1.234,50 kr.' into øre (123450). */
export function parseDanishAmount(text: string): number {
  return parseScaled(text.trim().replace(AMOUNT_SUFFIX, ''), 2, 'INVALID_AMOUNT');
}

/** Parses '4,5 %' (or '4,5') into basis points (450). At most two decimals, as in 4,25 %. */
export function parseDanishPercentToBasisPoints(text: string): number {
  return parseScaled(text.trim().replace(/\s*%$/, ''), 2, 'INVALID_PERCENT');
}

/** Formats øre as '1.234,50 kr.' with Danish grouping. Negative amounts get a leading '-'. */
export function formatDkk(ore: number): string {
  assertOre(ore);
  const sign = ore < 0 ? '-' : '';
  const absolute = Math.abs(ore);
  const kroner = Math.floor(absolute / 100);
  const rest = absolute % 100;
  return `${sign}${groupThousands(String(kroner))},${String(rest).padStart(2, '0')} kr.`;
}

/** Inserts Danish thousands dots into a string of digits. */
export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

type ParseCode = 'INVALID_NUMBER' | 'INVALID_AMOUNT' | 'INVALID_PERCENT';

function parseScaled(text: string, maxDecimals: number, code: ParseCode): number {
  if (!Number.isSafeInteger(maxDecimals) || maxDecimals < 0 || maxDecimals > 20) {
    throw new RangeError('maxDecimals must be an integer from 0 to 20');
  }
  const trimmed = text.trim();
  const negative = MINUS.test(trimmed);
  const body = negative ? trimmed.slice(1) : trimmed;
  const parts = splitNumber(body, maxDecimals);
  if (!parts) throw new DomainValidationError(code, 'Not a number in a recognised Danish format');
  const scaled = toScaledBigInt(parts.integerDigits, parts.fractionDigits, maxDecimals);
  const signed = negative ? -scaled : scaled;
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new DomainValidationError('OUT_OF_RANGE', 'Number is too large');
  }
  // `+ 0` turns -0 (from '-0,00') into 0 so equality checks and formatting stay unsurprising.
  return Number(signed) + 0;
}

interface NumberParts {
  integerDigits: string;
  fractionDigits: string;
}

function splitNumber(body: string, maxDecimals: number): NumberParts | null {
  const fraction = maxDecimals > 0 ? `(?:,(\\d{1,${maxDecimals}}))?` : '()';
  const commaForms = [DIGITS, GROUPED_BY_DOT, GROUPED_BY_SPACE].map(
    (integer) => new RegExp(`^${integer}${fraction}$`),
  );
  for (const form of commaForms) {
    const match = form.exec(body);
    if (match) return { integerDigits: match[1] ?? '', fractionDigits: match[2] ?? '' };
  }
  const dotDecimals = Math.min(2, maxDecimals);
  if (dotDecimals > 0) {
    const match = new RegExp(`^(\\d+)\\.(\\d{1,${dotDecimals}})$`).exec(body);
    if (match) return { integerDigits: match[1] ?? '', fractionDigits: match[2] ?? '' };
  }
  return null;
}

function toScaledBigInt(
  integerDigits: string,
  fractionDigits: string,
  maxDecimals: number,
): bigint {
  const integer = integerDigits.replace(/\D/g, '');
  return BigInt(integer + fractionDigits.padEnd(maxDecimals, '0'));
}
