import request from 'supertest';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { bearer, party, uniqueName } from '@rammeaftale/testing';
import { noticeModel } from '../src/notices-to-people/notice.model';
import { orderModel } from '../src/orders/order.model';
import { json, type OrderView, type SentRequests } from './support/json';
import {
  makeMunicipalities,
  makeOffer,
  makeOrganisation,
  orderBody,
} from './support/order-factories';
import { startTestPortal, type TestPortal } from './support/start-portal';

/**
 * The housekeeping role on two replicas at once (issue 17), on one database: requests past their
 * deadline expire once, the case workers get one notice, and a later pass writes nothing.
 */
let replicas: TestPortal[];
let token: string;
// Both replicas' clock: moved past the requests' deadline before they sweep.
let clock = Date.now();

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  const name = uniqueName('op_sweepers');
  replicas = [];
  for (let i = 0; i < 2; i++)
    replicas.push(
      await startTestPortal(name, {
        verifier: idp.verifier,
        env: { AUTH_ISSUER: idp.issuer },
        now: () => new Date(clock),
      }),
    );
  const db = replicas[0]!.runtime.db;
  await makeMunicipalities(db, [253]);
  await makeOrganisation(db, { _id: 'cvr-11111111', kind: 'private', name: 'Udbyder A' });
  for (const id of ['private-1', 'private-2'])
    await makeOffer(db, id, { operator: { kind: 'private', organisationId: 'cvr-11111111' } });
  token = await idp.issue(party('caseworkerGreve', { userId: 'cw-greve' }));
}, 60_000);

afterAll(async () => {
  await Promise.all((replicas ?? []).map((r) => r.close()));
});

const post = (path: string, body: object = {}) =>
  request(replicas[0]!.http.url).post(path).set(bearer(token)).send(body);

/** An order of Greve with its requests sent (deadlines from the replicas' clock). */
async function requestsOut(): Promise<string> {
  const created = await post('/api/orders', orderBody({ citizen: { cpr: undefined } }));
  const orderId = json<OrderView>(created).id;
  await post(`/api/orders/${orderId}/search`);
  const sent = await post(`/api/orders/${orderId}/requests`, { all: true });
  expect(sent.status).toBe(201);
  expect(json<SentRequests>(sent).sent.length).toBeGreaterThan(0);
  return orderId;
}

const orderOf = (id: string) =>
  orderModel(replicas[0]!.runtime.db)
    .findById(id)
    .lean<{ revision: number; requests: { status: string }[] }>();

it('When two replicas sweep at the same moment, then the overdue requests expire once and the case workers get one notice', async () => {
  const orderId = await requestsOut();
  const before = await orderOf(orderId);

  clock += 72 * 3600_000;
  await Promise.all(replicas.map((r) => r.housekeepingNow()));
  await Promise.all(replicas.map((r) => r.housekeepingNow()));

  const after = await orderOf(orderId);
  expect(after!.requests.map((r) => r.status)).toEqual(after!.requests.map(() => 'expired'));
  // One write of the expiry; the later passes found nothing due and wrote nothing.
  expect(after!.revision).toBe(before!.revision + 1);
  const told = await noticeModel(replicas[0]!.runtime.db)
    .find({ kind: 'deadline_passed', 'refs.orderId': orderId })
    .lean();
  expect(told).toHaveLength(1);
});

it('When the sweepers pass over requests not yet due, then they write nothing: the order’s revision stays, so a case worker’s change at it is not refused', async () => {
  const orderId = await requestsOut();
  const before = await orderOf(orderId);
  await Promise.all(replicas.map((r) => r.housekeepingNow()));
  await replicas[1]!.housekeepingNow();
  const after = await orderOf(orderId);
  expect(after!.requests.map((r) => r.status)).toEqual(before!.requests.map(() => 'open'));
  expect(after!.revision).toBe(before!.revision);
});
