import { createHash } from 'node:crypto';
import type { Logger } from '@rammeaftale/logging';
import { QueueUnavailableError, type Producer, type QUEUES } from '@rammeaftale/queues';
import type { Delivery, DeliveryRepository } from './delivery.repository';

export interface LetterInput {
  key: string;
  kind: string;
  campaignId?: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
}

/** A Message-ID derived from the business key: a re-send after a crash carries the same id. */
export function stableMessageId(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@rammeaftale-sjaelland.dk>`;
}

/**
 * Accept a letter: write it (the outbox) first, then try to enqueue. If Redis is down the letter
 * stays pending and the reconciler enqueues it later — accepted means delivered eventually.
 */
export async function acceptDelivery(
  deps: {
    deliveries: DeliveryRepository;
    producer: Producer<typeof QUEUES.letters>;
    logger: Logger;
  },
  input: LetterInput,
): Promise<{ delivery: Delivery; created: boolean; enqueued: boolean }> {
  const { delivery, created } = await deps.deliveries.accept({
    _id: input.key,
    kind: input.kind,
    campaignId: input.campaignId,
    to: input.to,
    subject: input.subject,
    text: input.text,
    html: input.html,
    attachments: input.attachments,
    messageId: stableMessageId(input.key),
  });
  if (delivery.status !== 'pending') return { delivery, created, enqueued: false };
  const enqueued = await enqueueDelivery(deps, delivery.id);
  return { delivery, created, enqueued };
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
  deps: {
    deliveries: DeliveryRepository;
    producer: Producer<typeof QUEUES.letters>;
    logger: Logger;
  },
  inputs: LetterInput[],
): Promise<{ created: number; enqueued: number }> {
  const { created, pending } = await deps.deliveries.acceptMany(
    inputs.map((input) => ({
      _id: input.key,
      kind: input.kind,
      campaignId: input.campaignId,
      to: input.to,
      subject: input.subject,
      text: input.text,
      html: input.html,
      attachments: input.attachments,
      messageId: stableMessageId(input.key),
    })),
  );
  const enqueued = await Promise.all(pending.map((id) => enqueueDelivery(deps, id)));
  return { created: created.length, enqueued: enqueued.filter(Boolean).length };
}
