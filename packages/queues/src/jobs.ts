import { z } from 'zod';
import { looksLikeCpr } from '@rammeaftale/domain';
import { QUEUES, type EventInbox, type QueueName } from './names';

/**
 * Job payloads, one zod schema per queue, shared by producer and consumer. Payloads carry ids
 * only: the job's state and any personal data stay in the owning service's database.
 */
const id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_:.-]+$/, 'must be an opaque id');

export const LetterJob = z.strictObject({ deliveryId: id });
export const AuthorityReportJob = z.strictObject({ reportId: id });
export const DomainEventJob = z.strictObject({
  eventId: id,
  type: z.enum([
    'order.offer-selected',
    'contract.drafted',
    'contract.signed',
    'tariff.change-announced',
  ]),
  aggregateId: id,
  /** Only ids and numbers; never names, CPR numbers or free text about the citizen. */
  refs: z.record(z.string(), z.union([id, z.number()])).default({}),
});

export const jobSchemas = {
  [QUEUES.letters]: LetterJob,
  [QUEUES.authorityReports]: AuthorityReportJob,
  [QUEUES.contractEvents]: DomainEventJob,
  [QUEUES.portalEvents]: DomainEventJob,
} satisfies Record<QueueName, z.ZodType>;

export type DomainEvent = z.infer<typeof DomainEventJob>;
export type DomainEventType = DomainEvent['type'];

/** Who receives which event: each subscriber gets its own copy in its own inbox. */
export const EVENT_SUBSCRIBERS: Record<DomainEventType, EventInbox[]> = {
  'order.offer-selected': [QUEUES.contractEvents],
  'contract.drafted': [QUEUES.portalEvents],
  'contract.signed': [QUEUES.portalEvents],
  'tariff.change-announced': [QUEUES.contractEvents],
};

export type JobPayload<Q extends QueueName> = z.infer<(typeof jobSchemas)[Q]>;

/** Defence in depth: a payload that looks like it holds a CPR number is refused before Redis sees it. */
export function assertNoPersonalData(payload: unknown): void {
  if (looksLikeCpr(JSON.stringify(payload))) {
    throw new Error('job payload refused: it contains a CPR-shaped value');
  }
}
