import type { Model } from 'mongoose';

/**
 * What an outbox holds unpublished, for the metrics (read on scrape): how many events and how old
 * the oldest is (0 when none waits). An event older than a few relay intervals means the relay
 * is down or Redis refuses it (alert OutboxBacklogOld, docs/runbook.md).
 */
export async function outboxBacklog(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as RelayOptions['model']
  model: Model<any>,
  now: () => number = Date.now,
): Promise<{ pending: number; oldestAgeSeconds: number }> {
  const [row] = await model.aggregate<{ pending: number; oldest: Date | null }>([
    { $match: { 'pendingEvents.0': { $exists: true } } },
    { $unwind: '$pendingEvents' },
    { $group: { _id: null, pending: { $sum: 1 }, oldest: { $min: '$pendingEvents.createdAt' } } },
  ]);
  if (!row?.oldest) return { pending: row?.pending ?? 0, oldestAgeSeconds: 0 };
  return {
    pending: row.pending,
    oldestAgeSeconds: Math.max(0, (now() - new Date(row.oldest).getTime()) / 1000),
  };
}
