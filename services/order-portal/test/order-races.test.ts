import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import type { DomainEvent } from '@rammeaftale/queues';
import { bearer, party, uniqueName } from '@rammeaftale/testing';
import { contractIdOfOrder } from '../src/contracts/contract-ids';
import { applyContractEvent } from '../src/orders/contract-events.use-case';
import { newId } from '../src/orders/ids';
import { orderModel } from '../src/orders/order.model';
import { OrderRepository } from '../src/orders/order.repository';
import { json, type OrderView } from './support/json';
import {
  makeMunicipalities,
  makeOffer,
  makeOrganisation,
  orderBody,
} from './support/order-factories';
import { orderAt } from './support/placed-order';
import { startTestPortal, type TestPortal } from './support/start-portal';

/**
 * Writes that race on one order. FerretDB 1.x applies a guarded update (`{ _id, revision }`) as
 * read, compare, write back, not atomically (ADR 0002), so 20 identical requests at once could all
 * "win"; the order's lease makes the compare-and-write one step on MongoDB and FerretDB alike.
 */
jest.setTimeout(60_000);

const N = 20;
let idp: LocalIdentityProvider;
let portal: TestPortal;
let greve = '';
let supplierA = '';

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  portal = await startTestPortal(uniqueName('op_order_races'), {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer },
  });
  const db = portal.runtime.db;
  await makeMunicipalities(db, [253]);
  await makeOrganisation(db, {
    _id: 'cvr-11111111',
    kind: 'private',
    name: 'Omsorg ApS',
    cvr: '11111111',
  });
  await makeOffer(db, 'private-1', {
    operator: { kind: 'private', organisationId: 'cvr-11111111' },
  });
  greve = await idp.issue(party('caseworkerGreve'));
  supplierA = await idp.issue(party('supplierA'));
});
afterAll(() => portal.close());

const api = () => request(portal.http.url);

async function newOrder(): Promise<string> {
  const res = await api()
    .post('/api/orders')
    .set(bearer(greve))
    .send(orderBody({ citizen: { cpr: undefined } }));
  expect(res.status).toBe(201);
  return json<OrderView>(res).id;
}

const stored = async (id: string) => (await orderModel(portal.runtime.db).findById(id).lean())!;

describe('concurrent writes on one order', () => {
  it(`When ${N} identical transitions arrive at once, then exactly one is applied and the others are 409`, async () => {
    const id = await newOrder();
    const statuses = await Promise.all(
      Array.from({ length: N }, () =>
        api()
          .post(`/api/orders/${id}/cancellation`)
          .set(bearer(greve))
          .send({ reason: 'Borgeren er flyttet' })
          .then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 409)).toBe(true);
    const order = await stored(id);
    expect(order.status).toBe('cancelled');
    expect(order.transitions.filter((t) => t.event === 'cancel')).toHaveLength(1);
    expect(order.revision).toBe(1);
  });

  it(`When a supplier sends the same answer ${N} times at once, then one is recorded, the others are 409`, async () => {
    const id = await newOrder();
    const requestId = newId('req');
    await orderModel(portal.runtime.db).updateOne(
      { _id: id },
      {
        $set: {
          status: 'requested',
          requests: [
            {
              requestId,
              offerId: 'private-1',
              offerName: 'Tilbud private-1',
              supplierOrganisationId: 'cvr-11111111',
              tier: 'private',
              sentAt: new Date(),
              deadline: new Date(Date.now() + 86_400_000),
              status: 'open',
            },
          ],
        },
      },
    );
    const statuses = await Promise.all(
      Array.from({ length: N }, () =>
        api()
          .post(`/api/requests/${requestId}/answer`)
          .set(bearer(supplierA))
          .send({ kind: 'offer', dailyPriceOre: 210_000, possibleStart: '2027-01-15' })
          .then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 409)).toBe(true);
    const order = await stored(id);
    expect(order.status).toBe('offers_received');
    expect(order.transitions.filter((t) => t.event === 'receive_offer')).toHaveLength(1);
    expect(order.requests[0]).toMatchObject({ status: 'offered' });
  });

  it(`When the same contract event is handled ${N} times at once, then the order moves once and records the event once`, async () => {
    const id = await newOrder();
    await orderAt(portal.runtime.db, id, 'selected');
    const e: DomainEvent = {
      eventId: `evt-race-${id}`,
      type: 'contract.signed',
      aggregateId: contractIdOfOrder(id),
      refs: {
        orderId: id,
        contractId: contractIdOfOrder(id),
        municipalityId: 'mun-253',
        version: 2,
      },
    };
    const deps = {
      orders: new OrderRepository(portal.runtime.db),
      logger: portal.runtime.logger,
      now: () => new Date(),
    };
    const applied = await Promise.all(
      Array.from({ length: N }, () =>
        applyContractEvent(deps, e as Parameters<typeof applyContractEvent>[1]),
      ),
    );
    expect(applied.filter(Boolean)).toHaveLength(1);
    const order = await stored(id);
    expect(order.status).toBe('contracted');
    expect(order.appliedEventIds).toEqual([e.eventId]);
    expect(order.transitions.filter((t) => t.event === 'contract_signed')).toHaveLength(1);
  });
});
