import { randomBytes } from 'node:crypto';
import { context } from '@opentelemetry/api';
import { Schema, type Model } from 'mongoose';
import { LeaseRepository, crossTenant, onOneReplica, trusted } from '@rammeaftale/db';
import { currentCorrelationId, withCorrelation, type Logger } from '@rammeaftale/logging';
import {
  PersonalDataInPayloadError,
  QueueUnavailableError,
  currentTraceFields,
  traceContextFrom,
  type DomainEvent,
  type DomainEventType,
  type EventPublisher,
} from '@rammeaftale/queues';

/**
 * The outbox for domain events, embedded in the aggregate document that changed.
 *
 * FerretDB has no multi-document transactions, so "update the order and write an outbox row"
 * cannot be atomic across collections. Instead the event is pushed into the aggregate's own
 * `pendingEvents` array in the same single-document update that changes its state; a relay
 * publishes pending events to the inboxes their type is routed to (EVENTS in packages/queues; job
 * id = event id, so publishing twice adds nothing) and only then pulls them out. Redis down → events wait in the document; relay crash
 * between publish and pull → published again, deduplicated by job id and by idempotent consumers.
 */
export interface PendingEvent {
  eventId: string;
  type: DomainEventType;
  refs: Record<string, string | number>;
  createdAt: Date;
  /** The request's (or job's) correlation id where the event was written; the inbox job carries it. */
  correlationId?: string;
  /**
   * The W3C trace context where it was written (tracing on): the relay publishes in it, so the
   * inbox job and its processing are in the trace of the request that caused the event.
   */
  traceparent?: string;
  tracestate?: string;
}

/** Add to a schema: `schema.add(pendingEventsField)`. */
export const pendingEventsField = {
  pendingEvents: {
    type: [
      new Schema(
        {
          eventId: { type: String, required: true },
          type: { type: String, required: true },
          refs: { type: Schema.Types.Mixed, default: {} },
          createdAt: { type: Date, required: true },
          correlationId: { type: String },
          traceparent: { type: String },
          tracestate: { type: String },
        },
        { _id: false, minimize: false },
      ),
    ],
    default: [],
  },
};

/**
 * Event ids of letters only: a UUID can hold ten digits in a row, which the queue's CPR guard
 * (rightly) refuses to put in Redis.
 */
export function newEventId(): string {
  return `ev-${[...randomBytes(24)].map((b) => 'abcdefghijkmnopqrstuvwxyz'[b % 25]).join('')}`;
}

/** The `$push` part of the update that changes state and records the event in one write. */
export function pushEvent(
  type: DomainEventType,
  refs: Record<string, string | number> = {},
  eventId: string = newEventId(),
) {
  const correlationId = currentCorrelationId();
  return {
    $push: {
      pendingEvents: {
        eventId,
        type,
        refs,
        createdAt: new Date(),
        ...(correlationId ? { correlationId } : {}),
        ...currentTraceFields(),
      },
    },
  };
}

export interface RelayOptions {
  /** The aggregate's model: any schema with `pendingEventsField`; the relay touches that field only. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mongoose models of different documents are not assignable to one another
  model: Model<any>;
  /** The service's publisher (createEventPublisher), which knows where each event type goes. */
  publisher: EventPublisher;
  logger: Logger;
  batch?: number;
  /**
   * Runs the pop of a published event holding the aggregate's own lease (the order's): on FerretDB
   * 1.x the pop writes the whole document back and would otherwise undo a concurrent leased write.
   */
  aggregateLease?: <T>(aggregateId: string, write: () => Promise<T>) => Promise<T>;
  /** How long one pass may hold the outbox's relay lease before another replica takes over. */
  leaseMs?: number;
}

const RELAY_LEASES = crossTenant("the outbox relay publishes every aggregate's events");

/**
 * Publishes pending events of up to `batch` documents; returns how many events went out. One pass
 * per outbox at a time over all replicas (a lease in `outbox_relay_leases` named by the
 * collection): two relays reading the same events would each publish and pop them, and on
 * FerretDB 1.x, where the pop's guard is read, compare, write back, both pops could win and
 * drop the event behind it unpublished. A replica that finds the lease held waits briefly for
 * that pass, then leaves the events to it (0).
 */
export async function relayPendingEvents(opts: RelayOptions): Promise<number> {
  const leases = new LeaseRepository(opts.model.db, {
    model: 'OutboxRelayLease',
    collection: 'outbox_relay_leases',
  });
  const key = `relay:${opts.model.collection.collectionName}`;
  const published = await onOneReplica(leases, RELAY_LEASES, key, () => relayPass(opts), {
    ttlMs: opts.leaseMs ?? 60_000,
    waitMs: 2_000,
  });
  return published ?? 0;
}

async function relayPass({
  model,
  publisher,
  logger,
  batch = 200,
  aggregateLease = (_id, write) => write(),
}: RelayOptions): Promise<number> {
  const docs = await model
    // By an element's field, not the array index 'pendingEvents.0': on FerretDB-PostgreSQL the
    // index path missed 30 of 60 documents with pending events in 3 of ~25 runs of
    // test/relay-replicas.test.ts (count 0 while the documents held 90 events), not reproduced since.
    .find({ 'pendingEvents.eventId': trusted({ $exists: true }) }, { pendingEvents: 1 })
    .limit(batch)
    .lean<{ _id: string; pendingEvents: PendingEvent[] }[]>();
  let published = 0;
  for (const doc of docs) {
    for (const ev of doc.pendingEvents) {
      const event: DomainEvent = {
        eventId: ev.eventId,
        type: ev.type,
        aggregateId: String(doc._id),
        refs: ev.refs ?? {},
      };
      try {
        // Published under the id and in the trace of the request that wrote it: the inbox job
        // carries both.
        await context.with(traceContextFrom(ev), () =>
          ev.correlationId
            ? withCorrelation(ev.correlationId, () => publisher.publish(event))
            : publisher.publish(event),
        );
      } catch (err) {
        if (err instanceof QueueUnavailableError) {
          logger.warn({ eventId: ev.eventId }, 'queue unavailable; event stays in the outbox');
          return published;
        }
        if (err instanceof PersonalDataInPayloadError) {
          await aggregateLease(String(doc._id), () => refuseEvent(model, doc._id, ev, logger));
          continue;
        }
        throw err;
      }
      // Events leave in order from the front; the guard makes a concurrent relay's pop a no-op.
      // ($pop rather than a conditional $pull: FerretDB 1.x pulls exact values only.)
      // Publishing is not a change of the aggregate: its updatedAt (lists sort by it) stays.
      await aggregateLease(String(doc._id), () =>
        model.updateOne(
          { _id: doc._id, 'pendingEvents.0.eventId': ev.eventId },
          { $pop: { pendingEvents: -1 } },
          { timestamps: false },
        ),
      );
      published++;
    }
  }
  return published;
}

/**
 * An event the queue guard refuses (a CPR-shaped value in its refs, e.g. a tariff change id made
 * before ids were written in letters, ADR 0014) can never be published: left in front, it would
 * stop its aggregate's later events and end every pass before the documents after it. It is
 * moved out of `pendingEvents` into `refusedEvents`, without its refs (the refused value is not
 * kept), with the reason, and logged once for the operator.
 */
async function refuseEvent(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as RelayOptions['model']
  model: Model<any>,
  id: string,
  ev: PendingEvent,
  logger: Logger,
): Promise<void> {
  const reason = 'refused by the queue guard: a CPR-shaped value in its refs';
  await model.updateOne(
    { _id: id, 'pendingEvents.0.eventId': ev.eventId },
    {
      $pop: { pendingEvents: -1 },
      $push: { refusedEvents: { eventId: ev.eventId, type: ev.type, reason, at: new Date() } },
    },
    // Not a field of the aggregate's schema: a dead letter kept beside it for the operator.
    { timestamps: false, strict: false },
  );
  logger.error({ eventId: ev.eventId, type: ev.type, aggregateId: id }, `event ${reason}`);
}

/** Runs the relay every `intervalMs` (and once at start); returns a stop function. */
export function startRelay(opts: RelayOptions & { intervalMs: number }): {
  stop: () => Promise<void>;
  kick: () => Promise<number>;
} {
  let running: Promise<number> | undefined;
  const kick = () =>
    (running ??= relayPendingEvents(opts)
      .catch((err: unknown) => {
        opts.logger.warn({ err }, 'outbox relay pass failed');
        return 0;
      })
      .finally(() => {
        running = undefined;
      }));
  const timer = setInterval(() => void kick(), opts.intervalMs);
  timer.unref();
  void kick();
  return {
    kick,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

export { outboxBacklog } from './backlog';
