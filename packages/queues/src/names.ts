/** Every queue in the suite, in one place: producers and consumers import the name from here. */
export const QUEUES = {
  /** Letters to suppliers (contract letters, tariff letters, orientation letters). */
  letters: 'letters',
  /** Tariff-increase reports to the supervisory authority (Socialtilsyn Øst). */
  authorityReports: 'authority-reports',
  /**
   * Domain events, one inbox queue per consuming service: a BullMQ queue hands each job to one
   * consumer, so a shared queue would split events between services instead of giving each its
   * copy. Publishers add the event to every subscriber's inbox (EVENT_SUBSCRIBERS).
   */
  contractEvents: 'standard-contract-events',
  portalEvents: 'order-portal-events',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export type EventInbox = typeof QUEUES.contractEvents | typeof QUEUES.portalEvents;
