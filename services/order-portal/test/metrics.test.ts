/**
 * The portal's `GET /metrics` (issue 17): after an order is created (its access-log entry stored)
 * and an event waits in the orders' outbox, the access-log write latency and the outbox backlog
 * are there, the backlog's age crosses the alert's 10 minutes for an old event and falls to 0
 * once the relay has published it; the request is counted under its route pattern.
 */
import request from 'supertest';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { pushEvent } from '@rammeaftale/outbox';
import { METRICS } from '@rammeaftale/runtime';
import {
  bearer,
  parsePrometheus,
  party,
  samplesOf,
  uniqueName,
  type Sample,
} from '@rammeaftale/testing';
import { orderModel } from '../src/orders/order.model';
import { json, type OrderView } from './support/json';
import { makeMunicipalities, orderBody } from './support/order-factories';
import { startTestPortal, type TestPortal } from './support/start-portal';

jest.setTimeout(60_000);

const TOKEN = 'portal-metrics-token-0123456789abcdefgh';
let portal: TestPortal;
let greve = '';

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  portal = await startTestPortal(uniqueName('op_metrics'), {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer, METRICS_TOKEN: TOKEN },
  });
  await makeMunicipalities(portal.runtime.db, [253]);
  greve = await idp.issue(party('caseworkerGreve'));
});
afterAll(() => portal.close());

const scrape = async (): Promise<Sample[]> => {
  const res = await request(portal.http.url).get('/metrics').set(bearer(TOKEN));
  expect(res.status).toBe(200);
  return parsePrometheus(res.text);
};
const value = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samplesOf(samples, name, labels).reduce((sum, s) => sum + s.value, 0);

describe('the portal’s metrics', () => {
  it('When the portal’s token is not sent, then /metrics is refused', async () => {
    expect((await request(portal.http.url).get('/metrics')).status).toBe(401);
    expect((await request(portal.http.url).get('/metrics').set(bearer(greve))).status).toBe(401);
  });

  it('When an order is created and an old event waits in its outbox, then the access-log latency and the backlog are reported, and the backlog empties once relayed', async () => {
    const created = await request(portal.http.url)
      .post('/api/orders')
      .set(bearer(greve))
      .send(orderBody({ citizen: { cpr: undefined } }));
    expect(created.status).toBe(201);
    const orderId = json<OrderView>(created).id;

    const orders = orderModel(portal.runtime.db);
    await orders.updateOne({ _id: orderId }, pushEvent('order.offer-selected', { offerId: 'x' }));
    const elevenMinutesAgo = new Date(Date.now() - 660_000);
    await orders.updateOne(
      { _id: orderId },
      { $set: { 'pendingEvents.0.createdAt': elevenMinutesAgo } },
    );

    const waiting = await scrape();
    const pending = value(waiting, METRICS.outboxPending, { outbox: 'orders' });
    const oldest = value(waiting, METRICS.outboxOldestPending, { outbox: 'orders' });
    console.log(`orders outbox: ${pending} pending, oldest ${oldest.toFixed(1)} s`);
    expect(pending).toBe(1);
    expect(oldest).toBeGreaterThan(600); // the OutboxBacklogOld alert's threshold
    const writes = value(waiting, `${METRICS.accessLogWrite}_count`, { outcome: 'ok' });
    expect(writes).toBeGreaterThanOrEqual(1);
    expect(value(waiting, `${METRICS.accessLogWrite}_count`, { outcome: 'error' })).toBe(0);
    expect(
      value(waiting, `${METRICS.httpDuration}_count`, { route: '/api/orders', status: '201' }),
    ).toBe(1);
    expect(samplesOf(waiting, METRICS.queueJobs, { queue: 'order-portal-events' })).toHaveLength(4);

    expect(await portal.relayEvents()).toBe(1);
    const relayed = await scrape();
    expect(value(relayed, METRICS.outboxPending, { outbox: 'orders' })).toBe(0);
    expect(value(relayed, METRICS.outboxOldestPending, { outbox: 'orders' })).toBe(0);
  });
});
