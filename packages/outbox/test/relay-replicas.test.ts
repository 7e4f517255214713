import { Schema, type Connection } from 'mongoose';
import { connectDatabase } from '@rammeaftale/db';
import {
  QUEUES,
  createEventPublisher,
  createRedisConnection,
  createWorker,
  type EventPublisher,
} from '@rammeaftale/queues';
import { testEnv, testLogger, uniqueName, until } from '@rammeaftale/testing';
import type { Redis } from 'ioredis';
import { pendingEventsField, pushEvent, startRelay } from '../src';

/**
 * Two relays over one outbox, as two replicas of a service run them (issue 17): each event
 * reaches the consumer exactly once and none is lost. The relays share nothing but the database
 * and Redis, as two processes do; each has its own publisher and connection.
 */
const DOCS = 60;
const EVENTS_PER_DOC = 3;
const { logger } = testLogger('relay-replicas');
let conn: Connection;
const redis: Redis[] = [];
const publishers: EventPublisher[] = [];
let consumer: ReturnType<typeof createWorker>;
const received = new Map<string, number>();

beforeAll(async () => {
  conn = await connectDatabase({ url: testEnv().MONGO_URL, dbName: uniqueName('relays'), logger });
  const prefix = uniqueName('rr');
  for (let i = 0; i < 2; i++) {
    redis.push(createRedisConnection(testEnv().REDIS_URL, 'producer'));
    publishers.push(createEventPublisher('order-portal', redis[i]!, { logger, prefix }));
  }
  const workerRedis = createRedisConnection(testEnv().REDIS_URL, 'worker');
  redis.push(workerRedis);
  consumer = createWorker({
    queueName: QUEUES.contractEvents,
    connection: workerRedis,
    prefix,
    logger,
    concurrency: 10,
    processor: (data) => {
      received.set(data.eventId, (received.get(data.eventId) ?? 0) + 1);
      return Promise.resolve();
    },
  });
});

afterAll(async () => {
  await consumer?.close();
  await Promise.all(publishers.map((p) => p.close()));
  for (const r of redis) r.disconnect();
  await conn?.close();
});

const schema = new Schema({ _id: String, status: String });
schema.add(pendingEventsField);

it('When two relays run over the same outbox at once, then the consumer gets every event exactly once', async () => {
  const Order = conn.model('Order', schema);
  await Order.insertMany(
    Array.from({ length: DOCS }, (_, i) => ({ _id: `o-${i}`, status: 'selected' })),
  );
  const ids: string[] = [];
  for (let i = 0; i < DOCS; i++) {
    for (let e = 0; e < EVENTS_PER_DOC; e++) {
      const eventId = `ev-o${i}e${e}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
      ids.push(eventId);
      await Order.updateOne(
        { _id: `o-${i}` },
        pushEvent('order.offer-selected', { offerId: `x${e}` }, eventId),
      );
    }
  }
  // Both start at once and pass every 20 ms, each also kicked again and again.
  const relays = publishers.map((publisher) =>
    startRelay({ model: Order, publisher, logger, intervalMs: 20, batch: 10 }),
  );
  const started = Date.now();
  try {
    await until(
      async () => {
        await Promise.all(relays.map((r) => r.kick()));
        // Counted here, not by a query: the test must not share the relay's way of finding them.
        const docs = await Order.find({}, { pendingEvents: 1 }).lean<{ pendingEvents?: [] }[]>();
        return docs.filter((d) => d.pendingEvents?.length).length;
      },
      (left) => left === 0,
      60_000,
    );
  } finally {
    await Promise.all(relays.map((r) => r.stop()));
  }
  await until(
    () => Promise.resolve(received.size),
    (n) => n >= ids.length,
    30_000,
  );
  // Anything published twice would arrive in this pause.
  await new Promise((r) => setTimeout(r, 1_000));
  console.log(
    `two relays: ${ids.length} events in ${Date.now() - started} ms, ${received.size} received`,
  );
  expect([...received.keys()].sort()).toEqual([...ids].sort());
  expect([...received.values()].filter((n) => n !== 1)).toEqual([]);
}, 120_000);
