/** Every queue in the suite, in one place: producers and consumers import the name from here. */
export const QUEUES = {
  /** Letters to suppliers and reports to the authority, sent by tariff-notifications. */
  letters: 'letters',
  /** standard-contract's inbox of domain events (see EVENT_INBOXES). */
  contractEvents: 'standard-contract-events',
  /** order-portal's inbox of domain events: what became of the orders' contracts. */
  portalEvents: 'order-portal-events',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** The deployables of the suite: who publishes an event and whose inbox it goes to. */
export type ServiceName = 'order-portal' | 'standard-contract' | 'tariff-notifications';

/**
 * Domain events go to one inbox queue per consuming service: a BullMQ queue hands each job to one
 * consumer, so a shared queue would split events between services instead of giving each its
 * copy. A service that starts consuming events adds its inbox here (and the queue to QUEUES).
 */
export const EVENT_INBOXES = {
  'standard-contract': QUEUES.contractEvents,
  'order-portal': QUEUES.portalEvents,
} as const satisfies Partial<Record<ServiceName, QueueName>>;

export type EventInbox = (typeof EVENT_INBOXES)[keyof typeof EVENT_INBOXES];
