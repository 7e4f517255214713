import { DomainValidationError } from './errors';

/**
 * Calendar arithmetic on plain integers. `Date` is avoided on purpose: `Date.parse` accepts many
 * non-ISO spellings depending on the engine, and `Date.UTC` maps years 0–99 to 1900–1999.
 */

const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Strict `YYYY-MM-DD` that is also a real calendar date (no 2025-02-30). */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  return isValidCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

export function assertIsoDate(text: string): void {
  if (!isIsoDate(text)) {
    throw new DomainValidationError('INVALID_DATE', 'Expected a calendar date as YYYY-MM-DD');
  }
}

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Milliseconds since the epoch for `YYYY-MM-DD` (read as UTC midnight) or an ISO date-time.
 * A date-time must carry `Z` or an offset: without one the instant would depend on the server's
 * time zone.
 */
export function isoToEpochMs(text: string): number {
  const match = ISO_TIMESTAMP.exec(text);
  const invalid = () =>
    new DomainValidationError(
      'INVALID_TIMESTAMP',
      'Expected an ISO 8601 date or date-time with offset',
    );
  if (!match) throw invalid();
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (!isValidCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    throw invalid();
  }
  const offsetMinutes = parseOffsetMinutes(zone);
  if (offsetMinutes === null) throw invalid();
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const dayMs = daysFromCivil(year, month, day) * MS_PER_DAY;
  const timeMs = ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  return dayMs + timeMs - offsetMinutes * MS_PER_MINUTE;
}

function parseOffsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

/** The months' Danish names, January first (lower case, as Danish writes them). */
export const DANISH_MONTHS = [
  'januar',
  'februar',
  'marts',
  'april',
  'maj',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'december',
] as const;

/** '2026-03-01' → '1. marts 2026' (the long Danish date of letters and contracts). */
export function danishLongDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d}. ${DANISH_MONTHS[m - 1]} ${y}`;
}

/** '2026-03' → 'marts 2026'. */
export function danishMonth(yearMonth: string): string {
  return `${DANISH_MONTHS[Number(yearMonth.slice(5, 7)) - 1] ?? yearMonth} ${yearMonth.slice(0, 4)}`;
}
