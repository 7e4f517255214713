/**
 * Bounded retention: every job the suite enqueues carries the removal options, so Redis keeps
 * completed jobs by age and count and failed ones two weeks (at least 7 days), then drops them.
 * Read back from Redis, not from the options object the code passed.
 */
import { testEnv, testLogger, uniqueName } from '@rammeaftale/testing';
import type { Redis } from 'ioredis';
import {
  EVENT_INBOXES,
  JOB_RETENTION,
  QUEUES,
  createEventPublisher,
  createProducer,
  createRedisConnection,
  jobIdFor,
} from '../src';

const { logger } = testLogger('retention-test');
const DAY_S = 24 * 3600;

let conn: Redis;
beforeAll(() => {
  conn = createRedisConnection(testEnv().REDIS_URL, 'producer');
});
afterAll(() => conn.disconnect());

/** The job's options as BullMQ stored them in the job's hash. */
async function storedOpts(prefix: string, queue: string, jobId: string) {
  const raw = await conn.hget(`${prefix}:${queue}:${jobId}`, 'opts');
  return JSON.parse(raw ?? 'null') as Record<string, unknown> | null;
}

describe('job retention in Redis', () => {
  it('When the suite retains jobs, then failed ones stay at least 7 days and completed ones are bounded by age and count', () => {
    expect(JOB_RETENTION.failed.age).toBeGreaterThanOrEqual(7 * DAY_S);
    expect(JOB_RETENTION.completed.age).toBeGreaterThan(0);
    expect(JOB_RETENTION.completed.count).toBeGreaterThan(0);
  });

  it('When a letter job is enqueued, also with a queue’s own attempts, then Redis holds it with the bounded removal options', async () => {
    const prefix = uniqueName('ret');
    const producer = createProducer(QUEUES.letters, conn, {
      logger,
      prefix,
      jobOptions: { attempts: 119 },
    });
    try {
      await producer.add('send', { deliveryId: 'd-1' }, { jobId: 'd-1' });
      const opts = await storedOpts(prefix, QUEUES.letters, jobIdFor('d-1'));
      expect(opts).toMatchObject({
        attempts: 119,
        removeOnComplete: JOB_RETENTION.completed,
        removeOnFail: JOB_RETENTION.failed,
      });
    } finally {
      await producer.close();
    }
  });

  it('When a domain event is published, then its inbox job carries the same removal options', async () => {
    const prefix = uniqueName('ret');
    const publisher = createEventPublisher('order-portal', conn, { logger, prefix });
    try {
      await publisher.publish({
        eventId: 'e-1',
        type: 'order.offer-selected',
        aggregateId: 'o-1',
        refs: {},
      });
      const inbox = EVENT_INBOXES['standard-contract'];
      const opts = await storedOpts(prefix, inbox, jobIdFor(`e-1:${inbox}`));
      expect(opts).toMatchObject({
        removeOnComplete: JOB_RETENTION.completed,
        removeOnFail: JOB_RETENTION.failed,
      });
    } finally {
      await publisher.close();
    }
  });
});
