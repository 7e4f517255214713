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

const log = testLogger('outbox-test');
const { logger } = log;
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

  it("When an event's refs hold a CPR-shaped value (the queue guard refuses it), then it is moved to refusedEvents without its refs and the relay goes on with the aggregate's next event and the documents after it", async () => {
    const Order = conn.model('Order3', schema);
    const ev = (eventId: string, refs: Record<string, string> = {}) => ({
      eventId,
      type: 'order.offer-selected',
      refs,
      createdAt: new Date(),
    });
    await Order.create({
      _id: 'o-3',
      status: 'selected',
      pendingEvents: [ev('ev-3a', { tariffChangeId: 'tc-0101901234abcdefghij' }), ev('ev-3b')],
    });
    await Order.create({ _id: 'o-4', status: 'selected', pendingEvents: [ev('ev-4')] });
    log.clear();
    expect(await relayPendingEvents({ model: Order, publisher, logger })).toBe(2);
    const o3 = await Order.findById('o-3').lean<{
      pendingEvents: unknown[];
      refusedEvents: Record<string, unknown>[];
    }>();
    expect(o3?.pendingEvents).toEqual([]);
    expect(o3?.refusedEvents).toEqual([
      {
        eventId: 'ev-3a',
        type: 'order.offer-selected',
        reason: 'refused by the queue guard: a CPR-shaped value in its refs',
        at: expect.any(Date) as unknown,
      },
    ]);
    expect(JSON.stringify(o3)).not.toContain('0101901234');
    const published = (await producer.queue.getJobs(['waiting'])).map(
      (j) => (j.data as { eventId: string }).eventId,
    );
    expect(published).toEqual(expect.arrayContaining(['ev-3b', 'ev-4']));
    expect(published).not.toContain('ev-3a');
    expect(log.lines().filter((l) => l.level === 50)).toHaveLength(1);
    expect(await relayPendingEvents({ model: Order, publisher, logger })).toBe(0);
  });
});
