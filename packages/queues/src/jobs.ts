import { z } from 'zod';
import { looksLikeCpr } from '@rammeaftale/domain';
import { DomainEventJob } from './events';
import { EVENT_INBOXES, QUEUES, type EventInbox, type QueueName } from './names';

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

/** Every event inbox carries domain events. */
const inboxSchemas = Object.fromEntries(
  Object.values(EVENT_INBOXES).map((inbox) => [inbox, DomainEventJob]),
) as Record<EventInbox, typeof DomainEventJob>;

export const jobSchemas = {
  [QUEUES.letters]: LetterJob,
  ...inboxSchemas,
} satisfies Record<QueueName, z.ZodType>;

export type JobPayload<Q extends QueueName> = z.infer<(typeof jobSchemas)[Q]>;

/**
 * A payload refused because it holds a CPR-shaped value. Retrying cannot help (the payload is
 * the same next time), so callers record it as failed with this reason instead of retrying.
 */
export class PersonalDataInPayloadError extends Error {
  constructor() {
    super('job payload refused: it contains a CPR-shaped value');
    this.name = 'PersonalDataInPayloadError';
  }
}

/** Defence in depth: a payload that looks like it holds a CPR number is refused before Redis sees it. */
export function assertNoPersonalData(payload: unknown): void {
  if (looksLikeCpr(JSON.stringify(payload))) throw new PersonalDataInPayloadError();
}
