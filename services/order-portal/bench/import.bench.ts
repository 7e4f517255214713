/**
 * Offer import throughput against a raw insertMany of the same documents, on the same database
 * server in the same run. Not part of the tests; run with
 *
 *   cd services/order-portal && npx tsx bench/import.bench.ts [--offers 25000] [--runs 3]
 *
 * It starts its own local FerretDB (or uses MONGO_URL when set). Each run imports the generated
 * offers file into a fresh database (organisations are imported first and not timed) and inserts
 * the documents that import stored into another fresh database with one unordered insertMany.
 * Runs alternate which of the two goes first, so warm-up and file-system effects fall on both.
 */
import { performance } from 'node:perf_hooks';
import { connectDatabase, closeDatabase } from '@rammeaftale/db';
import { createLogger } from '@rammeaftale/logging';
import { startFerretDb } from '@rammeaftale/testing';
import type { Actor } from '@rammeaftale/auth';
import type { Connection } from 'mongoose';
import { generateCsvFiles } from '../src/demo/demo-files';
import { importCsv, type ImportDeps } from '../src/offers/import/import-csv.use-case';
import { OfferLockRepository } from '../src/offers/offer-lock.repository';
import { OfferRepository } from '../src/offers/offer.repository';
import { OrganisationRepository } from '../src/offers/organisation.repository';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const OFFERS = arg('offers', 25_000);
const RUNS = arg('runs', 3);
const ACTOR: Actor = { userId: 'bench', role: 'service', organisationId: 'mun-253' };
const logger = createLogger({ service: 'import-bench', level: 'warn' });

function deps(db: Connection): ImportDeps {
  return {
    offers: new OfferRepository(db),
    organisations: new OrganisationRepository(db),
    locks: new OfferLockRepository(db),
    logger,
    now: () => new Date(),
  };
}

async function main(): Promise<void> {
  const ferret = process.env.MONGO_URL ? undefined : await startFerretDb();
  const url = process.env.MONGO_URL ?? ferret!.url;
  const { files, data } = generateCsvFiles({
    seed: 2025,
    offers: OFFERS,
    anchorDate: '2026-01-15',
  });
  const offersBytes = Buffer.from(files.offers, 'utf8');
  const csvRows = data.offers.length;
  console.log(
    `${OFFERS} offers (${csvRows} CSV rows, ${(offersBytes.length / 1e6).toFixed(1)} MB) against ${ferret ? 'a local FerretDB' : url}`,
  );

  const open = (name: string) => connectDatabase({ url, dbName: `${name}_${Date.now()}`, logger });
  const drop = async (db: Connection) => {
    await db.dropDatabase();
    await closeDatabase(db);
  };

  // The documents the import stores are what insertMany writes: the same rows, no checks.
  // Under load FerretDB has been seen to answer reads before a large bulk write was visible:
  // wait until every organisation can be read before the offers (which refer to them) go in.
  const importOrganisations = async (db: Connection) => {
    await importCsv(deps(db), ACTOR, {
      kind: 'organisations',
      bytes: Buffer.from(files.organisations),
      dryRun: false,
    });
    for (let i = 0; i < 50; i++) {
      const visible = await db.db!.collection('organisations').countDocuments();
      if (visible >= data.organisations.length) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('organisations did not all become visible');
  };
  const template = await open('bench_template');
  await importOrganisations(template);
  const first = await importCsv(deps(template), ACTOR, {
    kind: 'offers',
    bytes: offersBytes,
    dryRun: false,
  });
  if (first.rejectedRows > 0)
    throw new Error(`generated offers were rejected: ${JSON.stringify(first.errors.slice(0, 3))}`);
  const documents = await template.db!.collection('offers').find({}).toArray();
  await drop(template);

  const timeImport = async () => {
    const db = await open('bench_import');
    await importOrganisations(db);
    const started = performance.now();
    const report = await importCsv(deps(db), ACTOR, {
      kind: 'offers',
      bytes: offersBytes,
      dryRun: false,
    });
    const ms = performance.now() - started;
    if (report.created !== OFFERS) throw new Error(`import created ${report.created} of ${OFFERS}`);
    await drop(db);
    return ms;
  };
  const timeInsertMany = async () => {
    const db = await open('bench_raw');
    const started = performance.now();
    await db.db!.collection('offers').insertMany(
      documents.map((d) => ({ ...d })),
      { ordered: false },
    );
    const ms = performance.now() - started;
    await drop(db);
    return ms;
  };

  const ratios: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    let importMs: number;
    let rawMs: number;
    if (run % 2 === 1) {
      importMs = await timeImport();
      rawMs = await timeInsertMany();
    } else {
      rawMs = await timeInsertMany();
      importMs = await timeImport();
    }
    const importRate = OFFERS / (importMs / 1000);
    const rawRate = OFFERS / (rawMs / 1000);
    const ratio = importRate / rawRate;
    ratios.push(ratio);
    console.log(
      `run ${run}: import ${importRate.toFixed(0)} offers/s (${(csvRows / (importMs / 1000)).toFixed(0)} CSV rows/s, ${(importMs / 1000).toFixed(1)} s); ` +
        `insertMany ${rawRate.toFixed(0)} offers/s (${(rawMs / 1000).toFixed(1)} s); ratio ${ratio.toFixed(3)}`,
    );
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  const median =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]!
      : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  console.log(
    `import/insertMany throughput ratio: median ${median.toFixed(3)}, range ${sorted[0]!.toFixed(3)}–${sorted[sorted.length - 1]!.toFixed(3)} over ${RUNS} interleaved runs`,
  );
  await ferret?.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
