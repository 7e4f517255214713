import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Connection } from 'mongoose';
import { closeDatabase, connectDatabase } from '@rammeaftale/db';
import { testEnv, testLogger, uniqueName } from '@rammeaftale/testing';
import {
  accessLogger,
  accessLogModel,
  createAccessLogRepository,
  runRetention,
  verifyAccessLog,
  type AccessLogInput,
} from '../src';
import {
  ACCESS_LOG_HEAD_COLLECTION,
  entryHash,
  forgetChainHead,
  type ChainedDoc,
} from '../src/access-log-chain';

const silent = testLogger('privacy-chain-test').logger;
const DAY = 24 * 60 * 60 * 1000;
const opened: Connection[] = [];

/** A connection to a database of the test's own (a second one to the same name is a replica). */
async function connect(dbName = uniqueName('privacy_chain')): Promise<Connection> {
  const conn = await connectDatabase({ url: testEnv().MONGO_URL, dbName, logger: silent });
  opened.push(conn);
  return conn;
}

afterAll(async () => {
  await Promise.all(opened.map((c) => closeDatabase(c)));
});

function anEntry(n: number, overrides: Partial<AccessLogInput> = {}): AccessLogInput {
  return {
    userId: `user-greve-${n % 3}`,
    role: 'caseworker',
    organisationId: 'mun-253',
    action: n % 4 === 0 ? 'search' : 'read',
    purpose: 'order-processing',
    ...(n % 4 === 0 ? { searchCriterion: `orders page ${n}` } : { citizenRef: `citizen-${n}` }),
    resource: { type: 'order', id: `order-${n}` },
    ...overrides,
  };
}

/** A log of `count` entries written one by one and in a batch, as the services write them. */
async function aLog(count: number): Promise<Connection> {
  const conn = await connect();
  const repo = createAccessLogRepository(conn);
  const half = Math.floor(count / 2);
  for (let n = 1; n <= half; n++) await repo.record(anEntry(n));
  await repo.recordMany(Array.from({ length: count - half }, (_, i) => anEntry(half + i + 1)));
  return conn;
}

/** Tampering goes past the repository and the model, as someone with database access would. */
const raw = (conn: Connection) => accessLogModel(conn).collection;

describe('access log hash chain', () => {
  it('When the log is untouched, then it verifies from seq 1 to its last entry', async () => {
    const conn = await aLog(10);
    const result = await verifyAccessLog(conn);
    expect(result).toMatchObject({ ok: true, checked: 10, firstSeq: 1, lastSeq: 10, unchained: 0 });
    expect(result.head.hash).toMatch(/^[0-9a-f]{64}$/);
    const seqs = (await raw(conn).find().sort({ seq: 1 }).toArray()).map((d) => Number(d.seq));
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('When one field of one entry is changed, then verification fails at that entry', async () => {
    for (const change of [
      { purpose: 'something else' },
      { userId: 'user-other' },
      { at: new Date('2020-01-01T00:00:00Z') },
      { 'resource.id': 'order-x' },
    ]) {
      const conn = await aLog(8);
      await raw(conn).updateOne({ seq: 5 }, { $set: change });
      expect([change, (await verifyAccessLog(conn)).problem]).toEqual([
        change,
        { seq: 5, reason: 'altered' },
      ]);
    }
  });

  it('When an entry is changed and its hash recomputed, then the next entry names the break', async () => {
    const conn = await aLog(8);
    const doc = await raw(conn).findOne({ seq: 5 });
    const forged = { ...doc!, purpose: 'something else' } as unknown as Parameters<
      typeof entryHash
    >[0];
    await raw(conn).updateOne(
      { seq: 5 },
      { $set: { purpose: 'something else', hash: entryHash(forged) } },
    );
    expect((await verifyAccessLog(conn)).problem).toEqual({ seq: 6, reason: 'broken-link' });
  });

  it('When a middle entry is deleted, then verification fails naming its seq as missing', async () => {
    const conn = await aLog(8);
    await raw(conn).deleteOne({ seq: 4 });
    const result = await verifyAccessLog(conn);
    expect(result).toMatchObject({ ok: false, checked: 3, problem: { seq: 4, reason: 'missing' } });
  });

  it('When two entries swap places, then verification fails at the first of them', async () => {
    const conn = await aLog(8);
    await raw(conn).updateOne({ seq: 3 }, { $set: { seq: -3 } });
    await raw(conn).updateOne({ seq: 4 }, { $set: { seq: 3 } });
    await raw(conn).updateOne({ seq: -3 }, { $set: { seq: 4 } });
    expect((await verifyAccessLog(conn)).problem).toEqual({ seq: 3, reason: 'altered' });
  });

  it('When an entry is inserted past the repository, then verification reports it', async () => {
    const conn = await aLog(4);
    await raw(conn).insertOne({ ...anEntry(99), at: new Date() });
    expect(await verifyAccessLog(conn)).toMatchObject({
      ok: false,
      unchained: 1,
      problem: { reason: 'unchained' },
    });
  });

  it('When entries from before the chain are in the log, then they are counted as not verifiable and the chain still holds; one without a seq written later fails it', async () => {
    const conn = await connect();
    // Written as the repository wrote them before ADR 0016: no seq, no hash, 40–38 days ago.
    const legacyAt = [40, 39, 38].map((d) => new Date(Date.now() - d * DAY));
    await raw(conn).insertMany(legacyAt.map((at, i) => ({ ...anEntry(100 + i), at })));
    const repo = createAccessLogRepository(conn);
    for (let n = 1; n <= 4; n++) await repo.record(anEntry(n));

    const result = await verifyAccessLog(conn);
    expect(result).toMatchObject({ ok: true, checked: 4, firstSeq: 1, lastSeq: 4, unchained: 0 });
    expect(result.problem).toBeUndefined();
    expect(result.beforeChain).toEqual({
      count: 3,
      firstAt: legacyAt[0],
      lastAt: legacyAt[2],
      note: '3 entries before the chain, not verifiable',
    });

    await raw(conn).insertOne({ ...anEntry(99), at: new Date() });
    expect(await verifyAccessLog(conn)).toMatchObject({
      ok: false,
      unchained: 1,
      beforeChain: { count: 3 },
      problem: { seq: 4, reason: 'unchained' },
    });
  });

  it('When a log has only entries from before the chain, then all are counted as before it and it holds', async () => {
    const conn = await connect();
    await raw(conn).insertMany([
      { ...anEntry(1), at: new Date(Date.now() - 2 * DAY) },
      { ...anEntry(2), at: new Date(Date.now() - DAY) },
    ]);
    expect(await verifyAccessLog(conn)).toMatchObject({
      ok: true,
      checked: 0,
      unchained: 0,
      beforeChain: { count: 2, note: '2 entries before the chain, not verifiable' },
    });
  });

  it('When the newest entries are removed, then a head noted earlier catches it', async () => {
    const conn = await aLog(6);
    const { head } = await verifyAccessLog(conn);
    await raw(conn).deleteMany({ seq: { $gte: 5 } });
    expect((await verifyAccessLog(conn)).ok).toBe(true); // the log alone cannot tell
    expect((await verifyAccessLog(conn, { expectHead: head })).problem).toEqual({
      seq: 5,
      reason: 'missing',
    });
  });

  it('When retention purges the oldest entries, then the rest still verifies, also after new ones', async () => {
    const conn = await connect();
    const repo = createAccessLogRepository(conn);
    const now = new Date('2026-09-01T00:00:00Z');
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    await repo.recordMany(
      [400, 300, 200, 190, 100, 10, 1].map((d, i) => anEntry(i, { at: ago(d) })),
    );
    expect((await runRetention(conn, 180, now)).deleted).toBe(4);
    expect(await verifyAccessLog(conn)).toMatchObject({
      ok: true,
      checked: 3,
      firstSeq: 5,
      lastSeq: 7,
      checkpoint: { seq: 4 },
    });
    await repo.record(anEntry(8));
    // Everything purged: the next entry chains from the checkpoint.
    expect((await runRetention(conn, 1, new Date(now.getTime() + 400 * DAY))).deleted).toBe(4);
    forgetChainHead(conn);
    await repo.record(anEntry(9));
    expect(await verifyAccessLog(conn)).toMatchObject({ ok: true, checked: 1, firstSeq: 9 });
  });

  it('When two replicas and group commit append at once, then there is one chain without gaps', async () => {
    const dbName = uniqueName('privacy_chain_replicas');
    const replicas = [await connect(dbName), await connect(dbName), await connect(dbName)];
    await accessLogModel(replicas[0]!).init();
    const actor = {
      userId: 'user-greve-1',
      role: 'caseworker',
      organisationId: 'mun-253',
    } as const;
    const writes = replicas.flatMap((conn, r) => {
      const log = accessLogger(createAccessLogRepository(conn), { groupCommitMs: r * 5 });
      return Array.from({ length: 40 }, (_, i) => {
        const { userId: _u, role: _r, organisationId: _o, ...details } = anEntry(r * 100 + i);
        return log(actor, details);
      });
    });
    await Promise.all(writes);
    const result = await verifyAccessLog(replicas[1]!);
    expect(result).toMatchObject({ ok: true, checked: 120, firstSeq: 1, lastSeq: 120 });
  });
});

describe('access log chain head on a big log', () => {
  const ENTRIES = 50_000;
  let conn: Connection;
  const notes = () => conn.db!.collection<{ _id: string }>(ACCESS_LOG_HEAD_COLLECTION);

  beforeAll(async () => {
    // Filled as the benchmark fills it: the repository's recordMany in batches of 5,000.
    conn = await connect();
    const repo = createAccessLogRepository(conn);
    for (let from = 0; from < ENTRIES; from += 5_000)
      await repo.recordMany(Array.from({ length: 5_000 }, (_, i) => anEntry(from + i + 1)));
  }, 120_000);

  /** A new process's first entry: the cached head forgotten, the head looked up in the log. */
  async function firstEntryOfANewProcess(tag: string): Promise<{ ms: number; seq: number }> {
    forgetChainHead(conn);
    const started = Date.now();
    await createAccessLogRepository(conn).record(anEntry(1, { correlationId: `head-${tag}` }));
    const ms = Date.now() - started;
    const [newest] = await raw(conn)
      .find({ correlationId: `head-${tag}` })
      .toArray();
    return { ms, seq: Number(newest?.seq) };
  }

  /** Entries `from`..`to` are there once each and chain onto each other and onto `from - 1`. */
  async function expectChained(from: number, to: number): Promise<void> {
    const docs: ChainedDoc[] = [];
    for (let seq = from - 1; seq <= to; seq++) {
      const found = await raw(conn).find<ChainedDoc>({ seq }).toArray();
      expect([seq, found.length]).toEqual([seq, 1]);
      docs.push(found[0]!);
    }
    for (let i = 1; i < docs.length; i++) {
      expect(entryHash(docs[i]!)).toBe(docs[i]!.hash);
      expect(docs[i]!.prevHash).toBe(docs[i - 1]!.hash);
    }
  }

  it('When a new process writes its first entry to a log of 50,000, then it finds the head within 2 s and chains onto it', async () => {
    const { ms, seq } = await firstEntryOfANewProcess('current');
    console.log(`chain head, log of ${ENTRIES}: a new process's first entry in ${ms} ms`);
    expect(seq).toBe(ENTRIES + 1);
    expect(ms).toBeLessThan(2_000);
    await expectChained(ENTRIES, ENTRIES + 1);
  }, 30_000);

  it('When the noted head lags behind the log or is lost, then the head is still found by probing and the chain has no gap', async () => {
    // A replica that stopped between its insert and its note, or overwrote a newer note: 7,000 behind.
    const behind = await raw(conn).findOne({ seq: ENTRIES - 7_000 });
    await notes().updateOne({ _id: 'head' }, { $set: { seq: behind!.seq, hash: behind!.hash } });
    const lagging = await firstEntryOfANewProcess('lagging');
    expect(lagging.seq).toBe(ENTRIES + 2);
    // A note that names no entry of the log (or with another hash) is not trusted.
    await notes().updateOne(
      { _id: 'head' },
      { $set: { seq: ENTRIES + 500, hash: 'f'.repeat(64) } },
    );
    const wrong = await firstEntryOfANewProcess('wrong');
    expect(wrong.seq).toBe(ENTRIES + 3);
    await notes().deleteMany({});
    const lost = await firstEntryOfANewProcess('lost');
    expect(lost.seq).toBe(ENTRIES + 4);
    await expectChained(ENTRIES, ENTRIES + 4);
    console.log(
      `chain head, log of ${ENTRIES}: note 7,000 behind ${lagging.ms} ms, wrong ${wrong.ms} ms, lost ${lost.ms} ms`,
    );
    // Probes by equality, O(log n) of them: far below a sort of the whole log.
    expect(Math.max(lagging.ms, wrong.ms, lost.ms)).toBeLessThan(10_000);
  }, 60_000);
});

describe('verify-access-log command', () => {
  const run = promisify(execFile);
  const cli = ['--import', 'tsx', path.join(__dirname, '../src/cli/verify-access-log.ts')];

  it('When an operator runs it, then it prints the result and exits 1 once the chain is broken', async () => {
    const conn = await aLog(5);
    const env = { ...process.env, ...testEnv(), MONGO_DB: conn.name, LOG_LEVEL: 'warn' };
    const { stdout } = await run(process.execPath, cli, { env });
    const printed = JSON.parse(stdout) as { head: { seq: number; hash: string } };
    expect(printed).toMatchObject({ database: conn.name, ok: true, checked: 5, lastSeq: 5 });

    await raw(conn).deleteOne({ seq: 5 });
    const head = `${printed.head.seq}:${printed.head.hash}`;
    const broken = await run(process.execPath, [...cli, '--expect-head', head], { env }).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect((broken as { code: number }).code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({
      ok: false,
      problem: { seq: 5, reason: 'missing' },
    });
  }, 60_000);

  it('When the log holds entries from before the chain, then the command names them and still exits 0', async () => {
    const conn = await connect();
    await raw(conn).insertMany(
      [12, 11].map((d, i) => ({ ...anEntry(200 + i), at: new Date(Date.now() - d * DAY) })),
    );
    const repo = createAccessLogRepository(conn);
    for (let n = 1; n <= 3; n++) await repo.record(anEntry(n));
    const env = { ...process.env, ...testEnv(), MONGO_DB: conn.name, LOG_LEVEL: 'warn' };
    const { stdout, stderr } = await run(process.execPath, cli, { env });
    expect(JSON.parse(stdout)).toMatchObject({
      ok: true,
      checked: 3,
      unchained: 0,
      beforeChain: { count: 2, note: '2 entries before the chain, not verifiable' },
    });
    expect(stderr).toMatch(
      /^2 entries before the chain, not verifiable \(\d{4}-.+ to \d{4}-.+\)$/m,
    );
  }, 60_000);
});
