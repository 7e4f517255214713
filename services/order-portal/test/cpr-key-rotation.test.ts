import { execFile } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import {
  accessLogger,
  createAccessLogRepository,
  createCprVault,
  parseKeyring,
} from '@rammeaftale/privacy';
import { crossTenant } from '@rammeaftale/db';
import { bearer, testEnv, tokensFor, uniqueName } from '@rammeaftale/testing';
import { orderModel } from '../src/orders/order.model';
import { CprKeyRotationRepository } from '../src/orders/cpr-key-rotation.repository';
import { rotateCprKeys } from '../src/orders/rotate-cpr-keys.use-case';
import { json, type OrderView } from './support/json';
import { startTestPortal, type TestPortal } from './support/start-portal';
import { makeMunicipalities, orderBody } from './support/order-factories';

/**
 * Key rotation of stored CPR numbers against the real database: orders are made through the API
 * under the old keys, rotated, and then read, found and logged under the new ones.
 */
jest.setTimeout(120_000);

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const OLD = { keys: `k1:${key(7)}`, lookup: key(9) };
const NEW = { keys: `k2:${key(11)},k1:${key(7)}`, lookup: key(13) };
const CPRS = ['010190-1234', '311299-4321', '150570-0001'];
/** The free texts about the citizen (health, social circumstances), encrypted with the same keys. */
const NEEDS = (i: number) => `Behov R-${i}: epilepsi, støtte om natten`;
const SPECIAL = (i: number) => `Særligt krav R-${i}: ingen trapper`;
const CPR_SHAPES = /0101901234|3112994321|1505700001|\d{6}-\d{4}/;

let idp: LocalIdentityProvider;
let portal: TestPortal;
let dbName: string;
const ids: string[] = [];

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  dbName = uniqueName('op_cpr_rotation');
  portal = await startTestPortal(dbName, {
    verifier: idp.verifier,
    env: { CPR_KEYS: OLD.keys, CPR_LOOKUP_KEY: OLD.lookup },
  });
  await makeMunicipalities(portal.runtime.db, [253]);
  const { caseworkerGreve } = await tokensFor(idp, ['caseworkerGreve']);
  for (const [i, cpr] of CPRS.entries()) {
    const res = await request(portal.http.url)
      .post('/api/orders')
      .set(bearer(caseworkerGreve))
      .send(
        orderBody({
          citizen: { reference: `Borger R-${i}`, age: 40, cpr },
          need: { needs: NEEDS(i), specialRequirements: SPECIAL(i) },
        }),
      );
    expect(res.status).toBe(201);
    ids.push(json<OrderView>(res).id);
  }
});

afterAll(() => portal.close());

const stored = async () => {
  const Order = orderModel(portal.runtime.db);
  const docs = await Promise.all(ids.map((id) => Order.findById(id).lean()));
  return docs.map((o) => ({
    id: o!._id,
    cpr: o!.citizen.cpr!,
    texts: [o!.need.needs, o!.need.specialRequirements!],
    updatedAt: o!.updatedAt,
  }));
};

/**
 * What a spawned command printed goes to the end-of-run CPR scan (LOG_SCAN_FILE, set by the test
 * command), as the lines of the services a test starts do through testLogger.
 */
const toCprScan = (...outputs: (string | undefined)[]) => {
  const file = process.env.LOG_SCAN_FILE;
  for (const text of outputs)
    if (file && text) appendFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
};

/** The same value with one byte of its authentication tag changed. */
const tamperTag = (ciphertext: string) => {
  const parts = ciphertext.split(':');
  const tag = Buffer.from(parts[3]!, 'base64');
  tag[0] = tag[0]! ^ 1;
  parts[3] = tag.toString('base64');
  return parts.join(':');
};

describe('CPR key rotation', () => {
  it('When a new encryption key and a new look-up key are put in place, then every value moves to them, is still the same number, and each move is in the access log', async () => {
    const before = await stored();
    expect(before.every((o) => o.cpr.ciphertext.startsWith('v1:k1:'))).toBe(true);
    expect(before.every((o) => o.texts.every((t) => t.startsWith('t1:k1:')))).toBe(true);
    const vault = createCprVault({ keyring: parseKeyring(NEW.keys), lookupKey: NEW.lookup });
    const accessRepo = createAccessLogRepository(portal.runtime.db);
    const result = await rotateCprKeys({
      store: new CprKeyRotationRepository(portal.runtime.db),
      vault,
      accessLog: accessLogger(accessRepo),
      operator: { userId: 'drift-jens', role: 'operator', organisationId: 'operator' },
      batchSize: 2, // more than one page
    });
    expect(result).toEqual({
      scanned: 3,
      reencrypted: 3,
      retokened: 3,
      textsReencrypted: 6,
      textsEncrypted: 0,
      unchanged: 0,
      failed: [],
    });
    // The old key is gone: a vault with the new keys only reads every value.
    const newOnly = createCprVault({
      keyring: parseKeyring(`k2:${key(11)}`),
      lookupKey: NEW.lookup,
    });
    const after = await stored();
    for (const [n, o] of after.entries()) {
      expect(o.cpr.ciphertext).toMatch(/^v1:k2:/);
      const cpr = CPRS[ids.indexOf(o.id)]!;
      expect(newOnly.decrypt(o.cpr.ciphertext)).toBe(cpr.replace('-', ''));
      const i = ids.indexOf(o.id);
      expect(o.texts.map((t) => t.slice(0, 6))).toEqual(['t1:k2:', 't1:k2:']);
      expect(o.texts.map((t) => newOnly.decryptText(t))).toEqual([NEEDS(i), SPECIAL(i)]);
      expect(o.cpr.lookupToken).toBe(vault.lookupToken(cpr));
      // A key rotation is not a change of the case.
      expect(o.updatedAt).toEqual(before[n]!.updatedAt);
    }
    const entries = await accessRepo.search(crossTenant("the operator's rotation is logged"), {
      userId: 'drift-jens',
      limit: 100,
    });
    expect(entries.map((e) => e.citizenRef).sort()).toEqual([
      'Borger R-0',
      'Borger R-1',
      'Borger R-2',
    ]);
    expect(entries.every((e) => e.action === 'update' && e.resource.type === 'order')).toBe(true);
    expect(JSON.stringify({ result, entries })).not.toMatch(CPR_SHAPES);
  });

  it('When the rotation runs again, then nothing changes', async () => {
    const vault = createCprVault({ keyring: parseKeyring(NEW.keys), lookupKey: NEW.lookup });
    const before = await stored();
    const result = await rotateCprKeys({
      store: new CprKeyRotationRepository(portal.runtime.db),
      vault,
      accessLog: accessLogger(createAccessLogRepository(portal.runtime.db)),
      operator: { userId: 'drift-jens', role: 'operator', organisationId: 'operator' },
    });
    expect(result).toMatchObject({ scanned: 3, reencrypted: 0, retokened: 0, unchanged: 3 });
    expect(await stored()).toEqual(before);
  });

  it('When one stored value is unreadable, then it is reported by order id and code, and the others are still rotated', async () => {
    const Order = orderModel(portal.runtime.db);
    const [broken] = ids;
    const original = (await Order.findById(broken).lean())!.citizen.cpr!;
    await Order.updateOne(
      { _id: broken },
      {
        $set: {
          'citizen.cpr.ciphertext': tamperTag(original.ciphertext),
        },
      },
    );
    const vault = createCprVault({
      keyring: parseKeyring(`k3:${key(17)},${NEW.keys}`),
      lookupKey: NEW.lookup,
    });
    const result = await rotateCprKeys({
      store: new CprKeyRotationRepository(portal.runtime.db),
      vault,
      accessLog: accessLogger(createAccessLogRepository(portal.runtime.db)),
      operator: { userId: 'drift-jens', role: 'operator', organisationId: 'operator' },
    });
    expect(result.failed).toEqual([{ orderId: broken, code: 'DECRYPTION_FAILED' }]);
    expect(result.reencrypted).toBe(2);
    await Order.updateOne({ _id: broken }, { $set: { 'citizen.cpr': original } });
  });

  it('When a free text was stored in clear (before keys were configured), then the rotation encrypts it and it reads the same', async () => {
    const Order = orderModel(portal.runtime.db);
    const legacy = ids[1]!;
    await Order.updateOne(
      { _id: legacy },
      { $set: { 'need.needs': 'Klartekst fra før nøglerne' } },
    );
    const vault = createCprVault({
      keyring: parseKeyring(`k3:${key(17)},${NEW.keys}`),
      lookupKey: NEW.lookup,
    });
    const result = await rotateCprKeys({
      store: new CprKeyRotationRepository(portal.runtime.db),
      vault,
      accessLog: accessLogger(createAccessLogRepository(portal.runtime.db)),
      operator: { userId: 'drift-jens', role: 'operator', organisationId: 'operator' },
    });
    // (The two texts of the order left unreadable above are still under k2: moved to k3 now.)
    expect(result).toMatchObject({ textsEncrypted: 1, textsReencrypted: 2, failed: [] });
    const after = (await Order.findById(legacy).lean())!.need.needs;
    expect(after).toMatch(/^t1:k3:/);
    expect(vault.decryptText(after)).toBe('Klartekst fra før nøglerne');
  });

  it('When an operator runs the command, then it prints counts and no CPR number, and refuses to run without naming the operator', async () => {
    const run = promisify(execFile);
    const env = {
      ...process.env,
      ...testEnv(),
      MONGO_DB: dbName,
      AUTH_ISSUER: 'http://127.0.0.1/unused',
      AUTH_JWKS_URL: 'http://127.0.0.1:1/unused',
      CPR_KEYS: `k4:${key(19)},k3:${key(17)},${NEW.keys}`,
      CPR_LOOKUP_KEY: NEW.lookup,
      // Its progress lines (on stderr) are scanned too; the result is the only thing on stdout.
      LOG_LEVEL: 'info',
    };
    const cli = ['--import', 'tsx', path.join(__dirname, '../src/cli/rotate-cpr-keys.ts')];
    const refused = await run(process.execPath, cli, { env }).catch(
      (e: { code: number; stdout?: string; stderr?: string }) => e,
    );
    toCprScan(refused.stdout, refused.stderr);
    expect((refused as { code: number }).code).toBe(64);
    const { stdout, stderr } = await run(process.execPath, [...cli, '--by', 'drift-jens'], { env });
    toCprScan(stdout, stderr);
    expect(JSON.parse(stdout)).toMatchObject({
      currentKeyId: 'k4',
      scanned: 3,
      reencrypted: 3,
      failed: [],
    });
    expect(stdout).not.toMatch(CPR_SHAPES);
    expect((await stored()).every((o) => o.cpr.ciphertext.startsWith('v1:k4:'))).toBe(true);
  });
});
