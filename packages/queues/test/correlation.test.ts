import { currentCorrelationId, withCorrelation } from '@rammeaftale/logging';
import { testEnv, testLogger, uniqueName, until } from '@rammeaftale/testing';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  QUEUES,
  UnrecoverableError,
  createProducer,
  createRedisConnection,
  createWorker,
  type Producer,
} from '../src';

/** Issue 17: a job runs under the correlation id of the request that added it. */
describe('the correlation id of a job', () => {
  const log = testLogger('queues-correlation');
  let prefix: string;
  let producerConn: Redis;
  let workerConn: Redis;
  let producer: Producer<typeof QUEUES.letters>;
  let worker: Worker;
  const seen = new Map<string, string | undefined>();

  beforeAll(() => {
    prefix = uniqueName('qc');
    producerConn = createRedisConnection(testEnv().REDIS_URL, 'producer');
    workerConn = createRedisConnection(testEnv().REDIS_URL, 'worker');
    producer = createProducer(QUEUES.letters, producerConn, { logger: log.logger, prefix });
    worker = createWorker({
      queueName: QUEUES.letters,
      connection: workerConn,
      logger: log.logger,
      prefix,
      processor: (data) => {
        // A letter that can never be sent: its job fails for good at its first attempt.
        if (data.deliveryId.startsWith('d-fail'))
          return Promise.reject(new UnrecoverableError('cannot be sent'));
        seen.set(data.deliveryId, currentCorrelationId());
        log.logger.info({ deliveryId: data.deliveryId }, 'processed');
        return Promise.resolve();
      },
      onFinalFailure: (data) => {
        log.logger.warn({ deliveryId: data?.deliveryId }, 'dead letter recorded');
        return Promise.resolve();
      },
    });
  });

  afterAll(async () => {
    await worker.close();
    await producer.close();
    producerConn.disconnect();
    workerConn.disconnect();
  });

  const processed = (deliveryId: string) =>
    until(
      () => Promise.resolve(log.withMessage('processed').find((l) => l.deliveryId === deliveryId)),
      (l) => l !== undefined,
      20_000,
    );

  it('When a request adds a job, then the worker runs it and logs under the request id, with the job id as a field', async () => {
    await withCorrelation('req-corr-one', () =>
      producer.add('send', { deliveryId: 'd-c1' }, { jobId: 'd-c1' }),
    );
    const line = await processed('d-c1');
    expect(seen.get('d-c1')).toBe('req-corr-one');
    expect(line).toMatchObject({ correlationId: 'req-corr-one', queue: QUEUES.letters });
    expect(line?.jobId).toBe((await producer.getJob('d-c1'))?.id);
  });

  it('When a job is added outside any request, then it runs under an id of its own', async () => {
    await producer.add('send', { deliveryId: 'd-c2' }, { jobId: 'd-c2' });
    await processed('d-c2');
    const job = await producer.getJob('d-c2');
    expect(job?.data).toEqual({ deliveryId: 'd-c2' });
    expect(seen.get('d-c2')).toBe(`job:${QUEUES.letters}:${job?.id}`);
  });

  it('When the current id is CPR-shaped, then the job is still added but the id stays out of Redis', async () => {
    await withCorrelation('010190-1234', () =>
      producer.add('send', { deliveryId: 'd-c3' }, { jobId: 'd-c3' }),
    );
    await processed('d-c3');
    const job = await producer.getJob('d-c3');
    expect(job?.data).toEqual({ deliveryId: 'd-c3' });
    expect(seen.get('d-c3')).toBe(`job:${QUEUES.letters}:${job?.id}`);
  });

  it('When a job fails for the last time, then its final-failure line and the hook log under the id of the request that added it', async () => {
    await withCorrelation('req-corr-final', () =>
      producer.add('send', { deliveryId: 'd-fail-1' }, { jobId: 'd-fail-1' }),
    );
    const job = await producer.getJob('d-fail-1');
    const hook = await until(
      () =>
        Promise.resolve(
          log.withMessage('dead letter recorded').find((l) => l.deliveryId === 'd-fail-1'),
        ),
      (l) => l !== undefined,
      20_000,
    );
    const final = log.withMessage('job failed permanently').filter((l) => l.jobId === job?.id);
    expect(final).toHaveLength(1);
    expect(final[0]).toMatchObject({
      correlationId: 'req-corr-final',
      queue: QUEUES.letters,
      final: true,
      reason: 'cannot be sent',
    });
    expect(hook).toMatchObject({ correlationId: 'req-corr-final', jobId: job?.id });
  });

  it('When a job added outside any request fails for the last time, then its line carries the id it ran under', async () => {
    await producer.add('send', { deliveryId: 'd-fail-2' }, { jobId: 'd-fail-2' });
    const job = await producer.getJob('d-fail-2');
    const final = await until(
      () =>
        Promise.resolve(log.withMessage('job failed permanently').find((l) => l.jobId === job?.id)),
      (l) => l !== undefined,
      20_000,
    );
    expect(final?.correlationId).toBe(`job:${QUEUES.letters}:${job?.id}`);
  });
});
