import { Schema, type Connection } from 'mongoose';
import { connectDatabase } from '@rammeaftale/db';
import {
  QUEUES,
  createEventPublisher,
  createProducer,
  createRedisConnection,
  type EventPublisher,
  type Producer,
} from '@rammeaftale/queues';
import { testEnv, testLogger, uniqueName } from '@rammeaftale/testing';
import type { Redis } from 'ioredis';
import { pendingEventsField, pushEvent, relayPendingEvents } from '../src';

const { logger } = testLogger('outbox-test');
let conn: Connection;
let redis: Redis;
let publisher: EventPublisher;
/** The contracts service's inbox, read to see what the relay published. */
let producer: Producer<typeof QUEUES.contractEvents>;

beforeAll(async () => {
  conn = await connectDatabase({ url: testEnv().MONGO_URL, dbName: uniqueName('outbox'), logger });
  redis = createRedisConnection(testEnv().REDIS_URL, 'producer');
  const prefix = uniqueName('ob');
  publisher = createEventPublisher('order-portal', redis, { logger, prefix });
  producer = createProducer(QUEUES.contractEvents, redis, { logger, prefix });
});
afterAll(async () => {
  await publisher.close();
  await producer.close();
  redis.disconnect();
  await conn.close();
});

const schema = new Schema({ _id: String, status: String });
schema.add(pendingEventsField);

describe('embedded outbox', () => {
  it('When a state change records an event, then the relay publishes it once to the subscriber inbox and clears it', async () => {
    const Order = conn.model('Order', schema);
    await Order.create({ _id: 'o-1', status: 'offers_received' });
    await Order.updateOne(
      { _id: 'o-1', status: 'offers_received' },
      {
        $set: { status: 'selected' },
        ...pushEvent('order.offer-selected', { offerId: 'x1' }, 'ev-1'),
      },
    );

    expect(
      await relayPendingEvents({
        model: Order,
        publisher,
        logger,
      }),
    ).toBe(1);
    expect(
      await relayPendingEvents({
        model: Order,
        publisher,
        logger,
      }),
    ).toBe(0);
    const jobs = await producer.queue.getJobs(['waiting']);
    expect(jobs.map((j) => j.data as unknown)).toEqual([
      {
        eventId: 'ev-1',
        type: 'order.offer-selected',
        aggregateId: 'o-1',
        refs: { offerId: 'x1' },
      },
    ]);
    expect(
      (await Order.findById('o-1').lean<{ pendingEvents: unknown[] }>())?.pendingEvents,
    ).toEqual([]);
  });

  it('When Redis is unreachable, then the event stays in the document for the next pass', async () => {
    const Order = conn.model('Order2', schema);
    await Order.create({
      _id: 'o-2',
      status: 'selected',
      pendingEvents: [
        { eventId: 'ev-2', type: 'order.offer-selected', refs: {}, createdAt: new Date() },
      ],
    });
    const dead = createRedisConnection('redis://127.0.0.1:1', 'producer');
    dead.on('error', () => undefined);
    const deadPublisher = createEventPublisher('order-portal', dead, { logger, addTimeoutMs: 500 });
    expect(
      await relayPendingEvents({
        model: Order,
        publisher: deadPublisher,
        logger,
      }),
    ).toBe(0);
    expect(
      (await Order.findById('o-2').lean<{ pendingEvents: unknown[] }>())?.pendingEvents,
    ).toHaveLength(1);
    dead.disconnect();
    await deadPublisher.close().catch(() => undefined);
    expect(
      await relayPendingEvents({
        model: Order,
        publisher,
        logger,
      }),
    ).toBe(1);
  });
});
