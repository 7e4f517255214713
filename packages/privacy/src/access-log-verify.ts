import type { Connection } from 'mongoose';
import { GENESIS_HASH, entryHash, latestCheckpoint, type ChainLink } from './access-log-chain';
import { accessLogModel, type StoredDoc } from './access-log.model';

/** Why the chain does not hold at `seq`, the first entry where it does not. */
export type ChainProblemReason =
  /** The entry's fields no longer give its hash: a field was changed (or the hash). */
  | 'altered'
  /** The entry's `prevHash` is not the hash of the entry before it: one was replaced or reordered. */
  | 'broken-link'
  /** No entry has this `seq`, although later ones exist: it was deleted. */
  | 'missing'
  /** Entries that are not in the chain at all (no `seq`): written past the repository. */
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
  /** Entries without a seq. */
  unchained: number;
  problem?: ChainProblem;
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
  let problem: ChainProblem | undefined;
  const cursor = model.collection.find<ChainedStored>({ seq: { $exists: true } }).sort({ seq: 1 });
  for await (const doc of cursor) {
    const seq = Number(doc.seq);
    firstSeq ??= seq;
    // Entries at or before the checkpoint are ones retention is about to delete (it writes the
    // checkpoint first): not part of what is checked.
    if (seq <= start.seq) continue;
    problem = checkEntry(doc, prev) ?? checkExpectedHead(doc, options.expectHead);
    if (problem) break;
    checked++;
    prev = { seq, hash: doc.hash };
  }
  await cursor.close();
  const unchained = await model.collection.countDocuments({ seq: { $exists: false } });
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
    ...(problem && { problem }),
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
