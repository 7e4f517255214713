import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { crossTenant } from '@rammeaftale/db';
import { createAccessLogRepository } from '@rammeaftale/privacy';
import { bearer, party, uniqueName } from '@rammeaftale/testing';
import { orderModel } from '../src/orders/order.model';
import { json, type OrderView, type SentRequests, type SupplierRequestView } from './support/json';
import {
  makeMunicipalities,
  makeOffer,
  makeOrganisation,
  orderBody,
} from './support/order-factories';
import { startTestPortal, TEST_CPR_KEYS, type TestPortal } from './support/start-portal';

/**
 * Citizens' data at rest, read back from the real database (FerretDB): the free texts about the
 * citizen's health and social circumstances are encrypted like the CPR number; no key is anywhere
 * in the database; the CPR look-up token finds a citizen's orders end to end, in the caller's own
 * municipality only.
 */
let idp: LocalIdentityProvider;
let portal: TestPortal;
const SESSION_KEY = Buffer.alloc(32, 5).toString('base64');
const MARK = {
  needs: 'MARKØR-behov-q7Zx: epilepsi og angst',
  special: 'MARKØR-krav-p3Wk: diabetes',
};
const CPR = '070785-4411';

const WHO = {
  greve: party('caseworkerGreve'),
  koege: party('caseworkerKoege'),
  supplierA: party('supplierA'),
};
type Who = keyof typeof WHO;
const tokens = {} as Record<Who, string>;
const api = () => request(portal.http.url);
const as = (who: Who) => bearer(tokens[who]);

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  portal = await startTestPortal(uniqueName('op_at_rest'), {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer, SESSION_KEY },
  });
  const db = portal.runtime.db;
  await makeMunicipalities(db, [253, 259]);
  await makeOrganisation(db, { _id: 'cvr-11111111', kind: 'private', name: 'Omsorg ApS' });
  await makeOffer(db, 'private-1', {
    operator: { kind: 'private', organisationId: 'cvr-11111111' },
  });
  for (const who of Object.keys(WHO) as Who[]) tokens[who] = await idp.issue(WHO[who]);
});
afterAll(() => portal.close());

async function order(who: Who, cpr: string, over: Record<string, unknown> = {}) {
  const res = await api()
    .post('/api/orders')
    .set(as(who))
    .send(
      orderBody({
        payingMunicipalityCode: who === 'koege' ? 259 : 253,
        citizen: { reference: `Borger ${cpr.slice(0, 4)}`, age: 40, cpr },
        need: { needs: MARK.needs, specialRequirements: MARK.special, ...over },
      }),
    );
  expect(res.status).toBe(201);
  return json<OrderView>(res).id;
}

/** Every document of every collection of the portal's database, as text. */
async function wholeDatabase(): Promise<string> {
  const db = portal.runtime.db.db!;
  const parts: string[] = [];
  for (const { name } of await db.listCollections().toArray())
    for (const doc of await db.collection(name).find({}).toArray())
      parts.push(`${name}: ${JSON.stringify(doc)}`);
  return parts.join('\n');
}

/** A key in each form it could be written in: base64, base64url, hex. */
const forms = (base64: string) => {
  const bytes = Buffer.from(base64, 'base64');
  return [base64, bytes.toString('base64url'), bytes.toString('hex'), base64.slice(0, 24)];
};

describe('citizen data at rest', () => {
  it('When an order is stored, then its needs and special requirements are only ciphertext under the CPR key, and the case worker and the supplier asked read them', async () => {
    const id = await order('greve', '010190-1234');
    const stored = await orderModel(portal.runtime.db).findById(id).lean();
    expect(stored!.need.needs).toMatch(/^t1:k1:/);
    expect(stored!.need.specialRequirements).toMatch(/^t1:k1:/);
    // The same text encrypts differently each time (a fresh IV).
    const again = await order('greve', '010190-1234');
    const other = await orderModel(portal.runtime.db).findById(again).lean();
    expect(other!.need.needs).not.toBe(stored!.need.needs);

    const shown = json<OrderView>(await api().get(`/api/orders/${id}`).set(as('greve')));
    expect(shown.need).toMatchObject({ needs: MARK.needs, specialRequirements: MARK.special });
    const list = await api().get('/api/orders').set(as('greve'));
    expect(JSON.stringify(list.body)).toContain(MARK.needs);

    await api().post(`/api/orders/${id}/search`).set(as('greve'));
    const sent = await api()
      .post(`/api/orders/${id}/requests`)
      .set(as('greve'))
      .send({ offerIds: ['private-1'] });
    expect(sent.status).toBe(201);
    const requestId = json<SentRequests>(sent).sent[0]!.requestId;
    const asked = await api().get(`/api/requests/${requestId}`).set(as('supplierA'));
    expect(json<SupplierRequestView>(asked).profile).toMatchObject({ needs: MARK.needs });
  });

  it('When every document of every collection is read, then no key (in base64, base64url or hex) and no free text or CPR number in clear is there', async () => {
    await order('greve', '311299-4321');
    const everything = await wholeDatabase();
    expect(everything).toContain('t1:k1:');
    for (const marker of ['MARKØR', 'q7Zx', 'p3Wk', 'epilepsi', 'diabetes'])
      expect(everything).not.toContain(marker);
    expect(everything).not.toMatch(/3112994321|311299-4321|0101901234|010190-1234/);
    const keys = [TEST_CPR_KEYS.CPR_KEYS.split(':')[1]!, TEST_CPR_KEYS.CPR_LOOKUP_KEY, SESSION_KEY];
    for (const key of keys) for (const form of forms(key)) expect(everything).not.toContain(form);
  });

  it('When a municipality looks up a CPR number, then both its orders of that citizen are found by the look-up token, in any accepted form; another municipality finds none; the number is in no log', async () => {
    const first = await order('greve', CPR);
    const second = await order('greve', CPR.replace('-', ''));
    await order('greve', '150570-0001');
    const koegeOwn = await order('koege', '150570-0001');
    portal.log.clear();
    const lookup = (who: Who, cpr: string) =>
      api().post('/api/orders/cpr-lookup').set(as(who)).send({ cpr });

    const found = await lookup('greve', CPR);
    expect(found.status).toBe(200);
    const items = json<{ items: OrderView[] }>(found).items;
    expect(items.map((o) => o.id).sort()).toEqual([first, second].sort());
    expect(items[0]!.need.needs).toBe(MARK.needs);
    expect(JSON.stringify(found.body)).not.toMatch(/0707854411|070785-4411/);
    const undashed = json<{ items: OrderView[] }>(await lookup('greve', '0707854411')).items;
    expect(undashed).toHaveLength(2);

    expect(json<{ items: OrderView[] }>(await lookup('koege', CPR)).items).toEqual([]);
    const own = json<{ items: OrderView[] }>(await lookup('koege', '150570-0001')).items;
    expect(own.map((o) => o.id)).toEqual([koegeOwn]);
    const bad = await lookup('greve', '999999-9999');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('cpr');

    const logged = await createAccessLogRepository(portal.runtime.db).search(
      crossTenant('the look-ups are logged'),
      { limit: 50 },
    );
    expect(logged.filter((e) => e.purpose === 'Opslag på CPR-nummer').length).toBeGreaterThan(3);
    expect(JSON.stringify(logged)).not.toMatch(/0707854411|070785-4411/);
    expect(portal.log.text()).not.toMatch(/0707854411|070785-4411/);
  });
});
