import { UnrecoverableError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '@rammeaftale/logging';
import { EVENTS, type DomainEvent, type DomainEventType, type EventDeclaration } from './events';
import { EVENT_INBOXES, type EventInbox, type ServiceName } from './names';
import { createProducer, type Producer } from './producer';

/** The tables a service checks its side against: the suite's own, or a test's. */
export interface EventRouting {
  events: Readonly<Record<string, EventDeclaration>>;
  inboxes: Readonly<Partial<Record<ServiceName, string>>>;
}

export const SUITE_EVENT_ROUTING: EventRouting = { events: EVENTS, inboxes: EVENT_INBOXES };

/** A service's events and its declarations disagree: it must not start. */
export class EventRoutingError extends Error {
  override readonly name = 'EventRoutingError';

  constructor(
    readonly service: ServiceName,
    readonly problems: string[],
  ) {
    super(`${service} refuses to start: ${problems.join('; ')} (see EVENTS in packages/queues)`);
  }
}

export type EventHandler<T extends DomainEventType = DomainEventType> = (
  event: DomainEvent<T>,
  job: Job,
) => Promise<unknown>;

/** A consumer's handlers, one per event type routed to its inbox. */
export type EventHandlers = { readonly [T in DomainEventType]?: EventHandler<T> };

export type EventDispatch = (event: DomainEvent, job: Job) => Promise<unknown>;

const routedTo = (inbox: string, routing: EventRouting): string[] =>
  Object.entries(routing.events)
    .filter(([, d]) => d.inboxes.includes(inbox as EventInbox))
    .map(([type]) => type);

/** What is wrong with a consumer's handlers for its inbox (empty: nothing). */
function consumerProblems(inbox: string, handled: string[], routing: EventRouting): string[] {
  const routed = routedTo(inbox, routing);
  if (routed.length === 0)
    return [`its inbox ${inbox} has no producer: no event type is routed to it`];
  const problems: string[] = [];
  for (const type of routed) {
    if (!routing.events[type]?.producer)
      problems.push(`"${type}" is routed to its inbox ${inbox} but has no producer`);
    if (!handled.includes(type))
      problems.push(`no handler for "${type}", which is routed to its inbox ${inbox}`);
  }
  for (const type of handled)
    if (!routed.includes(type))
      problems.push(`a handler for "${type}", which is not routed to its inbox ${inbox}`);
  return problems;
}

/**
 * The processor of a service's event inbox: each event goes to the handler of its type. Built at
 * start-up, it refuses (EventRoutingError, naming what is missing) when an event type routed to the
 * inbox has no handler, a handler is registered for a type not routed there, or the inbox has no
 * producer — so a consumer never starts only to leave a kind of event unhandled.
 */
export function eventDispatcher(
  service: ServiceName,
  handlers: EventHandlers,
  routing: EventRouting = SUITE_EVENT_ROUTING,
): EventDispatch {
  const inbox = routing.inboxes[service];
  if (!inbox) throw new EventRoutingError(service, ['it has no event inbox (EVENT_INBOXES)']);
  const byType = new Map(
    (Object.entries(handlers) as [string, EventHandler | undefined][]).filter(
      (entry): entry is [string, EventHandler] => entry[1] !== undefined,
    ),
  );
  const problems = consumerProblems(inbox, [...byType.keys()], routing);
  if (problems.length > 0) throw new EventRoutingError(service, problems);
  return (event, job) => {
    const handler = byType.get(event.type);
    // Only when the payload schema and the dispatcher were built from different tables.
    if (!handler) throw new UnrecoverableError(`no handler for "${event.type}" in ${inbox}`);
    return handler(event, job);
  };
}

/** Publishes a service's events to the inboxes they are routed to. */
export interface EventPublisher {
  readonly service: ServiceName;
  /** Adds the event to each of its inboxes; job id = event id and inbox, so a second publish adds nothing. */
  publish: (event: DomainEvent) => Promise<void>;
  close: () => Promise<void>;
}

function publisherProblems(service: ServiceName, routing: EventRouting): string[] {
  const published = Object.entries(routing.events).filter(([, d]) => d.producer === service);
  if (published.length === 0) return ['it publishes no event type'];
  const owned = new Set(Object.values(routing.inboxes));
  const problems: string[] = [];
  for (const [type, d] of published) {
    if (d.inboxes.length === 0)
      problems.push(`"${type}" is routed to no inbox: nobody consumes it`);
    for (const inbox of d.inboxes)
      if (!owned.has(inbox))
        problems.push(`"${type}" goes to ${inbox}, which is no service's inbox`);
  }
  return problems;
}

/**
 * The producer side: one queue producer per inbox the service's events go to. Refuses to be made
 * (EventRoutingError) when the service publishes no event type, or one of its types goes nowhere.
 */
export function createEventPublisher(
  service: ServiceName,
  connection: Redis,
  opts: { logger: Logger; prefix?: string; addTimeoutMs?: number },
  routing: EventRouting = SUITE_EVENT_ROUTING,
): EventPublisher {
  const problems = publisherProblems(service, routing);
  if (problems.length > 0) throw new EventRoutingError(service, problems);
  const inboxes = new Set(
    Object.values(routing.events)
      .filter((d) => d.producer === service)
      .flatMap((d) => d.inboxes),
  );
  const producers = new Map<string, Producer<EventInbox>>(
    [...inboxes].map((inbox) => [inbox, createProducer(inbox, connection, opts)]),
  );
  return {
    service,
    async publish(event) {
      const declaration = routing.events[event.type];
      if (declaration?.producer !== service)
        throw new Error(`${service} does not publish "${event.type}" events`);
      for (const inbox of declaration.inboxes)
        await producers.get(inbox)!.add(event.type, event, { jobId: `${event.eventId}:${inbox}` });
    },
    close: async () => {
      await Promise.all([...producers.values()].map((p) => p.close()));
    },
  };
}
