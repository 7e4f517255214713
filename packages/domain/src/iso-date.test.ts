import { DomainValidationError } from './errors';
import {
  danishLongDate,
  danishMonth,
  daysFromCivil,
  isIsoDate,
  isLeapYear,
  isoToEpochMs,
  isValidCalendarDate,
} from './iso-date';

describe('calendar helpers', () => {
  it('knows leap years', () => {
    expect([2000, 2024, 1904].map(isLeapYear)).toEqual([true, true, true]);
    expect([1900, 2100, 2025].map(isLeapYear)).toEqual([false, false, false]);
  });

  it('validates calendar dates', () => {
    expect(isValidCalendarDate(2024, 2, 29)).toBe(true);
    expect(isValidCalendarDate(2025, 2, 29)).toBe(false);
    expect(isValidCalendarDate(2025, 4, 31)).toBe(false);
    expect(isValidCalendarDate(2025, 13, 1)).toBe(false);
    expect(isValidCalendarDate(2025, 1, 0)).toBe(false);
  });

  it('counts days from the epoch like Date.UTC does', () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [2000, 2, 29],
      [1858, 11, 17],
      [2025, 12, 31],
    ] as const) {
      expect(daysFromCivil(y, m, d)).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
    }
  });

  it('accepts only strict YYYY-MM-DD calendar dates', () => {
    expect(isIsoDate('2025-01-01')).toBe(true);
    expect(isIsoDate('2025-02-30')).toBe(false);
    expect(isIsoDate('2025-1-1')).toBe(false);
    expect(isIsoDate('2025-01-01T00:00:00Z')).toBe(false);
  });
});

describe('isoToEpochMs', () => {
  it('reads dates as UTC midnight and honours offsets', () => {
    expect(isoToEpochMs('2025-03-01')).toBe(Date.UTC(2025, 2, 1));
    expect(isoToEpochMs('2025-03-01T12:30:15.250Z')).toBe(Date.UTC(2025, 2, 1, 12, 30, 15, 250));
    expect(isoToEpochMs('2025-03-01T13:30+01:00')).toBe(Date.UTC(2025, 2, 1, 12, 30));
    expect(isoToEpochMs('2025-03-01T00:00:00-02:00')).toBe(Date.UTC(2025, 2, 1, 2));
  });

  it.each(['2025-03-01T12:00', '2025-02-30', '01/03/2025', '2025-03-01T24:00Z', ''])(
    'rejects %p',
    (text) => {
      expect(() => isoToEpochMs(text)).toThrow(DomainValidationError);
    },
  );
});

describe('Danish dates in words', () => {
  it('When a date is written out, then it reads as Danish writes it', () => {
    expect(danishLongDate('2026-03-01')).toBe('1. marts 2026');
    expect(danishLongDate('2025-12-31')).toBe('31. december 2025');
    expect(danishMonth('2025-05')).toBe('maj 2025');
  });
});
