import { isValidCalendarDate } from '@rammeaftale/domain';

/**
 * Calendar dates and wall-clock times as people in Denmark write and mean them. A tariff period
 * starts on a calendar date in Denmark, so "today" is the Copenhagen date, not the UTC one (they
 * differ between 22:00/23:00 and midnight).
 */

const ZONE = 'Europe/Copenhagen';
const dateFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** YYYY-MM-DD of the instant in Copenhagen. */
export function copenhagenDate(at: Date): string {
  return dateFormatter.format(at);
}

/** Minutes Copenhagen is ahead of UTC at the instant (60 in winter, 120 in summer). */
function offsetMinutesAt(at: Date): number {
  const parts = Object.fromEntries(partsFormatter.formatToParts(at).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant of a Copenhagen wall-clock time (for a time skipped by DST, one hour later). */
export function copenhagenLocalToInstant(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
): Date {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const first = naive - offsetMinutesAt(new Date(naive)) * 60_000;
  const second = naive - offsetMinutesAt(new Date(first)) * 60_000;
  return new Date(second);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DANISH = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/;

/** '2025-03-01', '1-3-2025', '01.03.2025' or '01/03/2025' → '2025-03-01'; undefined otherwise. */
export function parseDanishDate(text: string): string | undefined {
  const t = text.trim();
  const iso = ISO.exec(t);
  const danish = iso ? undefined : DANISH.exec(t);
  const [y, m, d] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : danish
      ? [Number(danish[3]), Number(danish[2]), Number(danish[1])]
      : [NaN, NaN, NaN];
  if (!isValidCalendarDate(y, m, d)) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const WITH_TIME = /^(.+?)[ T](\d{1,2})[:.](\d{2})$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A moment as written in a file: an ISO date-time with offset, or a Danish date with an optional
 * 'HH:MM' read as Copenhagen time. A bare date means the start of that day in Copenhagen.
 */
export function parseDanishMoment(text: string): Date | undefined {
  const t = text.trim();
  if (ISO_WITH_OFFSET.test(t)) {
    const at = new Date(t);
    return Number.isNaN(at.getTime()) ? undefined : at;
  }
  const withTime = WITH_TIME.exec(t);
  const date = parseDanishDate(withTime ? (withTime[1] ?? '') : t);
  if (!date) return undefined;
  const hour = withTime ? Number(withTime[2]) : 0;
  const minute = withTime ? Number(withTime[3]) : 0;
  if (hour > 23 || minute > 59) return undefined;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return copenhagenLocalToInstant(y, m, d, hour, minute);
}
