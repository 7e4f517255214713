import type { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { testEnv, testLogger, uniqueName } from '@rammeaftale/testing';
import {
  EVENTS,
  EVENT_INBOXES,
  EventRoutingError,
  QUEUES,
  SUITE_EVENT_ROUTING,
  createEventPublisher,
  createRedisConnection,
  createWorker,
  eventDispatcher,
  type DomainEvent,
  type EventHandler,
  type EventHandlers,
  type EventPublisher,
  type EventRouting,
} from '../src';

const { logger } = testLogger('event-routing-test');
const handle: EventHandler = () => Promise.resolve('handled');
const job = {} as Job;

/** A routing table of two event types, for the refusals the suite's own table cannot show. */
const routing = (over: Partial<EventRouting> = {}): EventRouting => ({
  events: {
    'order.offer-selected': {
      producer: 'order-portal',
      inboxes: [QUEUES.contractEvents],
      meaning: 'an offer was selected',
    },
    'contract.signed': {
      producer: 'standard-contract',
      inboxes: ['order-portal-events'],
      meaning: 'a contract was signed',
    },
  },
  inboxes: { 'standard-contract': QUEUES.contractEvents, 'order-portal': 'order-portal-events' },
  ...over,
});

const refusal = (fn: () => unknown): EventRoutingError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof EventRoutingError) return err;
    throw err;
  }
  throw new Error('expected the service to refuse to start');
};

describe("the suite's event declarations", () => {
  it('When the declarations are read, then every event type has a producer and goes to at least one inbox of a service, and every inbox gets an event type', () => {
    const inboxes = Object.values(EVENT_INBOXES) as string[];
    for (const declaration of Object.values(EVENTS)) {
      expect(declaration.producer).toBeTruthy();
      expect(declaration.inboxes.length).toBeGreaterThan(0);
      for (const inbox of declaration.inboxes) expect(inboxes).toContain(inbox);
    }
    for (const inbox of inboxes)
      expect(
        Object.values(EVENTS).some((d) => (d.inboxes as readonly string[]).includes(inbox)),
      ).toBe(true);
  });

  it('When standard-contract registers a handler for each event routed to its inbox, then its dispatcher is made', () => {
    expect(() =>
      eventDispatcher('standard-contract', { 'order.offer-selected': handle }),
    ).not.toThrow();
  });
});

describe('a consumer refuses to start', () => {
  it('When an event type routed to its inbox has no handler, then it refuses, naming the type and the inbox', () => {
    const err = refusal(() => eventDispatcher('standard-contract', {}, routing()));
    expect(err.message).toContain('standard-contract refuses to start');
    expect(err.problems).toEqual([
      'no handler for "order.offer-selected", which is routed to its inbox standard-contract-events',
    ]);
  });

  it('When a handler is registered for a type not routed to its inbox, then it refuses, naming the type', () => {
    const handlers = { 'order.offer-selected': handle, 'contract.signed': handle } as EventHandlers;
    const err = refusal(() => eventDispatcher('standard-contract', handlers, routing()));
    expect(err.problems).toEqual([
      'a handler for "contract.signed", which is not routed to its inbox standard-contract-events',
    ]);
  });

  it('When its inbox has no producer (no event type is routed to it), then it refuses', () => {
    const table = routing({ events: { 'contract.signed': routing().events['contract.signed']! } });
    const err = refusal(() => eventDispatcher('standard-contract', {}, table));
    expect(err.problems).toEqual([
      'its inbox standard-contract-events has no producer: no event type is routed to it',
    ]);
  });

  it('When an event type routed to its inbox names no producer, then it refuses', () => {
    const table = routing({
      events: {
        'order.offer-selected': {
          producer: '' as 'order-portal',
          inboxes: [QUEUES.contractEvents],
          meaning: 'an offer was selected',
        },
      },
    });
    const err = refusal(() =>
      eventDispatcher('standard-contract', { 'order.offer-selected': handle }, table),
    );
    expect(err.problems).toEqual([
      '"order.offer-selected" is routed to its inbox standard-contract-events but has no producer',
    ]);
  });

  it('When the service has no inbox at all, then it refuses', () => {
    const err = refusal(() => eventDispatcher('tariff-notifications', {}, routing()));
    expect(err.problems).toEqual(['it has no event inbox (EVENT_INBOXES)']);
  });
});

describe('a producer refuses to start', () => {
  const redis = { on: () => undefined } as unknown as Redis; // never reached: refused first

  it('When the service publishes no event type, then it refuses', () => {
    const err = refusal(() => createEventPublisher('tariff-notifications', redis, { logger }));
    expect(err.problems).toEqual(['it publishes no event type']);
  });

  it('When one of its event types goes to no inbox, or to an inbox no service owns, then it refuses', () => {
    const table = routing({
      events: {
        'order.offer-selected': { producer: 'order-portal', inboxes: [], meaning: 'x' },
        'order.withdrawn': {
          producer: 'order-portal',
          inboxes: ['nobody-events' as typeof QUEUES.contractEvents],
          meaning: 'y',
        },
      },
    });
    const err = refusal(() => createEventPublisher('order-portal', redis, { logger }, table));
    expect(err.problems).toEqual([
      '"order.offer-selected" is routed to no inbox: nobody consumes it',
      '"order.withdrawn" goes to nobody-events, which is no service\'s inbox',
    ]);
  });
});

describe('events from publisher to handler, against a real Redis', () => {
  let conn: Redis;
  let workerConn: Redis;
  let publisher: EventPublisher;
  let worker: Worker | undefined;
  const prefix = uniqueName('ev');

  beforeAll(() => {
    conn = createRedisConnection(testEnv().REDIS_URL, 'producer');
    workerConn = createRedisConnection(testEnv().REDIS_URL, 'worker');
    publisher = createEventPublisher('order-portal', conn, { logger, prefix });
  });
  afterAll(async () => {
    await worker?.close();
    await publisher.close();
    conn.disconnect();
    workerConn.disconnect();
  });

  it("When order-portal publishes an event twice, then standard-contract's handler of its type gets it once", async () => {
    const seen: DomainEvent<'order.offer-selected'>[] = [];
    const done = new Promise<void>((resolve) => {
      worker = createWorker({
        queueName: QUEUES.contractEvents,
        connection: workerConn,
        logger,
        prefix,
        processor: eventDispatcher('standard-contract', {
          'order.offer-selected': (event) => {
            seen.push(event);
            resolve();
            return Promise.resolve();
          },
        }),
      });
    });
    const event: DomainEvent = {
      eventId: 'ev-one',
      type: 'order.offer-selected',
      aggregateId: 'o-1',
      refs: { offerId: 'tp-1' },
    };
    await publisher.publish(event);
    await publisher.publish(event);
    await done;
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([event]);
  });

  it('When the dispatcher gets an event, then it answers with what the handler of its type returned', async () => {
    const dispatch = eventDispatcher('standard-contract', { 'order.offer-selected': handle });
    await expect(
      dispatch({ eventId: 'e', type: 'order.offer-selected', aggregateId: 'o', refs: {} }, job),
    ).resolves.toBe('handled');
    expect(SUITE_EVENT_ROUTING.events).toBe(EVENTS);
  });
});
