/**
 * When a letter refused with a temporary SMTP failure (a 4xx reply, a dropped connection) is tried
 * again. RFC 5321 §4.5.4.1: retries should be at least 30 minutes apart and the sender should keep
 * trying for at least 4–5 days before it gives up. The first retries come quicker (most temporary
 * failures — greylisting, a restarting relay — clear in minutes), the interval doubles up to an
 * hour, and attempts go on until the guaranteed horizon of 4 days has passed. A 5xx reply is
 * permanent and never retried (send-letter.processor.ts).
 *
 * Pure: the random source is a parameter, so the schedule is testable.
 */
export interface SmtpRetryPolicy {
  /** Delay before the first retry (RETRY_BASE_MS). */
  firstDelayMs: number;
  /** The interval grows to this and stays there (≥ 30 min by RFC 5321). */
  maxIntervalMs: number;
  /** A delay is drawn from [minShare × its nominal value, its nominal value]: retries of a batch spread. */
  minShare: number;
  /** The letter is tried at least this long after its first failure before it is given up. */
  horizonMs: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const RFC5321_MIN_INTERVAL_MS = 30 * MINUTE;

export const DEFAULT_SMTP_RETRY: SmtpRetryPolicy = {
  firstDelayMs: MINUTE,
  maxIntervalMs: 60 * MINUTE,
  minShare: 0.85,
  horizonMs: 4 * DAY,
};

export function smtpRetryPolicy(firstDelayMs: number): SmtpRetryPolicy {
  return {
    ...DEFAULT_SMTP_RETRY,
    firstDelayMs: Math.min(firstDelayMs, DEFAULT_SMTP_RETRY.maxIntervalMs),
  };
}

/** The nominal (largest) delay before the next attempt after `attemptsMade` failed ones. */
function nominalDelayMs(attemptsMade: number, p: SmtpRetryPolicy): number {
  const doublings = Math.min(Math.max(0, attemptsMade - 1), 40);
  return Math.min(p.maxIntervalMs, p.firstDelayMs * 2 ** doublings);
}

/** The delay before the next attempt after `attemptsMade` (≥ 1) failed ones. */
export function smtpRetryDelayMs(
  attemptsMade: number,
  p: SmtpRetryPolicy = DEFAULT_SMTP_RETRY,
  random: () => number = Math.random,
): number {
  const nominal = nominalDelayMs(attemptsMade, p);
  return Math.round(nominal * (p.minShare + (1 - p.minShare) * random()));
}

/**
 * The attempts a letter gets (the first send included): enough that even the shortest draws of
 * every delay add up to the horizon. The longest draws add up to at most horizon / minShare.
 */
export function smtpRetryAttempts(p: SmtpRetryPolicy = DEFAULT_SMTP_RETRY): number {
  let total = 0;
  let retries = 0;
  while (total < p.horizonMs) {
    retries++;
    total += Math.round(nominalDelayMs(retries, p) * p.minShare);
  }
  return retries + 1;
}

/** Every delay of the schedule, for one random source (the tests' and the docs' view of it). */
export function smtpRetrySchedule(
  p: SmtpRetryPolicy = DEFAULT_SMTP_RETRY,
  random: () => number = Math.random,
): number[] {
  const attempts = smtpRetryAttempts(p);
  return Array.from({ length: attempts - 1 }, (_, i) => smtpRetryDelayMs(i + 1, p, random));
}
