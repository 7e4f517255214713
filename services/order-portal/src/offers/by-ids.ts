import type { Model } from 'mongoose';

/** Runs `task` over `items` with at most `limit` in flight. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  });
  await Promise.all(workers);
}

/**
 * Documents by `_id` within a scope filter, without `$in`: FerretDB 1.x (PostgreSQL, as on SQLite)
 * pushes a plain `{ _id: value }` down to the database but not `$in`, which makes it fetch and
 * decode the whole collection (`explain`, docs/adr/0001-offer-writes-on-ferretdb.md). Few ids are
 * read one by one (an index lookup on MongoDB, a filtered scan inside PostgreSQL on FerretDB); many
 * ids relative to the collection are read in one pass and picked out here. Right on both.
 */
export async function findByIds<D extends { _id: string }>(
  model: Model<never>,
  scopeFilter: Record<string, unknown>,
  ids: readonly string[],
  projection: Record<string, 0 | 1>,
): Promise<D[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const total = await model.estimatedDocumentCount();
  if (unique.length * 4 >= total) {
    const wanted = new Set(unique);
    const docs = await model
      .find(scopeFilter as never)
      .select(projection)
      .lean<D[]>();
    return docs.filter((d) => wanted.has(d._id));
  }
  const out: D[] = [];
  await forEachLimited(unique, 8, async (id) => {
    const doc = await model
      .findOne({ ...scopeFilter, _id: id } as never)
      .select(projection)
      .lean<D>();
    if (doc) out.push(doc);
  });
  return out;
}
