/**
 * Redis killed with SIGKILL (AOF everysec) while the outbox relay publishes the events of 1,000
 * orders (issue 16, Faults): once Redis is back every order's `order.offer-selected` leaves its
 * outbox and reaches the contracts service's inbox, none lost in the second of writes the AOF had
 * not yet synced. A private redis-server on a loopback port and folder of its own (the suite's
 * stays untouched); the orders' database is the suite's FerretDB.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { QUEUES, createRedisConnection, createWorker } from '@rammeaftale/queues';
import request from 'supertest';
import {
  bearer,
  party,
  startRedis,
  uniqueName,
  until,
  type RunningRedis,
} from '@rammeaftale/testing';
import { orderModel } from '../../src/orders/order.model';
import { startTestPortal, type TestPortal } from '../support/start-portal';
import { orderBody } from '../support/order-factories';
import { makeSelectableOffer, offerReceived, pooled } from '../support/selected-order';

/** 1,000 by default; FAULT_ORDERS only to try the test quickly, never to make it pass. */
const ORDERS = Number(process.env.FAULT_ORDERS ?? 1000);
jest.setTimeout(300_000);

let idp: LocalIdentityProvider;
let redis: RunningRedis;
const redisDir = mkdtempSync(path.join(tmpdir(), 'redis-outbox-kill-'));
const name = uniqueName('op_redis_kill');
/** The API (no relay: the events wait in the orders) and, started later, the relay on its own. */
let api: TestPortal;
let relay: TestPortal | undefined;
let consumerRedis: ReturnType<typeof createRedisConnection> | undefined;
let consumer: ReturnType<typeof createWorker> | undefined;
/** How often each event id reached the inbox's consumer. */
const received = new Map<string, number>();
/** When the consumer got each event (epoch ms, every copy). */
const receivedAt: number[] = [];

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  redis = await startRedis({ dir: redisDir });
  api = await startTestPortal(name, {
    verifier: idp.verifier,
    roles: ['api'],
    env: { AUTH_ISSUER: idp.issuer, REDIS_URL: redis.url },
  });
  await makeSelectableOffer(api.runtime.db);
});

afterAll(async () => {
  await consumer?.close().catch(() => undefined);
  consumerRedis?.disconnect();
  await relay?.close().catch(() => undefined);
  await api?.runtime.db.dropDatabase().catch(() => undefined);
  await api?.close().catch(() => undefined);
  await redis?.stop();
});

/** Events still in the orders, counted here rather than by the relay's own query. */
async function pendingLeft(): Promise<number> {
  const docs = await orderModel(api.runtime.db)
    .find({}, { pendingEvents: 1 })
    .lean<{ pendingEvents?: unknown[] }[]>();
  return docs.reduce((n, d) => n + (d.pendingEvents?.length ?? 0), 0);
}

it(`When Redis is killed with SIGKILL while the relay publishes ${ORDERS} orders' events, then within 60 s of its return every event has left the outbox and reached the inbox`, async () => {
  const tokens = {
    caseworker: await idp.issue(party('caseworkerGreve')),
    supplier: await idp.issue(party('supplierA')),
  };
  const t0 = Date.now();
  const refused: string[] = [];
  // Each order accepted through the API (201), moved to an offer received, and the offer
  // selected through the API (200): the selection records the event in the order's outbox.
  await pooled(ORDERS, 16, async (i) => {
    const created = await request(api.http.url)
      .post('/api/orders')
      .set(bearer(tokens.caseworker))
      .send(orderBody({ citizen: { reference: `Borger F-${i}`, cpr: undefined } }));
    if (created.status !== 201) return void refused.push(`create ${created.status}`);
    const orderId = (created.body as { id: string }).id;
    const requestId = await offerReceived(api.runtime.db, orderId);
    const selected = await request(api.http.url)
      .post(`/api/orders/${orderId}/selection`)
      .set(bearer(tokens.caseworker))
      .send({ requestId });
    if (selected.status !== 200) refused.push(`selection ${selected.status}`);
  });
  const acceptMs = Date.now() - t0;
  expect(refused).toEqual([]);

  // Every order holds its one event: the ids the inbox must receive.
  const orders = await orderModel(api.runtime.db)
    .find({}, { pendingEvents: 1, status: 1 })
    .lean<{ _id: string; status: string; pendingEvents: { eventId: string; type: string }[] }[]>();
  expect(orders).toHaveLength(ORDERS);
  expect(orders.every((o) => o.status === 'selected' && o.pendingEvents.length === 1)).toBe(true);
  const eventIds = orders.map((o) => o.pendingEvents[0]!.eventId);

  // The contracts service's inbox, consumed as it would be (a little work per event), so a
  // backlog sits in Redis when it dies.
  consumerRedis = createRedisConnection(redis.url, 'worker');
  consumer = createWorker({
    queueName: QUEUES.contractEvents,
    connection: consumerRedis,
    prefix: name,
    logger: api.log.logger,
    concurrency: 4,
    lockDurationMs: 10_000,
    stalledIntervalMs: 2_000,
    processor: async (event) => {
      await new Promise((r) => setTimeout(r, 5));
      received.set(event.eventId, (received.get(event.eventId) ?? 0) + 1);
      receivedAt.push(Date.now());
    },
  });

  // The relay as its own part of the portal, publishing every 200 ms.
  const relayAt = Date.now();
  relay = await startTestPortal(name, {
    roles: ['relay'],
    env: { REDIS_URL: redis.url, OUTBOX_RELAY_MS: '200' },
  });
  const atKill = await until(
    () => pendingLeft(),
    (left) => left <= ORDERS * 0.7,
    60_000,
    20,
  );
  process.kill(redis.process.pid!, 'SIGKILL');
  const killedAt = Date.now();
  const receivedAtKill = received.size;
  await new Promise((r) => setTimeout(r, 4_000));
  redis = await startRedis({ dir: redisDir, port: redis.port });
  const backAt = Date.now();

  const done = await until(
    async () => ({ left: await pendingLeft(), got: eventIds.filter((id) => received.has(id)) }),
    (s) => s.left === 0 && s.got.length === ORDERS,
    60_000,
    250,
  );
  const drainS = (Date.now() - backAt) / 1000;
  // A copy published twice, or a job redelivered after the crash, would arrive in this pause.
  await new Promise((r) => setTimeout(r, 3_000));
  const copies = [...received.values()].filter((n) => n > 1).length;
  const firstBack = Math.min(...receivedAt.filter((t) => t >= backAt)) - backAt;
  const lastAt = Math.max(...receivedAt);
  console.log(
    `redis kill: ${ORDERS} orders accepted and selected in ${(acceptMs / 1000).toFixed(1)} s; ` +
      `relay started, ${ORDERS - atKill} published in ${((killedAt - relayAt) / 1000).toFixed(1)} s, ` +
      `killed with ${atKill} events in the outbox, ${receivedAtKill} received; down ` +
      `${((backAt - killedAt) / 1000).toFixed(1)} s; drained ${drainS.toFixed(1)} s after Redis ` +
      `returned (first event ${(firstBack / 1000).toFixed(1)} s after, last ` +
      `${((lastAt - backAt) / 1000).toFixed(1)} s after); ${received.size} distinct events received, ${copies} more than once`,
  );
  expect(done.left).toBe(0);
  expect(done.got).toHaveLength(ORDERS);
  expect(drainS).toBeLessThan(60);
  // Only the orders' events, each under its own id.
  expect([...received.keys()].sort()).toEqual([...eventIds].sort());
});
