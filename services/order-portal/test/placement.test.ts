import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { bearer, party, uniqueName } from '@rammeaftale/testing';
import { json, type OrderView, type Problem } from './support/json';
import { makeMunicipalities, orderBody } from './support/order-factories';
import { orderAt } from './support/placed-order';
import { startTestPortal, type TestPortal } from './support/start-portal';

/** The placement's life after the contract: its start and its end, recorded by the case worker. */
let idp: LocalIdentityProvider;
let portal: TestPortal;
const NOW = new Date('2026-03-15T10:00:00Z');
const WHO = {
  greve: party('caseworkerGreve', { userId: 'cw-greve' }),
  koege: party('caseworkerKoege', { userId: 'cw-koege' }),
};
const tokens = { greve: '', koege: '' };

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  portal = await startTestPortal(uniqueName('op_placement'), {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer },
    now: () => NOW,
  });
  await makeMunicipalities(portal.runtime.db, [253, 259]);
  tokens.greve = await idp.issue(WHO.greve);
  tokens.koege = await idp.issue(WHO.koege);
});
afterAll(() => portal.close());

const post = (who: keyof typeof tokens, path: string, body: object) =>
  request(portal.http.url).post(path).set(bearer(tokens[who])).send(body);

async function contractedOrder(): Promise<string> {
  const res = await post('greve', '/api/orders', orderBody({ citizen: { cpr: undefined } }));
  expect(res.status).toBe(201);
  const id = json<OrderView>(res).id;
  await orderAt(portal.runtime.db, id, 'contracted');
  return id;
}

describe('the placement', () => {
  it('When the case worker records start and end, then the order is active, then ended, with both days, and the reason is in no log line', async () => {
    const id = await contractedOrder();
    const started = await post('greve', `/api/orders/${id}/placement-start`, {
      startedOn: '2026-03-01',
    });
    expect(started.status).toBe(200);
    expect(json<OrderView>(started)).toMatchObject({
      status: 'active',
      placement: { startedOn: '2026-03-01' },
    });
    const reason = 'Borgeren flytter i egen bolig med støtte';
    const ended = await post('greve', `/api/orders/${id}/placement-end`, {
      endedOn: '2026-03-14',
      reason,
    });
    expect(ended.status).toBe(200);
    const order = json<OrderView>(ended);
    expect(order).toMatchObject({
      status: 'ended',
      placement: { startedOn: '2026-03-01', endedOn: '2026-03-14', endReason: reason },
    });
    expect(order.transitions.map((t) => t.event).slice(-2)).toEqual([
      'placement_started',
      'placement_ended',
    ]);
    expect(portal.log.text()).not.toContain(reason);
  });

  it('When the placement is to start before the contract, then 409 names the state; a day after today is 400 on the field', async () => {
    const res = await post('greve', '/api/orders', orderBody({ citizen: { cpr: undefined } }));
    const draft = json<OrderView>(res).id;
    const early = await post('greve', `/api/orders/${draft}/placement-start`, {
      startedOn: '2026-03-01',
    });
    expect(early.status).toBe(409);
    expect(json<Problem>(early).detail).toMatch(/placement_started.*draft/);

    const id = await contractedOrder();
    const future = await post('greve', `/api/orders/${id}/placement-start`, {
      startedOn: '2026-03-16',
    });
    expect(future.status).toBe(400);
    expect(json<Problem>(future).errors).toEqual([
      expect.objectContaining({ field: 'body.startedOn', code: 'in_future' }),
    ]);
  });

  it('When the end is dated before the start, then 400 on the field and the placement goes on', async () => {
    const id = await contractedOrder();
    await post('greve', `/api/orders/${id}/placement-start`, { startedOn: '2026-03-10' });
    const res = await post('greve', `/api/orders/${id}/placement-end`, {
      endedOn: '2026-03-09',
      reason: 'Fejl',
    });
    expect(res.status).toBe(400);
    expect(json<Problem>(res).errors[0]).toMatchObject({ code: 'before_start' });
    const order = await request(portal.http.url).get(`/api/orders/${id}`).set(bearer(tokens.greve));
    expect(json<OrderView>(order).status).toBe('active');
  });

  it("When another municipality records a start on Greve's order, then 404 and the order is unchanged", async () => {
    const id = await contractedOrder();
    const res = await post('koege', `/api/orders/${id}/placement-start`, {
      startedOn: '2026-03-01',
    });
    expect(res.status).toBe(404);
    const order = await request(portal.http.url).get(`/api/orders/${id}`).set(bearer(tokens.greve));
    expect(json<OrderView>(order).status).toBe('contracted');
  });
});
