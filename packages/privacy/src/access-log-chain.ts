import { createHash } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import { isDatabaseUnavailable } from '@rammeaftale/db';
import type { AccessLogDoc, AccessLogModel, StoredDoc } from './access-log.model';

/**
 * The access log's hash chain (ADR 0016). Every entry of a log (one service's `access_log`
 * collection) carries `seq` (1, 2, 3, … with no gaps), `prevHash` (the hash of entry `seq - 1`) and
 * `hash` = SHA-256 of its canonical serialisation, `prevHash` included. Changing, deleting or
 * reordering an entry then breaks the chain from that entry on.
 *
 * One chain per log, whoever writes: `seq` has a unique index, so appending is a compare-and-set
 * that is atomic on MongoDB and on FerretDB alike (a unique insert; FerretDB 1.x's guarded updates
 * are not). Two writers that chained from the same head race for the same `seq`; the loser's insert
 * fails with a duplicate key, it reads the new head and chains again. Within one process appends
 * are queued, so that only other processes (replicas, commands) ever race.
 */

/** `prevHash` of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** Retention's record of the last entry it purged, from which verification continues. */
export const ACCESS_LOG_CHECKPOINT_COLLECTION = 'access_log_checkpoints';

export interface ChainLink {
  seq: number;
  hash: string;
}

export interface ChainCheckpoint extends ChainLink {
  /** When retention purged through `seq`. */
  at: Date;
}

export type ChainedDoc = AccessLogDoc & {
  _id: Types.ObjectId;
  seq: number;
  prevHash: string;
  hash: string;
};

/** The fields that are hashed, in a fixed order; a missing optional field is `null`. */
export function canonicalEntry(doc: StoredDoc & { seq: number; prevHash: string }): string {
  return JSON.stringify([
    'access-log/1',
    doc.seq,
    String(doc._id),
    new Date(doc.at).toISOString(),
    doc.userId,
    doc.role,
    doc.organisationId,
    doc.action,
    doc.purpose,
    doc.citizenRef ?? null,
    doc.searchCriterion ?? null,
    doc.resource?.type ?? null,
    doc.resource?.id ?? null,
    doc.correlationId ?? null,
    doc.prevHash,
  ]);
}

export function entryHash(doc: StoredDoc & { seq: number; prevHash: string }): string {
  return createHash('sha256').update(canonicalEntry(doc)).digest('hex');
}

/** The latest checkpoint retention wrote, if any. */
export async function latestCheckpoint(conn: Connection): Promise<ChainCheckpoint | undefined> {
  const doc = await conn
    .db!.collection(ACCESS_LOG_CHECKPOINT_COLLECTION)
    .find({})
    .sort({ seq: -1 })
    .limit(1)
    .next();
  if (!doc) return undefined;
  return { seq: Number(doc.seq), hash: String(doc.hash), at: doc.at as Date };
}

export async function writeCheckpoint(
  conn: Connection,
  checkpoint: ChainCheckpoint,
): Promise<void> {
  await conn.db!.collection(ACCESS_LOG_CHECKPOINT_COLLECTION).insertOne({ ...checkpoint });
}

/**
 * Where the chain's newest link is noted after each append: one document, `_id` `head`. A hint,
 * not the truth (it is written after the insert, not with it, and replicas may overwrite each
 * other's): `chainHead` checks it against the log and probes forward from it. Without it, finding
 * the head on FerretDB 1.24 meant sorting the whole log by seq in memory (ADR 0016).
 */
export const ACCESS_LOG_HEAD_COLLECTION = 'access_log_head';
const HEAD_ID = 'head';

/** The entry with this seq, by equality (the only filter FerretDB 1.24 hands to PostgreSQL). */
async function linkAt(model: AccessLogModel, seq: number): Promise<ChainLink | undefined> {
  const doc = await model.collection.findOne({ seq }, { projection: { seq: 1, hash: 1 } });
  return doc ? { seq, hash: String(doc.hash) } : undefined;
}

/** The noted head, if it still names an entry of the log with that hash. */
async function notedHead(model: AccessLogModel): Promise<ChainLink | undefined> {
  const noted = await model.db
    .db!.collection<{ _id: string; seq: number; hash: string }>(ACCESS_LOG_HEAD_COLLECTION)
    .findOne({ _id: HEAD_ID });
  if (!noted || !Number.isInteger(noted.seq) || noted.seq < 1) return undefined;
  const entry = await linkAt(model, noted.seq);
  return entry?.hash === noted.hash ? entry : undefined;
}

/** Notes the head after an append; a failure to note it only makes the next start probe further. */
async function noteHead(model: AccessLogModel, head: ChainLink): Promise<void> {
  await model.db
    .db!.collection<{ _id: string }>(ACCESS_LOG_HEAD_COLLECTION)
    .updateOne(
      { _id: HEAD_ID },
      { $set: { seq: head.seq, hash: head.hash, at: new Date() } },
      { upsert: true },
    )
    .catch(() => undefined);
}

/**
 * The newest entry of the chain, else the purged tail's checkpoint, else nothing yet.
 *
 * Found by point reads on `seq` only, never a sort (ADR 0016): from the best known link — the
 * noted head if the log still holds it, else the latest checkpoint, else genesis — it probes
 * `base + 1`, and if that exists gallops (`base + 2`, `+ 4`, …) to a missing seq and bisects
 * between. The seqs above any checkpoint have no gaps (appends are ordered unique inserts,
 * retention cuts only the start), so "seq n exists" holds up to the head and not after: with the
 * noted head current one read answers, a lag of k entries costs about 2·log2(k) reads, and a log
 * without a note (written before it existed) about 2·log2(n).
 */
export async function chainHead(model: AccessLogModel): Promise<ChainLink> {
  const checkpoint = await latestCheckpoint(model.db);
  const noted = await notedHead(model);
  const base: ChainLink =
    noted && (!checkpoint || noted.seq >= checkpoint.seq)
      ? noted
      : checkpoint
        ? { seq: checkpoint.seq, hash: checkpoint.hash }
        : { seq: 0, hash: GENESIS_HASH };
  const next = await linkAt(model, base.seq + 1);
  if (!next) return base;
  // Gallop: `lo` is present, `hi` (once found) is missing.
  let lo = next;
  let hi: number | undefined;
  for (let step = 2; hi === undefined; step *= 2) {
    const probe = await linkAt(model, base.seq + step);
    if (probe) lo = probe;
    else hi = base.seq + step;
  }
  while (hi - lo.seq > 1) {
    const mid = Math.floor((lo.seq + hi) / 2);
    const probe = await linkAt(model, mid);
    if (probe) lo = probe;
    else hi = mid;
  }
  return lo;
}

function link(docs: readonly AccessLogDoc[], head: ChainLink): ChainedDoc[] {
  let prev = head;
  return docs.map((doc, i) => {
    const unhashed = {
      ...doc,
      _id: new Types.ObjectId(),
      seq: head.seq + i + 1,
      prevHash: prev.hash,
    };
    const chained = { ...unhashed, hash: entryHash(unhashed) };
    prev = chained;
    return chained;
  });
}

/** How many documents of an ordered insert went in before a duplicate `seq`; rethrows others. */
function insertedBeforeDuplicate(err: unknown): number {
  const e = err as { code?: number; writeErrors?: unknown; index?: number };
  const writeErrors = (Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors]).filter(
    Boolean,
  ) as { index?: number; code?: number; err?: { index?: number; code?: number } }[];
  const first = writeErrors[0];
  const code = first?.code ?? first?.err?.code ?? e.code;
  if (code !== 11000) throw err;
  return first?.index ?? first?.err?.index ?? e.index ?? 0;
}

const MAX_ATTEMPTS = 100;
/** How the append before ended: when, and the error if the database was not there. */
interface QueueTail {
  at: number;
  unavailable?: Error;
}
const queues = new WeakMap<Connection, Promise<QueueTail>>();
const heads = new WeakMap<Connection, ChainLink>();

/**
 * Appends `docs` to the log's chain, in order, and returns them as stored. Queued behind this
 * process's earlier appends on the same connection; retried when another process took the seq.
 *
 * An append queued while the one before it failed because the database is down fails at once
 * with that error (the caller answers 503, fail-closed as ever) instead of trying again: each
 * would otherwise wait out its own server-selection timeout in turn, and with the database stopped
 * under load requests queued here were answered only after 5–13 s
 * (order-portal test/faults/database-stopped.test.ts). One queued after that failure tries anew.
 */
export function appendChained(model: AccessLogModel, docs: AccessLogDoc[]): Promise<ChainedDoc[]> {
  const conn = model.db;
  const queuedAt = Date.now();
  let failed: QueueTail | undefined;
  const run = (queues.get(conn) ?? Promise.resolve<QueueTail>({ at: 0 })).then((before) => {
    if (before.unavailable !== undefined && queuedAt <= before.at) {
      failed = before;
      throw before.unavailable;
    }
    return appendNow(model, docs).catch((err: unknown) => {
      if (err instanceof Error && isDatabaseUnavailable(err))
        failed = { at: Date.now(), unavailable: err };
      throw err;
    });
  });
  queues.set(
    conn,
    run.then(
      () => ({ at: Date.now() }),
      () => failed ?? { at: Date.now() },
    ),
  );
  return run;
}

async function appendNow(model: AccessLogModel, docs: AccessLogDoc[]): Promise<ChainedDoc[]> {
  const conn = model.db;
  await model.init(); // the unique index on `seq` must exist before the first append relies on it
  const stored: ChainedDoc[] = [];
  let pending = docs;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const head = heads.get(conn) ?? (await chainHead(model));
    const chained = link(pending, head);
    try {
      // lean: the entries were checked by the schema of access-log.entry.ts, and come back as given.
      await model.insertMany(chained, { ordered: true, lean: true });
      stored.push(...chained);
      const newest = chained[chained.length - 1]!;
      heads.set(conn, newest);
      pending = [];
      await noteHead(model, newest);
    } catch (err) {
      heads.delete(conn); // whatever happened, the next attempt reads the head from the database
      const inserted = insertedBeforeDuplicate(err);
      stored.push(...chained.slice(0, inserted));
      pending = pending.slice(inserted);
      if (attempt >= MAX_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));
    }
  }
  return stored;
}

/** Forgets the cached head (a test that rewrote the log behind the repository's back). */
export function forgetChainHead(conn: Connection): void {
  heads.delete(conn);
}
