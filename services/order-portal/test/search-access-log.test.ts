import request from 'supertest';
import type { Model } from 'mongoose';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { bearer, party, uniqueName } from '@rammeaftale/testing';
import { json, type OrderView } from './support/json';
import { makeMunicipalities, makeOffer, orderBody } from './support/order-factories';
import { startTestPortal, type TestPortal } from './support/start-portal';

/**
 * The search's fail-closed access-log entry, group-committed: concurrent searches' entries go in
 * one insert, and each request answers only once its own entry is stored.
 */
jest.setTimeout(60_000);

const N = 20;
let portal: TestPortal;
let greve = '';
let orderId = '';

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  portal = await startTestPortal(uniqueName('op_search_log'), {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer },
  });
  await makeMunicipalities(portal.runtime.db, [253]);
  await makeOffer(portal.runtime.db, 'public-1', {
    operator: { kind: 'municipal', organisationId: 'mun-253' },
  });
  greve = await idp.issue(party('caseworkerGreve'));
  const res = await request(portal.http.url)
    .post('/api/orders')
    .set(bearer(greve))
    .send(orderBody({ citizen: { cpr: undefined } }));
  orderId = json<OrderView>(res).id;
  // The first search moves the draft to "searching"; concurrent ones then only read it.
  await request(portal.http.url).post(`/api/orders/${orderId}/search`).set(bearer(greve));
});
afterAll(() => portal.close());

const logModel = () => portal.runtime.db.models.AccessLogEntry as Model<unknown>;
const searchEntries = () =>
  logModel().countDocuments({ 'resource.id': orderId, purpose: 'Pladssøgning til bestilling' });
const searches = () =>
  Promise.all(
    Array.from({ length: N }, () =>
      request(portal.http.url)
        .post(`/api/orders/${orderId}/search`)
        .set(bearer(greve))
        .then((r) => r.status),
    ),
  );

afterEach(() => jest.restoreAllMocks());

describe("the search's access-log entries", () => {
  it(`When ${N} searches arrive at once, then each answers 200 with its own entry, written in fewer inserts`, async () => {
    const before = await searchEntries();
    const inserts = jest.spyOn(logModel(), 'insertMany');
    expect(await searches()).toEqual(Array(N).fill(200));
    expect((await searchEntries()) - before).toBe(N);
    expect(inserts.mock.calls.length).toBeLessThan(N);
  });

  it('When the inserts fail, then every waiting search is 503 and none answers without its entry', async () => {
    const before = await searchEntries();
    const down = Object.assign(new Error('connection closed'), { name: 'MongoNetworkError' });
    jest.spyOn(logModel(), 'insertMany').mockRejectedValue(down);
    expect(await searches()).toEqual(Array(N).fill(503));
    jest.restoreAllMocks();
    expect(await searchEntries()).toBe(before);
  });
});
