import { randomUUID } from 'node:crypto';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { requireCrossTenant, type CrossTenantScope } from './tenant-scope';

interface LeaseDoc {
  _id: string;
  owner: string;
  expiresAt: Date;
}

const schema = new Schema<LeaseDoc>(
  {
    _id: String,
    owner: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/** Indexes of the documents an unordered insertMany failed on (duplicate keys); rethrows others. */
function failedIndexes(err: unknown): Set<number> {
  type WriteError = { index?: number; err?: { index?: number } };
  const writeErrors = (err as { writeErrors?: WriteError[] }).writeErrors;
  if (!writeErrors) throw err;
  return new Set(writeErrors.map((e) => e.index ?? e.err?.index ?? -1));
}

/**
 * Short leases that serialise a read-modify-write of one document (an offer's tariffs, an order's
 * guarded update). A lease is an insert of a document whose `_id` names what it guards: the unique
 * `_id` makes acquiring atomic on MongoDB and on FerretDB alike, where a guarded update
 * (`{ _id, revision }`) is not (FerretDB 1.x reads, compares and writes back, ADR 0002). A holder
 * that died is taken over after `ttlMs`. A lease names a document whoever's it is, so the calls
 * take a cross-tenant scope; what the holder then writes is scoped as usual.
 */
export class LeaseRepository {
  private readonly Lease: Model<LeaseDoc>;

  constructor(conn: Connection, names: { model: string; collection: string }) {
    this.Lease =
      (conn.models[names.model] as Model<LeaseDoc> | undefined) ??
      conn.model<LeaseDoc>(names.model, schema, names.collection);
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
      await this.Lease.insertMany(docs, { ordered: false });
      keys.forEach((k) => acquired.add(k));
    } catch (err) {
      const failed = failedIndexes(err);
      keys.forEach((k, i) => {
        if (!failed.has(i)) acquired.add(k);
      });
      // Leases left by a crashed holder: remove the expired ones so the next attempt can win.
      await this.Lease.deleteMany({ expiresAt: mongoose.trusted({ $lt: new Date(now) }) });
    }
    return { owner, acquired };
  }

  async release(scope: CrossTenantScope, owner: string, keys: readonly string[]): Promise<void> {
    requireCrossTenant(scope);
    if (keys.length === 0) return;
    await this.Lease.bulkWrite(
      keys.map((k) => ({ deleteOne: { filter: { _id: k, owner } } })),
      { ordered: false },
    );
  }
}

/**
 * Runs `work` holding the lease of one key, waiting up to `waitMs` for another holder to finish;
 * still held by then → `busy()` is thrown (a use case's "conflict, try again"). For a
 * read-modify-write of one document that two requests, or two workers, may make at once.
 */
export async function withLease<T>(
  leases: LeaseRepository,
  scope: CrossTenantScope,
  key: string,
  work: () => Promise<T>,
  opts: { waitMs?: number; ttlMs?: number; busy: () => Error },
): Promise<T> {
  const deadline = Date.now() + (opts.waitMs ?? 5_000);
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    const { owner, acquired } = await leases.acquire(scope, [key], opts.ttlMs ?? 30_000);
    if (acquired.has(key)) {
      try {
        return await work();
      } finally {
        await leases.release(scope, owner, [key]);
      }
    }
    if (Date.now() > deadline) throw opts.busy();
    await new Promise((r) => setTimeout(r, pause + Math.random() * pause));
  }
}

class PassHeldElsewhere extends Error {}

/**
 * Runs a periodic pass (a sweeper, a reconciler) on one replica at a time: holding the lease of
 * `key`, waited for up to `waitMs` (0: a timer's pass just skips, the replica holding it does the
 * work). Skipped → undefined. `ttlMs` above the longest pass: a replica that died mid-pass is
 * taken over once it expires.
 */
export async function onOneReplica<T>(
  leases: LeaseRepository,
  scope: CrossTenantScope,
  key: string,
  run: () => Promise<T>,
  opts: { ttlMs: number; waitMs?: number },
): Promise<T | undefined> {
  try {
    return await withLease(leases, scope, key, run, {
      ttlMs: opts.ttlMs,
      waitMs: opts.waitMs ?? 0,
      busy: () => new PassHeldElsewhere(),
    });
  } catch (err) {
    if (err instanceof PassHeldElsewhere) return undefined;
    throw err;
  }
}
