import request from 'supertest';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { accessLogModel, verifyAccessLog } from '@rammeaftale/privacy';
import { bearer, party, uniqueName } from '@rammeaftale/testing';
import { json, type OrderView } from './support/json';
import { makeMunicipalities, makeOffer, orderBody } from './support/order-factories';
import { startTestPortal, type TestPortal } from './support/start-portal';

/**
 * The audit row of issue 16: 100 scripted operations on citizens' data through the real API give
 * exactly 100 access-log entries, each with time, user, organisation, purpose and the citizen's
 * reference or the search criterion.
 *
 * Every operation chosen writes exactly one entry: create (create), read one order (read), search
 * placements for an order (read; the draft's move to "searching" is part of that search, not an
 * entry of its own), cancel (update), the order list with a text filter (search), a CPR look-up
 * (search, criterion without the number), and a citizen's extract (read; the extract's own
 * reading of the log is not a read of the citizen's data). Operations that write more than one
 * entry (sending requests to several suppliers, a report over many orders) are left out, so that
 * each operation maps to one expected entry and the count can be exact.
 */
jest.setTimeout(120_000);

interface Expected {
  userId: string;
  organisationId: string;
  action: string;
  resource: string;
}

/** An entry as stored (the chain's fields aside). */
interface Row {
  seq: number;
  at: Date;
  userId: string;
  organisationId: string;
  action: string;
  purpose: string;
  citizenRef?: string;
  searchCriterion?: string;
  resource: { type: string; id: string };
}

const greve = party('caseworkerGreve');
const koege = party('caseworkerKoege');
const secretariat = party('secretariat');
const key = (e: Expected) => `${e.userId}|${e.organisationId}|${e.action}|${e.resource}`;

let portal: TestPortal;
const tokens = new Map<string, string>();

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  portal = await startTestPortal(uniqueName('op_audit_ops'), {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer },
  });
  await makeMunicipalities(portal.runtime.db, [253, 259]);
  await makeOffer(portal.runtime.db, 'public-1', {
    operator: { kind: 'municipal', organisationId: 'mun-253' },
  });
  for (const who of [greve, koege, secretariat]) tokens.set(who.userId, await idp.issue(who));
});
afterAll(() => portal.close());

type Who = typeof greve;
const api = (who: Who) => {
  const auth = bearer(tokens.get(who.userId)!);
  const url = portal.http.url;
  return {
    get: (path: string) => request(url).get(path).set(auth),
    post: (path: string, body?: object) => request(url).post(path).set(auth).send(body),
  };
};

/** Runs the 100 operations; returns the entry each one should have written. */
async function script(): Promise<Expected[]> {
  const expected: Expected[] = [];
  const done = (
    who: Who,
    action: string,
    resource: string,
    status: number,
    res: request.Response,
  ) => {
    expect([action, resource, res.status]).toEqual([action, resource, status]);
    expected.push({ userId: who.userId, organisationId: who.organisationId, action, resource });
  };
  const orders: { id: string; who: Who; ref: string }[] = [];
  for (let i = 0; i < 20; i++) {
    const who = i % 2 === 0 ? greve : koege;
    const ref = `Borger R-${i}`;
    const code = who === greve ? 253 : 259;
    const res = await api(who).post(
      '/api/orders',
      orderBody({ payingMunicipalityCode: code, citizen: { reference: ref } }),
    );
    const id = json<OrderView>(res).id;
    orders.push({ id, who, ref });
    done(who, 'create', `order:${id}`, 201, res);
  }
  for (const o of orders)
    done(o.who, 'read', `order:${o.id}`, 200, await api(o.who).get(`/api/orders/${o.id}`));
  for (const o of orders.slice(0, 15))
    done(o.who, 'read', `order:${o.id}`, 200, await api(o.who).post(`/api/orders/${o.id}/search`));
  for (const o of [...orders.slice(15), ...orders.slice(0, 5)]) {
    const res = await api(o.who).post(`/api/orders/${o.id}/cancellation`, {
      reason: 'Ikke længere aktuel',
    });
    done(o.who, 'update', `order:${o.id}`, 200, res);
  }
  for (let i = 0; i < 15; i++) {
    const who = i % 3 === 0 ? koege : greve;
    const res = await api(who).get(`/api/orders?q=R-${i}&limit=10`);
    done(who, 'search', `order-list:${who.organisationId}`, 200, res);
  }
  for (let i = 0; i < 10; i++) {
    const who = i % 2 === 0 ? greve : koege;
    const res = await api(who).post('/api/orders/cpr-lookup', { cpr: '010190-1234' });
    done(who, 'search', `order-list:${who.organisationId}`, 200, res);
  }
  for (let i = 0; i < 10; i++) {
    const who = i < 5 ? orders[i]!.who : secretariat;
    const res = await api(who).post('/api/access-log/extract', { citizenRef: orders[i]!.ref });
    done(who, 'read', 'access-log:extract', 200, res);
  }
  return expected;
}

describe('access log: 100 operations', () => {
  it("When 100 scripted operations touch citizens' data, then exactly 100 entries are written, each with time, user, organisation, purpose and citizen or criterion", async () => {
    const log = accessLogModel(portal.runtime.db).collection;
    const before = await verifyAccessLog(portal.runtime.db);
    const started = new Date();
    const expected = await script();
    expect(expected).toHaveLength(100);

    const entries = await log
      .find<Row>({ seq: { $gt: before.head.seq } })
      .sort({ seq: 1 })
      .toArray();
    expect(await log.countDocuments()).toBe(before.checked + 100);
    expect(entries).toHaveLength(100);
    const actual = entries.map((e) => ({
      userId: e.userId,
      organisationId: e.organisationId,
      action: e.action,
      resource: `${e.resource.type}:${e.resource.id}`,
    }));
    expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
    for (const e of entries) {
      expect(e.at).toBeInstanceOf(Date);
      expect(e.at.getTime()).toBeGreaterThanOrEqual(started.getTime() - 1000);
      expect(e.purpose).toEqual(expect.stringMatching(/\S/));
      expect(e.citizenRef ?? e.searchCriterion).toEqual(expect.stringMatching(/\S/));
      if (e.action === 'search') expect(e.searchCriterion).toEqual(expect.any(String));
      else expect(e.citizenRef).toMatch(/^Borger R-\d+$/);
    }
    // The looked-up number is in no entry (the hashes and ids are left out: hex may hold digits).
    const texts = entries.map((e) => [e.purpose, e.citizenRef, e.searchCriterion, e.resource]);
    expect(JSON.stringify(texts)).not.toMatch(/0101901234|010190-1234/);
    const after = await verifyAccessLog(portal.runtime.db);
    expect(after).toMatchObject({ ok: true, checked: before.checked + 100 });
    console.log(
      `access log: 100 operations → ${entries.length} entries (${new Set(actual.map((a) => a.action)).size} actions), chain verified through seq ${after.head.seq}`,
    );
  });
});
