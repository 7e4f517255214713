import { randomUUID } from 'node:crypto';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';

interface LockDoc {
  _id: string;
  owner: string;
  expiresAt: Date;
}

const schema = new Schema<LockDoc>(
  {
    _id: String,
    owner: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);

function lockModel(conn: Connection): Model<LockDoc> {
  return (
    (conn.models.OfferLock as Model<LockDoc>) ??
    conn.model<LockDoc>('OfferLock', schema, 'offer_locks')
  );
}

const { trusted } = mongoose;

/**
 * Short leases that serialise read-modify-write of one offer's tariffs (the no-overlap rule spans
 * all periods of a service, so it needs a consistent read). A lease is an insert of a document
 * whose `_id` names the offer: the unique `_id` makes acquiring atomic on MongoDB and FerretDB
 * alike, and it is fast on FerretDB, which cannot use an index for a guard like
 * `{ _id, revision }` (see docs/adr/0001-offer-writes-on-ferretdb.md). A holder that died is
 * taken over after `ttlMs`.
 */
export function offerLockRepository(conn: Connection) {
  const Lock = lockModel(conn);
  return {
    /** Leases for as many of the keys as are free; returns those acquired and the owner token. */
    async acquire(
      keys: readonly string[],
      ttlMs = 60_000,
    ): Promise<{ owner: string; acquired: Set<string> }> {
      const owner = randomUUID();
      const acquired = new Set<string>();
      if (keys.length === 0) return { owner, acquired };
      const now = Date.now();
      const docs = keys.map((k) => ({ _id: k, owner, expiresAt: new Date(now + ttlMs) }));
      try {
        await Lock.insertMany(docs, { ordered: false });
        keys.forEach((k) => acquired.add(k));
      } catch (err) {
        const writeErrors = (
          err as { writeErrors?: { index?: number; err?: { index?: number } }[] }
        ).writeErrors;
        if (!writeErrors) throw err;
        const failed = new Set(writeErrors.map((e) => e.index ?? e.err?.index));
        keys.forEach((k, i) => {
          if (!failed.has(i)) acquired.add(k);
        });
        // Leases left by a crashed holder: remove the expired ones so the next attempt can win.
        await Lock.deleteMany({ expiresAt: trusted({ $lt: new Date(now) }) });
      }
      return { owner, acquired };
    },

    async release(owner: string, keys: readonly string[]): Promise<void> {
      if (keys.length === 0) return;
      await Lock.bulkWrite(
        keys.map((k) => ({ deleteOne: { filter: { _id: k, owner } } })),
        { ordered: false },
      );
    },
  };
}

export type OfferLockRepository = ReturnType<typeof offerLockRepository>;
