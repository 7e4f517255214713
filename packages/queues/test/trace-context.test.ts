/**
 * Issue 17, traces: with tracing on, a job carries the W3C trace context of the span that added
 * it and the worker processes it in a child span, whose trace its log lines name. Tracing is
 * started the way a service starts it (packages/tracing); the spans are kept in memory here, as
 * jest cannot run the OTLP exporter (test/flows/tracing.test.ts exports to a receiver).
 */
import { SpanKind, trace } from '@opentelemetry/api';
import { withCorrelation } from '@rammeaftale/logging';
import { testEnv, testLogger, uniqueName, until } from '@rammeaftale/testing';
import { startTracing, type Tracing } from '@rammeaftale/tracing';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, createProducer, createRedisConnection, createWorker, type Producer } from '../src';

const log = testLogger('queues-trace');
/** The spans the SDK exported. */
const exported: ReadableSpan[] = [];
type ReadableSpan = {
  name: string;
  kind: number;
  spanContext: () => { traceId: string; spanId: string };
  parentSpanContext?: { spanId: string };
  resource: { attributes: Record<string, unknown> };
};
let tracing: Tracing | undefined;
let prefix: string;
let producerConn: Redis;
let workerConn: Redis;
let producer: Producer<typeof QUEUES.letters>;
let worker: Worker;

beforeAll(() => {
  tracing = startTracing(
    'queues-test',
    { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' },
    {
      traceExporter: {
        export: (spans, done) => {
          exported.push(...(spans as unknown as ReadableSpan[]));
          done({ code: 0 });
        },
        shutdown: () => Promise.resolve(),
      },
    },
  );
  prefix = uniqueName('qt');
  producerConn = createRedisConnection(testEnv().REDIS_URL, 'producer');
  workerConn = createRedisConnection(testEnv().REDIS_URL, 'worker');
  producer = createProducer(QUEUES.letters, producerConn, { logger: log.logger, prefix });
  worker = createWorker({
    queueName: QUEUES.letters,
    connection: workerConn,
    logger: log.logger,
    prefix,
    processor: (data) => {
      log.logger.info({ deliveryId: data.deliveryId }, 'processed');
      return Promise.resolve();
    },
  });
});

afterAll(async () => {
  await worker?.close();
  await producer?.close();
  producerConn?.disconnect();
  workerConn?.disconnect();
  await tracing?.shutdown();
});

const processed = (deliveryId: string) =>
  until(
    () => Promise.resolve(log.withMessage('processed').find((l) => l.deliveryId === deliveryId)),
    (l) => l !== undefined,
    20_000,
  );

it('When a job is added outside any span, then it carries no trace context and its lines name a trace of its own', async () => {
  await producer.add('send', { deliveryId: 'd-t2' }, { jobId: 'd-t2' });
  const job = await producer.getJob('d-t2');
  expect(job?.data).toEqual({ deliveryId: 'd-t2' });
  const line = await processed('d-t2');
  expect(typeof line?.traceId).toBe('string');
});

it('When a job is added inside a span, then it carries that traceparent and the worker logs and exports its processing as a child span of it', async () => {
  expect(tracing?.serviceName).toBe('queues-test');
  const { traceId, spanId } = await withCorrelation('req-trace-one', () =>
    trace.getTracer('test').startActiveSpan('request', async (request) => {
      await producer.add('send', { deliveryId: 'd-t1' }, { jobId: 'd-t1' });
      request.end();
      return request.spanContext();
    }),
  );
  const job = await producer.getJob('d-t1');
  expect(job?.data).toEqual({
    deliveryId: 'd-t1',
    correlationId: 'req-trace-one',
    traceparent: `00-${traceId}-${spanId}-01`,
  });
  const line = await processed('d-t1');
  expect(line).toMatchObject({ correlationId: 'req-trace-one', traceId, jobId: job?.id });
  expect(line?.spanId).not.toBe(spanId);

  // Last: the SDK's shutdown exports what it holds.
  await tracing?.shutdown();
  const jobSpan = exported.find((s) => s.spanContext().spanId === line?.spanId);
  expect({
    ...jobSpan?.spanContext(),
    parentSpanId: jobSpan?.parentSpanContext?.spanId,
    name: jobSpan?.name,
    kind: jobSpan?.kind,
    service: jobSpan?.resource.attributes['service.name'],
  }).toMatchObject({
    traceId,
    spanId: line?.spanId,
    parentSpanId: spanId,
    name: `process ${QUEUES.letters}`,
    kind: SpanKind.CONSUMER,
    service: 'queues-test',
  });
});
