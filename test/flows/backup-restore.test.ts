/**
 * The backup-and-restore drill (issue 16): the order portal's database with orders, their outbox
 * entries and the access log is dumped with `pnpm backup`, dropped, restored, and then holds the
 * same documents of the same types, the access log's chain still verifies, and the portal starts
 * on it, is ready and reads an order back.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import type { Connection } from 'mongoose';
import { BSON } from 'mongodb';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { bearer, party, repoRoot, testEnv, uniqueName } from '@rammeaftale/testing';
import {
  makeMunicipalities,
  makeOffer,
  orderBody,
} from '@rammeaftale/order-portal/test/support/order-factories';
import {
  startTestPortal,
  type TestPortal,
} from '@rammeaftale/order-portal/test/support/start-portal';

jest.setTimeout(180_000);

const run = promisify(execFile);
const root = repoRoot();
const dbName = uniqueName('op_backup');
const dir = mkdtempSync(path.join(tmpdir(), 'backup-drill-'));
const greve = party('caseworkerGreve');
let idp: LocalIdentityProvider;
let token = '';
let supplierToken = '';
const opened: TestPortal[] = [];

async function portal(): Promise<TestPortal> {
  const p = await startTestPortal(dbName, {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer },
    roles: ['api'], // no relay: the selections' events stay in the orders' outbox
  });
  opened.push(p);
  return p;
}

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  token = await idp.issue(greve);
  supplierToken = await idp.issue(party('supplierRoskilde'));
});
afterAll(async () => {
  await Promise.all(opened.map((p) => p.close().catch(() => undefined)));
  rmSync(dir, { recursive: true, force: true });
});

/** A command of the repository, as an operator runs it (MONGO_URL of the test servers). */
async function command(script: string, args: string[], env: Record<string, string> = {}) {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...process.env, MONGO_URL: testEnv().MONGO_URL, ...env },
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}
const backup = (...args: string[]) =>
  command('scripts/backup.ts', args, { BACKUP_DATABASES: dbName });
const verify = () =>
  command('packages/privacy/src/cli/verify-access-log.ts', [], { MONGO_DB: dbName });

interface Figures {
  orders: number;
  outbox: number;
  accessLog: number;
  /** Every collection's documents as canonical Extended JSON, in _id order. */
  documents: Record<string, string>;
}

async function figures(db: Connection): Promise<Figures> {
  const documents: Record<string, string> = {};
  for (const { name } of await db.db!.listCollections({}, { nameOnly: true }).toArray()) {
    const docs = await db.db!.collection(name).find({}).sort({ _id: 1 }).toArray();
    documents[name] = BSON.EJSON.stringify(docs, { relaxed: false });
  }
  const orders = await db.db!.collection('orders').find({}).toArray();
  return {
    orders: orders.length,
    outbox: orders.reduce(
      (n, o) => n + ((o.pendingEvents as unknown[] | undefined)?.length ?? 0),
      0,
    ),
    accessLog: await db.db!.collection('access_log').countDocuments(),
    documents,
  };
}

/**
 * Six orders through the API: three with an offer selected (each leaves an event in the order's
 * outbox, kept there: no relay runs), one read, one cancelled, one only created.
 */
async function someOrders(p: TestPortal): Promise<string[]> {
  await makeMunicipalities(p.runtime.db, [253, 265]);
  await makeOffer(p.runtime.db, 'public-1', {
    operator: { kind: 'municipal', organisationId: 'mun-265' },
  });
  const as = (t: string) => bearer(t);
  const call = (method: 'get' | 'post', url: string, t: string, body?: object) =>
    request(p.http.url)[method](url).set(as(t)).send(body);
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    const res = await call(
      'post',
      '/api/orders',
      token,
      orderBody({ citizen: { reference: `Borger B-${i}` } }),
    );
    expect(res.status).toBe(201);
    ids.push((res.body as { id: string }).id);
  }
  for (const id of ids.slice(0, 3)) {
    await call('post', `/api/orders/${id}/search`, token);
    const sent = await call('post', `/api/orders/${id}/requests`, token, {
      offerIds: ['public-1'],
    });
    const requestId = (sent.body as { sent: { requestId: string }[] }).sent[0]!.requestId;
    const offer = { kind: 'offer', dailyPriceOre: 300_000, possibleStart: '2027-01-01' };
    expect(
      (await call('post', `/api/requests/${requestId}/answer`, supplierToken, offer)).status,
    ).toBe(200);
    expect((await call('post', `/api/orders/${id}/selection`, token, { requestId })).status).toBe(
      200,
    );
  }
  expect((await call('get', `/api/orders/${ids[3]}`, token)).status).toBe(200);
  const cancelled = await call('post', `/api/orders/${ids[4]}/cancellation`, token, {
    reason: 'Fortrudt',
  });
  expect(cancelled.status).toBe(200);
  return ids;
}

describe('backup and restore', () => {
  it('When the database is dumped, dropped and restored, then counts, documents and the chain are as before and the portal serves it', async () => {
    const first = await portal();
    const ids = await someOrders(first);
    const before = await figures(first.runtime.db);
    expect(before.orders).toBe(6);
    expect(before.outbox).toBeGreaterThanOrEqual(3); // an event per selection, not yet relayed
    expect(before.accessLog).toBeGreaterThan(6);
    expect(await verify()).toMatchObject({ ok: true, checked: before.accessLog });

    // The drill: the services are stopped, the data dumped, the database lost, the data restored.
    await first.close();
    const dumped = await backup('dump', dir);
    expect(dumped.dumped).toMatchObject({
      [dbName]: { orders: 6, access_log: before.accessLog },
    });
    const wipe = await portal();
    await wipe.runtime.db.dropDatabase();
    await wipe.close();
    const restored = await backup('restore', dir);
    expect(restored.restored).toEqual(dumped.dumped);

    const second = await portal();
    const after = await figures(second.runtime.db);
    expect({ orders: after.orders, outbox: after.outbox, accessLog: after.accessLog }).toEqual({
      orders: before.orders,
      outbox: before.outbox,
      accessLog: before.accessLog,
    });
    expect(after.documents).toEqual(before.documents);
    expect(await verify()).toMatchObject({ ok: true, checked: before.accessLog });
    expect((await request(second.http.url).get('/readyz')).status).toBe(200);
    const read = await request(second.http.url).get(`/api/orders/${ids[0]}`).set(bearer(token));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: ids[0], citizen: { reference: 'Borger B-0' } });
    // A restore never mixes a backup into live data.
    await expect(backup('restore', dir)).rejects.toMatchObject({ code: 1 });
    console.log(
      `backup drill: ${after.orders} orders, ${after.outbox} outbox entries, ${after.accessLog} access-log entries in ${Object.keys(after.documents).length} collections restored equal; chain verified`,
    );
  });
});
