/**
 * Backup and restore of the services' databases, for servers without mongodump (FerretDB):
 *
 *   MONGO_URL=mongodb://… pnpm backup dump <dir>
 *   MONGO_URL=mongodb://… pnpm backup restore <dir> [--drop]
 *
 * `dump` writes every collection of each database in BACKUP_DATABASES (default: the three services'
 * order_portal, standard_contract, tariff_notifications) as canonical Extended JSON, one document
 * a line (`<dir>/<db>/<collection>.ejson`, relaxed: false, so dates, ObjectIds, 64-bit and decimal
 * numbers come back as the same types), its indexes (`<collection>.indexes.json`) and a manifest
 * with the counts. `restore` writes them back into databases that are empty (it refuses
 * otherwise, before writing anything; `--drop` drops them first), builds the indexes before the
 * documents go in (so a unique index holds from the first one) and checks the counts against the
 * manifest. Prints a JSON summary on stdout, counts only: a backup holds citizens' data (encrypted
 * CPR numbers and texts, pseudonyms), so keep the folder as you keep the database.
 *
 * There are no snapshots across collections on FerretDB: stop the services (or their writers) for
 * a consistent dump. The access log's hash chain (ADR 0016) is kept as it is; check it after a
 * restore with `pnpm verify-access-log`.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { BSON, MongoClient, type Db, type Document, type IndexDescription } from 'mongodb';

const FORMAT: string = 'rammeaftale-backup/1';
const DEFAULT_DATABASES = ['order_portal', 'standard_contract', 'tariff_notifications'];
const BATCH = 500;
const { EJSON } = BSON;

type Counts = Record<string, Record<string, number>>;

interface Manifest {
  format: string;
  at: string;
  databases: Counts;
}

const progress = (message: string) => process.stderr.write(`${message}\n`);

async function dumpCollection(db: Db, name: string, dir: string): Promise<number> {
  const out = createWriteStream(path.join(dir, `${name}.ejson`));
  let count = 0;
  for await (const doc of db.collection(name).find({}).sort({ _id: 1 })) {
    if (!out.write(`${EJSON.stringify(doc, { relaxed: false })}\n`)) await once(out, 'drain');
    count++;
  }
  out.end();
  await once(out, 'finish');
  const indexes = await db.collection(name).indexes();
  await writeFile(
    path.join(dir, `${name}.indexes.json`),
    `${EJSON.stringify(indexes, undefined, 2, { relaxed: false })}\n`,
  );
  return count;
}

async function dump(client: MongoClient, dir: string, names: string[]): Promise<Manifest> {
  const databases: Counts = {};
  await mkdir(dir, { recursive: true });
  for (const dbName of names) {
    const db = client.db(dbName);
    const dbDir = path.join(dir, dbName);
    await mkdir(dbDir, { recursive: true });
    databases[dbName] = {};
    const collections = await db.listCollections({}, { nameOnly: true }).toArray();
    for (const { name } of collections.sort((a, b) => a.name.localeCompare(b.name))) {
      if (name.startsWith('system.')) continue;
      databases[dbName][name] = await dumpCollection(db, name, dbDir);
      progress(`dumped ${dbName}.${name}: ${databases[dbName][name]}`);
    }
  }
  const manifest: Manifest = { format: FORMAT, at: new Date().toISOString(), databases };
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The index as createIndexes takes it: what the server reports, without its version fields. */
function indexDescription(spec: Document): IndexDescription {
  const { v: _v, ns: _ns, key, ...options } = spec;
  return { key: key as IndexDescription['key'], ...options };
}

async function restoreCollection(db: Db, name: string, dir: string): Promise<number> {
  const specs = EJSON.parse(await readFile(path.join(dir, `${name}.indexes.json`), 'utf8'), {
    relaxed: false,
  }) as Document[];
  const exists = await db.listCollections({ name }, { nameOnly: true }).hasNext();
  if (!exists) await db.createCollection(name);
  const indexes = specs.filter((s) => s.name !== '_id_').map(indexDescription);
  if (indexes.length > 0) await db.collection(name).createIndexes(indexes);
  const lines = createInterface({ input: createReadStream(path.join(dir, `${name}.ejson`)) });
  let batch: Document[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length > 0) await db.collection(name).insertMany(batch, { ordered: true });
    count += batch.length;
    batch = [];
  };
  for await (const line of lines) {
    if (line.trim() === '') continue;
    batch.push(EJSON.parse(line, { relaxed: false }) as Document);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return count;
}

async function restore(client: MongoClient, dir: string, drop: boolean): Promise<Counts> {
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  if (manifest.format !== FORMAT) throw new Error(`not a backup of this kind (${FORMAT})`);
  for (const dbName of Object.keys(manifest.databases)) {
    const db = client.db(dbName);
    if (drop) await db.dropDatabase();
    const present = await db.listCollections({}, { nameOnly: true }).toArray();
    for (const { name } of present)
      if ((await db.collection(name).estimatedDocumentCount()) > 0)
        throw new Error(`${dbName}.${name} is not empty: restore into empty databases (--drop)`);
  }
  const restored: Counts = {};
  for (const [dbName, collections] of Object.entries(manifest.databases)) {
    const dbDir = path.join(dir, dbName);
    const files = new Set(await readdir(dbDir));
    restored[dbName] = {};
    for (const [name, expected] of Object.entries(collections)) {
      if (!files.has(`${name}.ejson`)) throw new Error(`${dbName}/${name}.ejson is missing`);
      const count = await restoreCollection(client.db(dbName), name, dbDir);
      if (count !== expected)
        throw new Error(`${dbName}.${name}: ${count} documents restored, ${expected} dumped`);
      restored[dbName][name] = count;
      progress(`restored ${dbName}.${name}: ${count}`);
    }
  }
  return restored;
}

async function main(): Promise<void> {
  const [command, dir] = process.argv.slice(2);
  const url = process.env.MONGO_URL;
  if ((command !== 'dump' && command !== 'restore') || !dir) {
    console.error('usage: backup dump <dir> | backup restore <dir> [--drop]   (MONGO_URL=…)');
    process.exit(64);
  }
  if (!url) {
    console.error('MONGO_URL is required');
    process.exit(78);
  }
  const names = (process.env.BACKUP_DATABASES ?? DEFAULT_DATABASES.join(','))
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const client = await MongoClient.connect(url, { serverSelectionTimeoutMS: 5000 });
  try {
    const result =
      command === 'dump'
        ? { dumped: (await dump(client, dir, names)).databases }
        : { restored: await restore(client, dir, process.argv.includes('--drop')) };
    process.stdout.write(`${JSON.stringify({ command, dir, ...result }, null, 2)}\n`);
  } finally {
    await client.close();
  }
}

main().catch((err: unknown) => {
  console.error('backup failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
