import {
  DEFAULT_SMTP_RETRY,
  RFC5321_MIN_INTERVAL_MS,
  smtpRetryAttempts,
  smtpRetryDelayMs,
  smtpRetryPolicy,
  smtpRetrySchedule,
} from './smtp-retry.rules';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('the retry schedule of a temporary SMTP failure (RFC 5321 §4.5.4.1)', () => {
  it('When the delays are drawn shortest, then the interval grows to at least 30 min and the letter is tried for at least 4 days', () => {
    const shortest = smtpRetrySchedule(DEFAULT_SMTP_RETRY, () => 0);
    expect(shortest.slice(0, 7)).toEqual([
      51_000, 102_000, 204_000, 408_000, 816_000, 1_632_000, 3_060_000,
    ]);
    for (let i = 1; i < shortest.length; i++)
      expect(shortest[i]).toBeGreaterThanOrEqual(shortest[i - 1]!);
    const late = shortest.slice(shortest.findIndex((d) => d >= RFC5321_MIN_INTERVAL_MS));
    expect(late.length).toBeGreaterThan(shortest.length - 8);
    expect(Math.min(...late)).toBeGreaterThanOrEqual(RFC5321_MIN_INTERVAL_MS);
    expect(sum(shortest)).toBeGreaterThanOrEqual(4 * DAY);
  });

  it('When the delays are drawn longest, then no interval exceeds an hour and the letter is given up within 5 days', () => {
    const longest = smtpRetrySchedule(DEFAULT_SMTP_RETRY, () => 1);
    expect(Math.max(...longest)).toBe(60 * MINUTE);
    expect(sum(longest)).toBeLessThanOrEqual(5 * DAY);
  });

  it('When the first delay is the default minute, then a letter gets its first send and 118 retries', () => {
    expect(smtpRetryAttempts()).toBe(119);
    expect(smtpRetrySchedule()).toHaveLength(118);
  });

  it('When the first delay is configured small (tests) or large, then the horizon and the late interval still hold', () => {
    for (const first of [50, 5_000, 10 * MINUTE, 3 * 60 * MINUTE]) {
      const p = smtpRetryPolicy(first);
      const shortest = smtpRetrySchedule(p, () => 0);
      expect(sum(shortest)).toBeGreaterThanOrEqual(4 * DAY);
      expect(shortest.at(-1)).toBeGreaterThanOrEqual(RFC5321_MIN_INTERVAL_MS);
      expect(sum(smtpRetrySchedule(p, () => 1))).toBeLessThanOrEqual(5 * DAY);
    }
  });

  it('When a batch fails at once, then its retries spread over a band instead of one instant', () => {
    const draws = new Set(
      [0, 0.25, 0.5, 0.99].map((r) => smtpRetryDelayMs(3, DEFAULT_SMTP_RETRY, () => r)),
    );
    expect(draws.size).toBe(4);
    for (const d of draws) expect(d).toBeGreaterThanOrEqual(0.85 * 4 * MINUTE);
  });
});
