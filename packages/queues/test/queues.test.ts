import { testEnv, testLogger, uniqueName } from '@rammeaftale/testing';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  QUEUES,
  createProducer,
  createRedisConnection,
  createWorker,
  QueueUnavailableError,
  UnrecoverableError,
  jitteredBackoff,
  jobIdFor,
  type Producer,
} from '../src';

const { logger } = testLogger('queues-test');

describe('producer and worker against a real Redis', () => {
  let prefix: string;
  let producerConn: Redis;
  let workerConn: Redis;
  let producer: Producer<typeof QUEUES.letters>;
  let worker: Worker | undefined;

  beforeEach(() => {
    prefix = uniqueName('q');
    producerConn = createRedisConnection(testEnv().REDIS_URL, 'producer');
    workerConn = createRedisConnection(testEnv().REDIS_URL, 'worker');
    producer = createProducer(QUEUES.letters, producerConn, { logger, prefix });
  });

  afterEach(async () => {
    await worker?.close();
    await producer.close();
    producerConn.disconnect();
    workerConn.disconnect();
  });

  it('When a job is added, then the worker receives the validated payload once', async () => {
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      worker = createWorker({
        queueName: QUEUES.letters,
        connection: workerConn,
        logger,
        prefix,
        processor: (data) => {
          seen.push(data.deliveryId);
          resolve();
          return Promise.resolve();
        },
      });
    });
    await producer.add('send', { deliveryId: 'd-1' }, { jobId: 'd-1' });
    await producer.add('send', { deliveryId: 'd-1' }, { jobId: 'd-1' }); // same business key: deduplicated
    await done;
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual(['d-1']);
  });

  it('When the business key holds colons, then it still makes a valid, stable job id', async () => {
    await producer.add('send', { deliveryId: 'd-5' }, { jobId: 'contract-letter:c-1:v2:x' });
    expect((await producer.getJob('contract-letter:c-1:v2:x'))?.data).toEqual({
      deliveryId: 'd-5',
    });
  });

  it('When a job fails with a temporary error, then it is retried and succeeds', async () => {
    let calls = 0;
    const done = new Promise<void>((resolve) => {
      worker = createWorker({
        queueName: QUEUES.letters,
        connection: workerConn,
        logger,
        prefix,
        backoffBaseMs: 10,
        processor: () => {
          calls++;
          if (calls < 3) return Promise.reject(new Error('451 try later'));
          resolve();
          return Promise.resolve();
        },
      });
    });
    await producer.add('send', { deliveryId: 'd-2' }, { jobId: 'd-2' });
    await done;
    expect(calls).toBe(3);
  });

  it('When a job can never succeed, then it fails once, is kept, and the final-failure hook runs once', async () => {
    let calls = 0;
    const finals: string[] = [];
    const hooked = new Promise<void>((resolve) => {
      worker = createWorker({
        queueName: QUEUES.letters,
        connection: workerConn,
        logger,
        prefix,
        processor: () => {
          calls++;
          return Promise.reject(new UnrecoverableError('550 mailbox unavailable'));
        },
        onFinalFailure: (data, _job, err) => {
          finals.push(`${data?.deliveryId}:${err.message}`);
          resolve();
          return Promise.resolve();
        },
      });
    });
    await producer.add('send', { deliveryId: 'd-3' }, { jobId: 'd-3' });
    await hooked;
    expect(calls).toBe(1);
    expect(finals).toEqual(['d-3:550 mailbox unavailable']);
    const failed = await producer.queue.getFailed();
    expect(failed.map((j) => j.id)).toEqual([jobIdFor('d-3')]);
  });

  it('When a payload carries anything but ids, then the producer refuses it before Redis sees it', async () => {
    await expect(
      producer.add('send', { deliveryId: 'd-4', cpr: '0101901234' } as never, { jobId: 'x' }),
    ).rejects.toThrow();
    await expect(
      producer.add('send', { deliveryId: '010190-1234' }, { jobId: 'y' }),
    ).rejects.toThrow(/CPR/);
    expect(await producer.queue.getJobCounts()).toMatchObject({ waiting: 0 });
  });
});

describe('producer when Redis is unreachable', () => {
  it('When Redis does not answer, then add fails fast with QueueUnavailableError', async () => {
    const conn = createRedisConnection('redis://127.0.0.1:1', 'producer');
    conn.on('error', () => undefined);
    const producer = createProducer(QUEUES.letters, conn, { logger, addTimeoutMs: 1500 });
    const started = Date.now();
    await expect(producer.add('send', { deliveryId: 'z' }, { jobId: 'z' })).rejects.toBeInstanceOf(
      QueueUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    conn.disconnect();
    await producer.close().catch(() => undefined);
  });
});

describe('jitteredBackoff', () => {
  it('When attempts grow, then the delay doubles within its jitter band and stops at the cap', () => {
    expect(jitteredBackoff(1, 1000, 3_600_000, () => 0)).toBe(500);
    expect(jitteredBackoff(1, 1000, 3_600_000, () => 1)).toBe(1000);
    expect(jitteredBackoff(4, 1000, 3_600_000, () => 0)).toBe(4000);
    expect(jitteredBackoff(30, 1000, 3_600_000, () => 1)).toBe(3_600_000);
  });
});
