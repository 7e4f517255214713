import type { Connection } from 'mongoose';
import { GENESIS_HASH, entryHash, latestCheckpoint, type ChainLink } from './access-log-chain';
import { accessLogModel, type AccessLogModel, type StoredDoc } from './access-log.model';

/** Why the chain does not hold at `seq`, the first entry where it does not. */
export type ChainProblemReason =
  /** The entry's fields no longer give its hash: a field was changed (or the hash). */
  | 'altered'
  /** The entry's `prevHash` is not the hash of the entry before it: one was replaced or reordered. */
  | 'broken-link'
  /** No entry has this `seq`, although later ones exist: it was deleted. */
  | 'missing'
  /**
   * Entries that are not in the chain at all (no `seq`) although written after it began (at or
   * after its first entry's time): written past the repository.
   */
  | 'unchained';

export interface ChainProblem {
  /** The first seq at which the chain breaks (for `unchained`, the seq the check had reached). */
  seq: number;
  reason: ChainProblemReason;
}

export interface AccessLogVerification {
  ok: boolean;
  /** Chained entries checked. */
  checked: number;
  /** The first and last seq present, if any. */
  firstSeq?: number;
  lastSeq?: number;
  /** The newest link: note it down to notice later that the newest entries were removed. */
  head: ChainLink;
  /** The purged tail's last link (retention), where verification started. */
  checkpoint?: ChainLink;
  /** Entries without a seq written after the chain began (the `unchained` problem). */
  unchained: number;
  /**
   * Entries from before the chain existed (no seq, older than its first entry): not tampering,
   * but nothing vouches for them. Reported, not failed; retention removes them in time.
   */
  beforeChain?: BeforeChain;
  problem?: ChainProblem;
}

export interface BeforeChain {
  count: number;
  /** The oldest and newest of them. */
  firstAt: Date;
  lastAt: Date;
  /** For the operator: `N entries before the chain, not verifiable`. */
  note: string;
}

type ChainedStored = StoredDoc & { seq: number; prevHash: string; hash: string };

/**
 * Checks the access log's hash chain from its start, or from the checkpoint retention left when it
 * purged the oldest entries, to its newest entry, and reports the first entry where it breaks.
 * It cannot by itself notice that the newest entries were removed: compare `head` with one noted
 * earlier (`expectHead`) for that.
 */
export async function verifyAccessLog(
  conn: Connection,
  options: { expectHead?: ChainLink } = {},
): Promise<AccessLogVerification> {
  const model = accessLogModel(conn);
  const checkpoint = await latestCheckpoint(conn);
  const start: ChainLink = checkpoint ?? { seq: 0, hash: GENESIS_HASH };
  let prev = start;
  let checked = 0;
  let firstSeq: number | undefined;
  let chainBegan: Date | undefined;
  let problem: ChainProblem | undefined;
  const cursor = model.collection.find<ChainedStored>({ seq: { $exists: true } }).sort({ seq: 1 });
  for await (const doc of cursor) {
    const seq = Number(doc.seq);
    if (firstSeq === undefined) {
      firstSeq = seq;
      chainBegan = new Date(doc.at);
    }
    // Entries at or before the checkpoint are ones retention is about to delete (it writes the
    // checkpoint first): not part of what is checked.
    if (seq <= start.seq) continue;
    problem = checkEntry(doc, prev) ?? checkExpectedHead(doc, options.expectHead);
    if (problem) break;
    checked++;
    prev = { seq, hash: doc.hash };
  }
  await cursor.close();
  const beforeChain = await entriesBeforeChain(model.collection, chainBegan, checkpoint);
  const unchained =
    (await model.collection.countDocuments({ seq: { $exists: false } })) -
    (beforeChain?.count ?? 0);
  const expected = options.expectHead;
  if (!problem && expected && prev.seq < expected.seq)
    problem = { seq: prev.seq + 1, reason: 'missing' }; // the newest entries were removed
  if (!problem && unchained > 0) problem = { seq: prev.seq, reason: 'unchained' };
  return {
    ok: problem === undefined,
    checked,
    ...(firstSeq !== undefined && { firstSeq, lastSeq: prev.seq }),
    head: prev,
    ...(checkpoint && { checkpoint: { seq: checkpoint.seq, hash: checkpoint.hash } }),
    unchained,
    ...(beforeChain && { beforeChain }),
    ...(problem && { problem }),
  };
}

/**
 * The entries without a seq that are older than the chain's first entry present: those written
 * before the chain existed (ADR 0016). With no chained entry, they are all of them when the log
 * never had a chain, and none when retention purged it (a checkpoint): the entries from before
 * the chain are older than any chained one, so the same purge removed them. An entry without a
 * valid `at` is never counted here. A rolling upgrade's old replicas writing after the first
 * chained entry make `unchained` entries: their times tell the operator which they are.
 */
async function entriesBeforeChain(
  entries: AccessLogModel['collection'],
  chainBegan: Date | undefined,
  checkpoint: ChainLink | undefined,
): Promise<BeforeChain | undefined> {
  if (!chainBegan && checkpoint) return undefined;
  const filter = {
    seq: { $exists: false },
    at: chainBegan ? { $lt: chainBegan } : { $type: 'date' as const },
  };
  const count = await entries.countDocuments(filter);
  if (count === 0) return undefined;
  const bound = async (order: 1 | -1) => {
    const [doc] = await entries
      .find(filter, { projection: { at: 1 } })
      .sort({ at: order })
      .limit(1)
      .toArray();
    return new Date(doc!.at as Date);
  };
  return {
    count,
    firstAt: await bound(1),
    lastAt: await bound(-1),
    note: `${count} ${count === 1 ? 'entry' : 'entries'} before the chain, not verifiable`,
  };
}

function checkEntry(doc: ChainedStored, prev: ChainLink): ChainProblem | undefined {
  const seq = Number(doc.seq);
  if (seq > prev.seq + 1) return { seq: prev.seq + 1, reason: 'missing' };
  if (seq !== prev.seq + 1) return { seq, reason: 'broken-link' }; // a duplicate seq
  if (entryHash({ ...doc, seq }) !== doc.hash) return { seq, reason: 'altered' };
  if (doc.prevHash !== prev.hash) return { seq, reason: 'broken-link' };
  return undefined;
}

/** The head noted earlier must still be in the chain with the same hash (else it was rewritten). */
function checkExpectedHead(doc: ChainedStored, expected?: ChainLink): ChainProblem | undefined {
  if (expected && Number(doc.seq) === expected.seq && doc.hash !== expected.hash)
    return { seq: expected.seq, reason: 'altered' };
  return undefined;
}
