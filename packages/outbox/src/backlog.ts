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
  const events = [
    { $match: { 'pendingEvents.eventId': { $exists: true } } },
    { $unwind: '$pendingEvents' },
  ];
  // Two pipelines: FerretDB 1.x has neither $min nor $first as a $group accumulator.
  const [[counted], [oldest]] = await Promise.all([
    model.aggregate<{ pending: number }>([
      ...events,
      { $group: { _id: null, pending: { $sum: 1 } } },
    ]),
    model.aggregate<{ pendingEvents: { createdAt: Date } }>([
      ...events,
      { $sort: { 'pendingEvents.createdAt': 1 } },
      { $limit: 1 },
    ]),
  ]);
  const at = oldest?.pendingEvents.createdAt;
  if (!counted || !at) return { pending: counted?.pending ?? 0, oldestAgeSeconds: 0 };
  return {
    pending: counted.pending,
    oldestAgeSeconds: Math.max(0, (now() - new Date(at).getTime()) / 1000),
  };
}
