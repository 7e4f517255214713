/**
 * Issue 17, traces: an event written inside a traced request keeps that request's trace context
 * in the outbox, and the relay, which runs later outside any request, publishes it in that
 * context, so the subscriber's inbox job (and the worker's span of it) is in the request's trace.
 */
import { trace } from '@opentelemetry/api';
import { Schema, type Connection } from 'mongoose';
import { connectDatabase } from '@rammeaftale/db';
import { withCorrelation } from '@rammeaftale/logging';
import {
  QUEUES,
  createEventPublisher,
  createProducer,
  createRedisConnection,
  type EventPublisher,
  type Producer,
} from '@rammeaftale/queues';
import { testEnv, testLogger, uniqueName } from '@rammeaftale/testing';
import { startTracing, type Tracing } from '@rammeaftale/tracing';
import type { Redis } from 'ioredis';
import { pendingEventsField, pushEvent, relayPendingEvents } from '../src';

const { logger } = testLogger('outbox-trace');
let tracing: Tracing | undefined;
let conn: Connection;
let redis: Redis;
let publisher: EventPublisher;
let inbox: Producer<typeof QUEUES.contractEvents>;

beforeAll(async () => {
  // On as a service has it; the spans themselves are not looked at here (queues' and the flow's
  // tests do), so they go nowhere.
  tracing = startTracing(
    'outbox-test',
    { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' },
    { traceExporter: { export: (_s, done) => done({ code: 0 }), shutdown: async () => {} } },
  );
  conn = await connectDatabase({ url: testEnv().MONGO_URL, dbName: uniqueName('obt'), logger });
  redis = createRedisConnection(testEnv().REDIS_URL, 'producer');
  const prefix = uniqueName('obt');
  publisher = createEventPublisher('order-portal', redis, { logger, prefix });
  inbox = createProducer(QUEUES.contractEvents, redis, { logger, prefix });
});

afterAll(async () => {
  await publisher?.close();
  await inbox?.close();
  redis?.disconnect();
  await conn?.close();
  await tracing?.shutdown();
});

const schema = new Schema({ _id: String, status: String });
schema.add(pendingEventsField);

it('When a traced request records an event, then the relay publishes it later with the request’s traceparent beside the correlation id', async () => {
  const Order = conn.model('TracedOrder', schema);
  await Order.create({ _id: 'o-t1', status: 'offers_received' });
  const { traceId, spanId } = await withCorrelation('req-outbox-trace', () =>
    trace.getTracer('test').startActiveSpan('request', async (span) => {
      await Order.updateOne(
        { _id: 'o-t1' },
        { $set: { status: 'selected' }, ...pushEvent('order.offer-selected', {}, 'ev-t1') },
      );
      span.end();
      return span.spanContext();
    }),
  );
  const traceparent = `00-${traceId}-${spanId}-01`;
  const stored = await Order.findById('o-t1').lean<{ pendingEvents: object[] }>();
  expect(stored?.pendingEvents).toEqual([expect.objectContaining({ traceparent })]);

  // The relay's pass: no span is active here.
  expect(trace.getActiveSpan()).toBeUndefined();
  expect(await relayPendingEvents({ model: Order, publisher, logger })).toBe(1);
  const [job] = await inbox.queue.getJobs(['waiting']);
  expect(job?.data).toEqual({
    eventId: 'ev-t1',
    type: 'order.offer-selected',
    aggregateId: 'o-t1',
    refs: {},
    correlationId: 'req-outbox-trace',
    traceparent,
  });
});

it('When an event was recorded outside any span, then its inbox job carries no trace context', async () => {
  const Order = conn.model('UntracedOrder', schema);
  await Order.create({ _id: 'o-t2', status: 'offers_received' });
  await Order.updateOne(
    { _id: 'o-t2' },
    { $set: { status: 'selected' }, ...pushEvent('order.offer-selected', {}, 'ev-t2') },
  );
  expect(await relayPendingEvents({ model: Order, publisher, logger })).toBe(1);
  const job = (await inbox.queue.getJobs(['waiting'])).find(
    (j) => (j.data as { eventId: string }).eventId === 'ev-t2',
  );
  expect(job?.data).not.toHaveProperty('traceparent');
});
