import { Schema, type Connection } from 'mongoose';
import { connectDatabase } from '@rammeaftale/db';
import { testEnv, testLogger, uniqueName } from '@rammeaftale/testing';
import { outboxBacklog, pendingEventsField, pushEvent } from '../src';

const { logger } = testLogger('outbox-backlog');
let conn: Connection;

beforeAll(async () => {
  conn = await connectDatabase({ url: testEnv().MONGO_URL, dbName: uniqueName('obl'), logger });
});
afterAll(() => conn.close());

const schema = new Schema({ _id: String, status: String });
schema.add(pendingEventsField);

describe('outbox backlog (the metrics read it on scrape)', () => {
  it('When events wait in several aggregates, then the backlog counts every event and ages the oldest; when none waits, 0 and 0', async () => {
    const Order = conn.model('BacklogOrder', schema);
    expect(await outboxBacklog(Order)).toEqual({ pending: 0, oldestAgeSeconds: 0 });
    await Order.create({ _id: 'o-1', status: 'x' });
    await Order.create({ _id: 'o-2', status: 'x' });
    await Order.create({ _id: 'o-3', status: 'x' });
    await Order.updateOne({ _id: 'o-1' }, pushEvent('order.offer-selected', {}, 'ev-a'));
    await Order.updateOne({ _id: 'o-1' }, pushEvent('order.offer-selected', {}, 'ev-b'));
    await Order.updateOne({ _id: 'o-2' }, pushEvent('order.offer-selected', {}, 'ev-c'));
    // The oldest event is neither the first document's nor the first written: 15 minutes old.
    const fifteenMinutesAgo = new Date(Date.now() - 900_000);
    await Order.updateOne(
      { _id: 'o-2' },
      { $set: { 'pendingEvents.0.createdAt': fifteenMinutesAgo } },
    );
    const backlog = await outboxBacklog(Order);
    console.log(
      `backlog: ${backlog.pending} events, oldest ${backlog.oldestAgeSeconds.toFixed(1)} s`,
    );
    expect(backlog.pending).toBe(3);
    expect(backlog.oldestAgeSeconds).toBeGreaterThanOrEqual(900);
    expect(backlog.oldestAgeSeconds).toBeLessThan(960);

    await Order.updateMany({}, { $set: { pendingEvents: [] } });
    expect(await outboxBacklog(Order)).toEqual({ pending: 0, oldestAgeSeconds: 0 });
  });
});
