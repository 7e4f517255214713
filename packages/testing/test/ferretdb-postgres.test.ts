import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { Client } from 'pg';
import { startFerretDb } from '../src/ferretdb';
import { startPostgres } from '../src/postgres';

jest.setTimeout(60_000);

async function databases(adminUrl: string): Promise<string[]> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const r = await c.query<{ datname: string }>('SELECT datname FROM pg_database');
    return r.rows.map((row) => row.datname);
  } finally {
    await c.end();
  }
}

async function withMongo<T>(url: string, work: (db: mongoose.mongo.Db) => Promise<T>): Promise<T> {
  const client = await mongoose.mongo.MongoClient.connect(url);
  try {
    return await work(client.db('harness'));
  } finally {
    await client.close();
  }
}

describe('FerretDB on PostgreSQL (the embedded database)', () => {
  it('When FerretDB is started on a persistent folder and restarted, then its documents are still there, and discard removes them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ferret-harness-'));
    const first = await startFerretDb({ dataDir: dir });
    await withMongo(first.url, (db) =>
      db.collection('kept').insertOne({ _id: 'a' as never, n: 1 }),
    );
    await first.stop();

    const second = await startFerretDb({ dataDir: dir });
    const found = await withMongo(second.url, (db) =>
      db.collection('kept').findOne({ _id: 'a' as never }),
    );
    expect(found).toMatchObject({ n: 1 });
    await second.discard();

    const third = await startFerretDb({ dataDir: dir });
    const gone = await withMongo(third.url, (db) => db.collection('kept').countDocuments());
    expect(gone).toBe(0);
    await third.discard();
  });

  it('When a hundred writers update their own documents at once, then every update lands and none is refused', async () => {
    // SQLite answered this with "database is locked"; updates of *one* document still race on
    // FerretDB 1.x (ADR 0002), so the writes here touch a document each.
    const ferret = await startFerretDb();
    try {
      const { modified, sum } = await withMongo(ferret.url, async (db) => {
        const col = db.collection<{ _id: string; n: number }>('counters');
        await col.insertMany(Array.from({ length: 100 }, (_, i) => ({ _id: `c${i}`, n: 0 })));
        const results = await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            col.updateOne({ _id: `c${i}` }, { $inc: { n: 1 } }),
          ),
        );
        const docs = await col.find().toArray();
        return {
          modified: results.filter((r) => r.modifiedCount === 1).length,
          sum: docs.reduce((total, d) => total + d.n, 0),
        };
      });
      expect({ modified, sum }).toEqual({ modified: 100, sum: 100 });
    } finally {
      await ferret.stop();
    }
  });

  it('When PG_URL names a server, then a run gets a database of its own there, dropped at stop', async () => {
    // The machine's server when PG_URL is set; else a private cluster stands in for one.
    const saved = process.env.PG_URL;
    const server = saved ? undefined : await startPostgres();
    const adminUrl = saved ?? server!.url;
    process.env.PG_URL = adminUrl;
    try {
      const before = await databases(adminUrl);
      const pg = await startPostgres();
      const name = new URL(pg.url).pathname.slice(1);
      expect(pg.kind).toBe('external');
      expect(before).not.toContain(name);
      expect(await databases(adminUrl)).toContain(name);
      await pg.stop();
      expect(await databases(adminUrl)).not.toContain(name);
    } finally {
      if (saved === undefined) delete process.env.PG_URL;
      await server?.stop();
    }
  });
});
