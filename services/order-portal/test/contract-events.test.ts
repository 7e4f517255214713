import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { QUEUES, createProducer, type DomainEvent, type Producer } from '@rammeaftale/queues';
import { bearer, party, uniqueName, until } from '@rammeaftale/testing';
import { contractIdOfOrder } from '../src/contracts/contract-ids';
import { json, type OrderView } from './support/json';
import { makeMunicipalities, orderBody } from './support/order-factories';
import { orderAt } from './support/placed-order';
import { startTestPortal, type TestPortal } from './support/start-portal';
import { sessionCookie } from './support/session-cookie';

/**
 * The portal's inbox: the contracts service reports what became of an order's contract, and the
 * order follows — each event once, however often it is delivered.
 */
jest.setTimeout(60_000);

let idp: LocalIdentityProvider;
let portal: TestPortal;
let inbox: Producer<typeof QUEUES.portalEvents>;
let greve = '';
let seq = 0;

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  const name = uniqueName('op_contract_events');
  portal = await startTestPortal(name, {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer },
  });
  await makeMunicipalities(portal.runtime.db, [253]);
  greve = await idp.issue(party('caseworkerGreve'));
  inbox = createProducer(QUEUES.portalEvents, portal.runtime.redis, {
    logger: portal.runtime.logger,
    prefix: name,
  });
});
afterAll(async () => {
  await inbox.close();
  await portal.close();
});

const readOrder = async (id: string) =>
  json<OrderView>(await request(portal.http.url).get(`/api/orders/${id}`).set(bearer(greve)));

async function orderIn(status: 'selected' | 'contracted' | 'active'): Promise<string> {
  const res = await request(portal.http.url)
    .post('/api/orders')
    .set(bearer(greve))
    .send(orderBody({ citizen: { cpr: undefined } }));
  const id = json<OrderView>(res).id;
  await orderAt(
    portal.runtime.db,
    id,
    status,
    status === 'active' ? { placement: { startedOn: '2026-02-01' } } : {},
  );
  return id;
}

const event = (
  type: DomainEvent['type'],
  orderId: string,
  refs: Record<string, string | number> = {},
): DomainEvent => ({
  eventId: `evt-${type}-${++seq}`,
  type,
  aggregateId: contractIdOfOrder(orderId),
  refs: {
    orderId,
    contractId: contractIdOfOrder(orderId),
    municipalityId: 'mun-253',
    version: 2,
    ...refs,
  },
});

/**
 * Delivers the event `times` times, as separate jobs one after the other: what a redelivery after
 * a crash looks like (the copy comes after the first was handled). Two copies handled at the same
 * instant are a race that only MongoDB's atomic guarded update settles; FerretDB 1.x applies
 * guarded updates non-atomically (ADR 0002), so the test does not ask that of it.
 */
async function deliver(e: DomainEvent, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) {
    await inbox.add(e.type, e, { jobId: `${e.eventId}-delivery-${i}` });
    await until(
      () => inbox.queue.getJobCounts('waiting', 'active', 'delayed'),
      (c) => c.waiting! + c.active! + c.delayed! === 0,
    );
  }
}

describe("the contracts' events in the order portal", () => {
  it('When contract.signed is delivered twice, then the order is contracted once: one transition, one applied event', async () => {
    const id = await orderIn('selected');
    const signed = event('contract.signed', id);
    await deliver(signed, 2);
    const order = await readOrder(id);
    expect(order.status).toBe('contracted');
    expect(order.transitions.filter((t) => t.event === 'contract_signed')).toHaveLength(1);
    expect(order.transitions.at(-1)).toMatchObject({ by: { userId: 'standard-contract' } });
    expect(order.contract).toMatchObject({ contractId: contractIdOfOrder(id) });
    expect(order.appliedEventIds).toEqual([signed.eventId]);
    const again = await until(
      () => Promise.resolve(portal.log.withMessage('contract event already applied')),
      (lines) => lines.length > 0,
    );
    expect(again).toEqual([expect.objectContaining({ eventId: signed.eventId, orderId: id })]);
  });

  it("When a running placement's contract is terminated with notice, then the order ends and the placement ends on the effective date", async () => {
    const id = await orderIn('active');
    await deliver(
      event('contract.terminated', id, {
        kind: 'notice',
        party: 'buyer',
        effectiveDate: '2026-06-30',
      }),
      2,
    );
    const order = await readOrder(id);
    expect(order.status).toBe('ended');
    expect(order.contract).toMatchObject({ effectiveDate: '2026-06-30' });
    expect(order.placement).toMatchObject({
      startedOn: '2026-02-01',
      endedOn: '2026-06-30',
      endReason: 'Kontrakten er opsagt',
    });
    expect(order.transitions.filter((t) => t.event === 'contract_terminated')).toHaveLength(1);
  });

  it('When the draft is withdrawn, then the order looks for a place again without its selection', async () => {
    const id = await orderIn('selected');
    await deliver(event('contract.cancelled', id, { kind: 'withdrawn' }));
    const order = await readOrder(id);
    expect(order.status).toBe('searching');
    expect(order.selection).toBeUndefined();
    expect(order.requests[0]!.status).toBe('closed');
    expect(order.contract).toMatchObject({ cancelledAs: 'withdrawn' });
    const page = await request(portal.http.url)
      .get(`/bestillinger/${id}`)
      .set('cookie', await sessionCookie(portal, greve));
    expect(page.text).toContain('Kontrakten blev trukket tilbage');
  });

  it('When an event names an order of another municipality, then it changes nothing and lands in the failed set, logged by its ids', async () => {
    const id = await orderIn('selected');
    const wrong = {
      ...event('contract.signed', id),
      refs: { ...event('contract.signed', id).refs, municipalityId: 'mun-259' },
    };
    await deliver(wrong);
    expect((await readOrder(id)).status).toBe('selected');
    expect(await inbox.queue.getJobCounts('failed')).toMatchObject({ failed: 1 });
    expect(
      portal.log.withMessage('contract event could not be applied to its order')[0],
    ).toMatchObject({ eventId: wrong.eventId });
  });
});
