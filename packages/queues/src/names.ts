/** Every queue in the suite, in one place: producers and consumers import the name from here. */
export const QUEUES = {
  /** Letters to suppliers (contract letters, tariff letters, orientation letters). */
  letters: 'letters',
  /** Tariff-increase reports to the supervisory authority (Socialtilsyn Øst). */
  authorityReports: 'authority-reports',
  /** Domain events between services (order selected → contract drafted, ...). */
  domainEvents: 'domain-events',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
