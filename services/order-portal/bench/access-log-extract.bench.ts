/**
 * A citizen's access-log extract over a big log (issue 13): the portal's access log is filled with
 * BENCH_ACCESS_ENTRIES entries (default 1,000,000) about 20,000 pseudonymous citizens, then a case
 * worker of Greve asks for one citizen's extract through the route the portal uses
 * (`POST /api/access-log/extract`: the repository's read, the ownership check of each order
 * named, the extract's own entry). The fill goes through the repository's `recordMany` in batches
 * of 5,000 (one ordered insertMany each, chained as every entry is: seq, prevHash, hash), so the
 * log verifies and the portal's cached chain head stays right: a raw insert behind its back would
 * make its next entry look the head up again, which on FerretDB reads the whole log (printed at
 * the end as the cold chain-head lookup). One warm-up, then BENCH_RUNS
 * (default 7) timed extracts; each must hold exactly the citizen's entries. Goal: median ≤ 2 s.
 *
 * Run: pnpm bench access-log   (BENCH_ACCESS_ENTRIES, BENCH_RUNS; BENCH_VERIFY=1 to verify the
 * whole chain after the fill: on FerretDB 1.24 its cursor sorted by seq timed out at 100,000)
 */
import { performance } from 'node:perf_hooks';
import { MUNICIPALITIES } from '@rammeaftale/domain';
import {
  ACCESS_LOG_COLLECTION,
  createAccessLogRepository,
  verifyAccessLog,
  type AccessLogInput,
} from '@rammeaftale/privacy';
import { entryHash } from '@rammeaftale/privacy/src/access-log-chain';
import { bearer, median, tokensFor } from '@rammeaftale/testing';
import { goals, loadAverage, ms, orderBody, startBenchPortal } from './support/bench-portal';

const ENTRIES = Number(process.env.BENCH_ACCESS_ENTRIES ?? 1_000_000);
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 7));
const CITIZENS = 20_000;
const BATCH = 5_000;
const TARGET = 'Borger-udtraek';
/** The target citizen's orders (real ones: the extract asks whose each is). */
const TARGET_ORDERS = 5;
const DAY = 86_400_000;

type ChainedFields = Parameters<typeof entryHash>[0] & { hash: string };

async function main(): Promise<void> {
  const { portal, idp, stop } = await startBenchPortal('bench_access_log');
  const { caseworkerGreve } = await tokensFor(idp, ['caseworkerGreve']);
  const headers = { ...bearer(caseworkerGreve), 'content-type': 'application/json' };
  const api = portal.http.url;

  const orderIds: string[] = [];
  for (let i = 0; i < TARGET_ORDERS; i++) {
    const res = await fetch(`${api}/api/orders`, {
      method: 'POST',
      headers,
      body: orderBody(TARGET, 253),
    });
    if (res.status !== 201) throw new Error(`creating an order: ${res.status}`);
    orderIds.push(((await res.json()) as { id: string }).id);
  }

  const db = portal.runtime.db;
  const log = db.db!.collection(ACCESS_LOG_COLLECTION);
  const repo = createAccessLogRepository(db);
  // The head while the log is small (sorting by seq is not pushed down to PostgreSQL by FerretDB
  // 1.24: on a big log this query reads every entry, see the cold head below).
  const [head] = await log
    .find({ seq: { $exists: true } })
    .sort({ seq: -1 })
    .limit(1)
    .toArray();
  const headBefore = head ? Number(head.seq) : 0;

  // Entries as the portal writes them: case workers of the 17 municipalities and suppliers
  // reading, changing and searching orders, in time order over the last 150 days (inside the
  // retention period). Every CITIZENS-th entry is about the target citizen and one of its orders.
  const start = Date.now() - 150 * DAY;
  const step = (150 * DAY - 60_000) / ENTRIES;
  const users = [
    ...MUNICIPALITIES.map((m) => ({
      userId: `sagsbehandler-${m.code}`,
      role: 'caseworker' as const,
      organisationId: `mun-${m.code}`,
    })),
    { userId: 'leverandoer-a', role: 'supplier' as const, organisationId: 'cvr-11111111' },
  ];
  const greve = users.find((u) => u.organisationId === 'mun-253')!;
  const actions = ['read', 'read', 'read', 'update', 'create', 'search'] as const;
  let targetFilled = 0;
  const fillStarted = performance.now();
  for (let from = 0; from < ENTRIES; from += BATCH) {
    const inputs: AccessLogInput[] = [];
    for (let i = from; i < Math.min(ENTRIES, from + BATCH); i++) {
      const citizen = i % CITIZENS;
      const isTarget = citizen === 0;
      const user = isTarget ? greve : users[i % users.length]!;
      const action = isTarget ? 'read' : actions[i % actions.length]!;
      if (isTarget) targetFilled++;
      inputs.push({
        at: new Date(start + i * step),
        ...user,
        action,
        purpose:
          action === 'search' ? 'Oversigt over bestillinger' : 'Sagsbehandling af bestilling',
        ...(action === 'search'
          ? { searchCriterion: 'status=alle, maalgruppe=alle' }
          : { citizenRef: isTarget ? TARGET : `Borger-${citizen}` }),
        resource: isTarget
          ? { type: 'order', id: orderIds[i % TARGET_ORDERS]! }
          : action === 'search'
            ? { type: 'order-list', id: user.organisationId }
            : { type: 'order', id: `ord-fill-${citizen}` },
        correlationId: `fill-${i.toString(36)}`,
      });
    }
    await repo.recordMany(inputs);
    if (process.env.BENCH_VERBOSE && (from / BATCH) % 20 === 0)
      console.log(
        `filled ${from + inputs.length} in ${((performance.now() - fillStarted) / 1000).toFixed(0)} s`,
      );
  }
  const fillSeconds = (performance.now() - fillStarted) / 1000;
  const fillHead = headBefore + ENTRIES;
  // Counting on FerretDB reads every entry (a count of 1,000,000 outlasts the socket timeout).
  const total = fillHead;
  console.log(
    `fill: ${ENTRIES} entries (${targetFilled} about the citizen) through the repository's recordMany ` +
      `(one chained insertMany of ${BATCH} each) in ${fillSeconds.toFixed(1)} s ` +
      `(${(ENTRIES / fillSeconds).toFixed(0)} entries/s); the log holds ${total}`,
  );
  if (process.env.BENCH_VERIFY) {
    const t0 = performance.now();
    const v = await verifyAccessLog(db);
    console.log(
      `chain verified in ${((performance.now() - t0) / 1000).toFixed(1)} s: ok ${v.ok}, ${v.checked} checked${v.problem ? `, problem ${JSON.stringify(v.problem)}` : ''}`,
    );
    if (!v.ok) throw new Error('the filled log does not verify');
  }

  // The citizen's entries before the first extract: the orders' create entries and the fill's.
  const before = TARGET_ORDERS + targetFilled;
  const extract = async () => {
    const t0 = performance.now();
    const res = await fetch(`${api}/api/access-log/extract`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ citizenRef: TARGET }),
    });
    const body = (await res.json()) as { entries?: unknown[] };
    const took = performance.now() - t0;
    if (res.status !== 200) throw new Error(`extract: ${res.status} ${JSON.stringify(body)}`);
    return { took, entries: body.entries?.length ?? 0 };
  };
  console.log(`load average before: ${loadAverage()}`);
  const warm = await extract();
  console.log(`warm-up extract: ${ms(warm.took)}, ${warm.entries} entries`);
  const times: number[] = [];
  let wrongCounts = 0;
  for (let run = 1; run <= RUNS; run++) {
    const r = await extract();
    // Each extract before this one is an entry of its own (a read of the citizen's data).
    const expected = before + run;
    if (r.entries !== expected) wrongCounts++;
    times.push(r.took);
    console.log(`extract ${run}: ${ms(r.took)}, ${r.entries} entries (expected ${expected})`);
  }
  console.log(`load average after: ${loadAverage()}`);
  // The first extract's entry went on from the fill's last link (equality on seq is pushed down).
  let linked = false;
  try {
    const [last, next] = await Promise.all(
      [fillHead, fillHead + 1].map((seq) => log.findOne({ seq }) as Promise<ChainedFields | null>),
    );
    linked = Boolean(last && next && next.prevHash === last.hash && entryHash(next) === next.hash);
  } catch (err) {
    console.log(
      `reading the entries at seq ${fillHead} and ${fillHead + 1} failed: ${(err as Error).name}`,
    );
  }
  // What a portal started on this log needs for its first entry: the chain's head, read by a
  // sort on seq that FerretDB does in memory over every entry (no sort pushdown).
  let coldHead: string;
  const t0 = performance.now();
  try {
    await log
      .find({ seq: { $exists: true } })
      .sort({ seq: -1 })
      .limit(1)
      .toArray();
    coldHead = ms(performance.now() - t0);
  } catch (err) {
    coldHead = `failed after ${ms(performance.now() - t0)} (${(err as Error).name})`;
  }
  console.log(`cold chain-head lookup (a freshly started portal's first entry): ${coldHead}`);
  const med = median(times);
  console.log(
    `# access-log extract of one citizen over ${total} entries: median ${ms(med)} ` +
      `(range ${ms(Math.min(...times))}–${ms(Math.max(...times))}) over ${RUNS} runs`,
  );
  const g = goals();
  g.check(med <= 2000, `median extract ${ms(med)} (goal ≤ 2 s; slowest ${ms(Math.max(...times))})`);
  g.check(
    wrongCounts === 0,
    `every extract held exactly the citizen's entries (${RUNS - wrongCounts}/${RUNS})`,
  );
  g.check(linked, `the extracts' entries continue the filled chain at seq ${fillHead + 1}`);
  await stop();
  process.exit(g.allPassed ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
