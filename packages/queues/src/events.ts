import { z } from 'zod';
import { QUEUES, type EventInbox, type ServiceName } from './names';

/** Who publishes an event type and where its copies go. */
export interface EventDeclaration {
  /** The one service that records the event in its outbox and publishes it. */
  producer: ServiceName;
  /** The inboxes a copy goes to, one per consuming service (EVENT_INBOXES). */
  inboxes: readonly EventInbox[];
  /** What happened, in a line, for the reader. */
  meaning: string;
}

/**
 * Every domain event type of the suite, one declaration each: adding an event type is adding one
 * entry here. At start-up the producer's publisher and each consumer's dispatcher check their
 * side against this table (event-routing.ts), so a type nobody publishes or nobody handles is
 * refused before a single event flows.
 */
export const EVENTS = {
  'order.offer-selected': {
    producer: 'order-portal',
    inboxes: [QUEUES.contractEvents],
    meaning: "a case worker selected an offer for an order; the order's contract is drafted",
  },
  // The contracts service tells the portal what became of an order's contract. Refs: orderId,
  // contractId, municipalityId (the order's acting municipality), version; numbers and ids only.
  'contract.signed': {
    producer: 'standard-contract',
    inboxes: [QUEUES.portalEvents],
    meaning: "the buyer signed the version the supplier accepted: the order's contract is agreed",
  },
  'contract.terminated': {
    producer: 'standard-contract',
    inboxes: [QUEUES.portalEvents],
    meaning:
      'a running contract was terminated, with notice (refs.effectiveDate) or at once (ophævelse)',
  },
  'contract.cancelled': {
    producer: 'standard-contract',
    inboxes: [QUEUES.portalEvents],
    meaning:
      'a contract never came into force: the buyer withdrew it or the supplier rejected the draft',
  },
  // Steps that wait for a person of the other party, wherever they were taken (the portal's pages
  // or the contracts API directly): the portal tells those people (notices and mail, issue 15).
  'contract.sent-for-signature': {
    producer: 'standard-contract',
    inboxes: [QUEUES.portalEvents],
    meaning:
      "the buyer sent a contract version to the supplier: it awaits the supplier's acceptance (refs.supplierId)",
  },
  'contract.accepted-by-supplier': {
    producer: 'standard-contract',
    inboxes: [QUEUES.portalEvents],
    meaning: "the supplier accepted a contract version: it awaits the buyer's signature",
  },
  // Refs: tariffChangeId, municipalityId (the buyer asked), approvalDeadline (YYYY-MM-DD).
  'tariff-change.approval-requested': {
    producer: 'standard-contract',
    inboxes: [QUEUES.portalEvents],
    meaning: 'a tariff increase above P/L was announced and awaits the buyer municipality',
  },
  'tariff-change.approval-deadline-near': {
    producer: 'standard-contract',
    inboxes: [QUEUES.portalEvents],
    meaning:
      'the approval deadline of an increase the buyer municipality has not decided is near (TARIFF_DEADLINE_NEAR_DAYS)',
  },
} as const satisfies Record<string, EventDeclaration>;

export type DomainEventType = keyof typeof EVENTS;

const EVENT_TYPES = Object.keys(EVENTS) as [DomainEventType, ...DomainEventType[]];

const id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_:.-]+$/, 'must be an opaque id');

/** The payload of an event in an inbox. */
export const DomainEventJob = z.strictObject({
  eventId: id,
  type: z.enum(EVENT_TYPES),
  aggregateId: id,
  /** Only ids and numbers; never names, CPR numbers or free text about the citizen. */
  refs: z.record(z.string(), z.union([id, z.number()])).default({}),
});

/** An event of one type (all types by default). */
export type DomainEvent<T extends DomainEventType = DomainEventType> = Omit<
  z.infer<typeof DomainEventJob>,
  'type'
> & { type: T };
