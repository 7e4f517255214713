import type { Connection } from 'mongoose';
import { accessLogModel, type AccessLogModel } from './access-log.model';

/** About 6 months, the default retention of the access log. */
export const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 180;

export interface RetentionResult {
  cutoff: Date;
  deleted: number;
}

/**
 * Retention of the access log: deletes entries older than `retentionDays` (default 180, about
 * 6 months). Run it from a scheduled job; it is the only way entries leave the log.
 */
export async function runRetention(
  conn: Connection,
  retentionDays: number = DEFAULT_ACCESS_LOG_RETENTION_DAYS,
  now: Date = new Date(),
): Promise<RetentionResult> {
  if (!Number.isInteger(retentionDays) || retentionDays < 1)
    throw new RangeError('retentionDays must be a whole number of days, at least 1');
  const cutoff = new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
  const deleted = await purgeOlderThan(accessLogModel(conn), cutoff);
  return { cutoff, deleted };
}

/**
 * Internal to retention (not exported from the package). It goes to the driver's collection on
 * purpose, past the model's immutability middleware, which stops every mongoose delete.
 */
export async function purgeOlderThan(model: AccessLogModel, cutoff: Date): Promise<number> {
  if (!(cutoff instanceof Date) || Number.isNaN(cutoff.getTime()))
    throw new RangeError('cutoff must be a valid date');
  const result = await model.collection.deleteMany({ at: { $lt: cutoff } });
  return result.deletedCount;
}
