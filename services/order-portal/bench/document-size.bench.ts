/**
 * What a document's size costs a read on the embedded database (FerretDB on PostgreSQL): findOne
 * by `_id`, 50 at once, of small documents against the same documents holding 300 search rows —
 * as orders did before their last search's rows moved to `order_search_rows` (issue 13). Also the
 * big documents read with a projection that leaves the rows out. Interleaved pairs in one run.
 *
 * Run: pnpm bench document-size   (BENCH_ROWS, BENCH_READS to change the size)
 */
import { readFileSync } from 'node:fs';
import { MongoClient, type Collection } from 'mongodb';
import { compareInterleaved, formatBenchResult, startFerretDb } from '@rammeaftale/testing';

const ROWS = Number(process.env.BENCH_ROWS ?? 300);
const READS = Number(process.env.BENCH_READS ?? 1000);
const CLIENTS = 50;
const DOCS = 50;

type Doc = { _id: string; actingOrganisationId: string; lastSearch?: unknown };

async function reads(col: Collection<Doc>, projection?: Record<string, 0>): Promise<number> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < READS) {
        const id = `o${next++ % DOCS}`;
        await col.findOne({ _id: id }, projection ? { projection } : {});
      }
    }),
  );
  return READS;
}

async function main(): Promise<void> {
  const ferret = await startFerretDb();
  const client = await MongoClient.connect(ferret.url);
  const db = client.db('bench_document_size');
  const small = db.collection<Doc>('small');
  const big = db.collection<Doc>('big');
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    offerId: `tp-${100000 + i}`,
    rank: i + 1,
    tier: i % 2 ? 'private' : 'public',
    score: 0.5,
    stale: false,
    freePlaces: 1,
  }));
  const doc = (i: number): Doc => ({ _id: `o${i}`, actingOrganisationId: 'mun-253' });
  await small.insertMany(Array.from({ length: DOCS }, (_, i) => doc(i)));
  await big.insertMany(
    Array.from({ length: DOCS }, (_, i) => ({ ...doc(i), lastSearch: { results: rows } })),
  );
  for (const [name, run] of [
    ['whole document', () => reads(big)],
    ['projection without the rows', () => reads(big, { 'lastSearch.results': 0 })],
  ] as const) {
    const result = await compareInterleaved({
      title: `findOne by _id, ${CLIENTS} at once: a document with ${ROWS} rows (${name}) vs without`,
      unit: 'reads/s',
      candidate: { name: 'with rows', run },
      baseline: { name: 'small', run: () => reads(small) },
      pairs: Number(process.env.BENCH_PAIRS ?? 5),
    });
    console.log(formatBenchResult(result, { candidate: 'with rows', baseline: 'small' }));
  }
  console.log(
    `machine load (1/5/15 min): ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  );
  await client.close();
  await ferret.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
