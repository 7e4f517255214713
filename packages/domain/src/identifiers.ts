import { DomainValidationError } from './errors';
import { isValidCalendarDate } from './iso-date';

const CVR_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1] as const;

/** Danish company number: 8 digits, no leading 0, weighted digit sum divisible by 11. */
export function isValidCvr(text: string): boolean {
  if (!/^[1-9]\d{7}$/.test(text)) return false;
  const sum = CVR_WEIGHTS.reduce((total, weight, index) => total + weight * Number(text[index]), 0);
  return sum % 11 === 0;
}

/**
 * EAN location number (GLN, 13 digits) used for electronic invoicing to public bodies. GS1 check
 * digit: weights 3 and 1 alternate from the digit next to the check digit.
 */
export function isValidEan(text: string): boolean {
  if (!/^\d{13}$/.test(text)) return false;
  const digits = [...text].map(Number);
  const checkDigit = digits.pop();
  const sum = digits
    .reverse()
    .reduce((total, digit, index) => total + digit * (index % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === checkDigit;
}

export interface ParsedCpr {
  /** YYYY-MM-DD */
  birthDate: string;
  /** DDMMYYSSSS, without hyphen. */
  normalized: string;
}

const CPR_FORMAT = /^(\d{2})(\d{2})(\d{2})-?(\d)(\d{3})$/;

/**
 * Validates a CPR number by format and birth date only. There is deliberately no modulus-11
 * check: since 2007 CPR numbers without a valid check digit are issued, so such a check would
 * reject real citizens.
 */
export function parseCpr(text: string): ParsedCpr {
  const match = CPR_FORMAT.exec(text.trim());
  if (!match) throw invalidCpr();
  const [, dd = '', mm = '', yy = '', seventh = '', rest = ''] = match;
  const year = cprCentury(Number(seventh), Number(yy)) + Number(yy);
  if (!isValidCalendarDate(year, Number(mm), Number(dd))) throw invalidCpr();
  return {
    birthDate: `${year}-${mm}-${dd}`,
    normalized: `${dd}${mm}${yy}${seventh}${rest}`,
  };
}

export function isValidCpr(text: string): boolean {
  try {
    parseCpr(text);
    return true;
  } catch {
    return false;
  }
}

/** The CPR Office's century rule, keyed on the 7th digit (first of the serial number). */
function cprCentury(seventhDigit: number, twoDigitYear: number): number {
  if (seventhDigit <= 3) return 1900;
  if (seventhDigit === 4 || seventhDigit === 9) return twoDigitYear <= 36 ? 2000 : 1900;
  return twoDigitYear <= 57 ? 2000 : 1800;
}

function invalidCpr(): DomainValidationError {
  // Never include the input: it is a personal identifier and messages end up in logs.
  return new DomainValidationError('INVALID_CPR', 'Not a valid CPR number');
}

/**
 * Finds CPR-like numbers for log scrubbing: 6 digits, optional '-' or space, 4 digits, not part
 * of a longer digit run. It deliberately over-matches (no date check): redacting a harmless
 * number costs less than leaking a CPR number.
 *
 * The regex is global and therefore stateful with `test`/`exec` (`lastIndex`). Use it with
 * `String.prototype.replace`/`matchAll`, or call `looksLikeCpr`/`redactCprNumbers`.
 */
export const CPR_PATTERN = /(?<!\d)\d{6}[- ]?\d{4}(?!\d)/g;

export function looksLikeCpr(text: string): boolean {
  return new RegExp(CPR_PATTERN.source).test(text);
}

export function redactCprNumbers(text: string, replacement = '[CPR]'): string {
  return text.replace(new RegExp(CPR_PATTERN.source, 'g'), replacement);
}
