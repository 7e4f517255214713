import type { Connection } from 'mongoose';
import { writeCheckpoint } from './access-log-chain';
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
 *
 * The chain is cut only at its start: the entries purged are those up to the first one that is
 * still within the period (by seq), so an entry whose `at` is older than a later kept one's (a
 * clock a little behind on another replica) waits for the next run. Before deleting, the last
 * purged entry's link is written as a checkpoint, from which `verifyAccessLog` continues.
 */
export async function purgeOlderThan(model: AccessLogModel, cutoff: Date): Promise<number> {
  if (!(cutoff instanceof Date) || Number.isNaN(cutoff.getTime()))
    throw new RangeError('cutoff must be a valid date');
  const entries = model.collection;
  const [firstKept] = await entries
    .find({ seq: { $exists: true }, at: { $gte: cutoff } }, { projection: { seq: 1 } })
    .sort({ seq: 1 })
    .limit(1)
    .toArray();
  const [lastPurged] = await entries
    .find(
      { seq: firstKept ? { $exists: true, $lt: Number(firstKept.seq) } : { $exists: true } },
      { projection: { seq: 1, hash: 1 } },
    )
    .sort({ seq: -1 })
    .limit(1)
    .toArray();
  let deleted = 0;
  if (lastPurged) {
    const seq = Number(lastPurged.seq);
    await writeCheckpoint(model.db, { seq, hash: String(lastPurged.hash), at: new Date() });
    deleted += (await entries.deleteMany({ seq: { $lte: seq } })).deletedCount;
  }
  // Entries from before the chain (no seq) go by their time alone.
  const unchained = await entries.deleteMany({ seq: { $exists: false }, at: { $lt: cutoff } });
  return deleted + unchained.deletedCount;
}
