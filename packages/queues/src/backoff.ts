/**
 * Exponential backoff with "equal jitter": half the delay fixed, half random, capped.
 * 12 attempts from 5 s reach the 1 h cap after ~10 tries: retries span several hours,
 * which is what a mail server's temporary (4xx) refusal needs.
 */
export function jitteredBackoff(
  attemptsMade: number,
  baseMs: number,
  capMs = 3_600_000,
  random = Math.random,
): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
