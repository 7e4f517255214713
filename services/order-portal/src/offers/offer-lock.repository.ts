import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { crossTenant, requireCrossTenant, trusted, type CrossTenantScope } from '@rammeaftale/db';
import { ConflictError } from '@rammeaftale/domain';
import { failedWrites } from './offer.queries';

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

/**
 * Short leases that serialise read-modify-write of one offer's tariffs (the no-overlap rule spans
 * all periods of a service, so it needs a consistent read). A lease is an insert of a document
 * whose `_id` names the offer: the unique `_id` makes acquiring atomic on MongoDB and FerretDB
 * alike, and it is fast on FerretDB, which cannot use an index for a guard like
 * `{ _id, revision }` (see docs/adr/0001-offer-writes-on-ferretdb.md). A holder that died is
 * taken over after `ttlMs`. Leases guard writes to the registry as a whole (the secretariat's
 * tariff import), so they take a cross-tenant scope.
 */
export class OfferLockRepository {
  private readonly Lock: Model<LockDoc>;

  constructor(conn: Connection) {
    this.Lock = lockModel(conn);
  }

  /** Leases for as many of the keys as are free; returns those acquired and the owner token. */
  async acquire(
    scope: CrossTenantScope,
    keys: readonly string[],
    ttlMs = 60_000,
  ): Promise<{ owner: string; acquired: Set<string> }> {
    requireCrossTenant(scope);
    const owner = randomUUID();
    const acquired = new Set<string>();
    if (keys.length === 0) return { owner, acquired };
    const now = Date.now();
    const docs = keys.map((k) => ({ _id: k, owner, expiresAt: new Date(now + ttlMs) }));
    try {
      await this.Lock.insertMany(docs, { ordered: false });
      keys.forEach((k) => acquired.add(k));
    } catch (err) {
      const failed = new Set(failedWrites(err).map((e) => e.index));
      keys.forEach((k, i) => {
        if (!failed.has(i)) acquired.add(k);
      });
      // Leases left by a crashed holder: remove the expired ones so the next attempt can win.
      await this.Lock.deleteMany({ expiresAt: trusted({ $lt: new Date(now) }) });
    }
    return { owner, acquired };
  }

  async release(scope: CrossTenantScope, owner: string, keys: readonly string[]): Promise<void> {
    requireCrossTenant(scope);
    if (keys.length === 0) return;
    await this.Lock.bulkWrite(
      keys.map((k) => ({ deleteOne: { filter: { _id: k, owner } } })),
      { ordered: false },
    );
  }
}

/**
 * Runs `work` holding the lease of one key, waiting up to `waitMs` for another holder to finish;
 * still held by then → ConflictError (409, "try again"). For a read-modify-write of one offer that
 * two requests may make at once: FerretDB 1.x applies even a single `$push` as read, modify, write
 * back, so two concurrent ones can lose one (ADR 0002); the lease's unique insert cannot.
 */
export async function withLease<T>(
  locks: OfferLockRepository,
  key: string,
  work: () => Promise<T>,
  opts: { waitMs?: number; ttlMs?: number } = {},
): Promise<T> {
  const scope = crossTenant('a lease names one offer, whoever holds it');
  const deadline = Date.now() + (opts.waitMs ?? 5_000);
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    const { owner, acquired } = await locks.acquire(scope, [key], opts.ttlMs ?? 30_000);
    if (acquired.has(key)) {
      try {
        return await work();
      } finally {
        await locks.release(scope, owner, [key]);
      }
    }
    if (Date.now() > deadline)
      throw new ConflictError('Another change of this offer is being stored; try again');
    await new Promise((r) => setTimeout(r, pause + Math.random() * pause));
  }
}
