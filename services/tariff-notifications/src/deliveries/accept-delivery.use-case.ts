import { createHash } from 'node:crypto';
import { NotFoundError, RejectedError, looksLikeCpr } from '@rammeaftale/domain';
import type { Logger } from '@rammeaftale/logging';
import {
  QueueUnavailableError,
  carriedCorrelationId,
  type Producer,
  type QUEUES,
} from '@rammeaftale/queues';
import type { Delivery, DeliveryRepository, NewDelivery } from './delivery.repository';
import type { LetterScope } from './letter.access';

export interface LetterInput {
  key: string;
  kind: string;
  campaignId?: string;
  to: string[];
  /** Where an answer goes (Reply-To): the party who can answer the letter. */
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
}

/** A Message-ID derived from the business key: a re-send after a crash carries the same id. */
export function stableMessageId(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@rammeaftale-sjaelland.dk>`;
}

type AcceptDeps = {
  deliveries: DeliveryRepository;
  producer: Producer<typeof QUEUES.letters>;
  logger: Logger;
};

/**
 * The stored record of a letter: keyed by its business key, with its stable Message-ID and the
 * correlation id of the request accepting it (for the reconciler's re-send of a lost job).
 */
const newDelivery = (input: LetterInput, correlationId = carriedCorrelationId()): NewDelivery => ({
  _id: input.key,
  kind: input.kind,
  campaignId: input.campaignId,
  to: input.to,
  ...(input.replyTo ? { replyTo: input.replyTo } : {}),
  subject: input.subject,
  text: input.text,
  html: input.html,
  attachments: input.attachments,
  messageId: stableMessageId(input.key),
  ...(correlationId ? { correlationId } : {}),
});

/**
 * Accept a letter: write it (the outbox) first, then try to enqueue. If Redis is down the letter
 * stays pending and the reconciler enqueues it later — accepted means delivered eventually.
 */
export async function acceptDelivery(
  deps: AcceptDeps,
  scope: LetterScope,
  input: LetterInput,
): Promise<{ delivery: Delivery; created: boolean; enqueued: boolean }> {
  const { delivery, created } = await deps.deliveries.accept(scope, newDelivery(input));
  if (delivery.status !== 'pending') return { delivery, created, enqueued: false };
  const enqueued = await enqueueDelivery(deps, delivery.id);
  return { delivery, created, enqueued };
}

/** The operator's retry: a failed delivery is reopened and enqueued again under the same key. */
export async function retryDelivery(
  deps: AcceptDeps,
  scope: LetterScope,
  id: string,
): Promise<Delivery> {
  // Failed because its key is CPR-shaped (accepted before keys were checked): never a job.
  if (looksLikeCpr(id))
    throw new RejectedError('The letter cannot be sent again: its key holds a CPR-shaped value', {
      code: 'cpr-in-letter',
    });
  const d = await deps.deliveries.reopen(scope, id);
  if (!d) throw new NotFoundError('Failed delivery');
  await deps.producer.getJob(d.id).then((j) => j?.remove());
  await enqueueDelivery(deps, d.id);
  return d;
}

export async function enqueueDelivery(
  deps: { producer: Producer<typeof QUEUES.letters>; logger: Logger },
  deliveryId: string,
): Promise<boolean> {
  try {
    await deps.producer.add('send-letter', { deliveryId }, { jobId: deliveryId });
    return true;
  } catch (err) {
    if (!(err instanceof QueueUnavailableError)) throw err;
    deps.logger.warn(
      { deliveryId },
      'queue unavailable; letter stays in the outbox for the reconciler',
    );
    return false;
  }
}

/**
 * Accept many letters at once (a campaign, a batch from another service): one outbox write for
 * all of them, then each pending one enqueued. Same guarantees as `acceptDelivery`: a key already
 * accepted is not accepted again, and a letter that could not be enqueued stays pending for the
 * reconciler.
 */
export async function acceptDeliveries(
  deps: AcceptDeps,
  scope: LetterScope,
  inputs: LetterInput[],
): Promise<{ created: number; enqueued: number }> {
  const { created, pending } = await deps.deliveries.acceptMany(
    scope,
    inputs.map((input) => newDelivery(input)),
  );
  const enqueued = await Promise.all(pending.map((id) => enqueueDelivery(deps, id)));
  return { created: created.length, enqueued: enqueued.filter(Boolean).length };
}
