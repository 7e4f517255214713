import type { Logger } from '@rammeaftale/logging';
import { isBounce, isTlsFailure } from '@rammeaftale/mail';
import type { DeliveryRepository } from './delivery.repository';
import type { LetterScope } from './letter.access';

/**
 * What a letter is about, read from its kind and business key (the contracts service builds the
 * keys: `contract-…:<contractId>…`, `tariff-…:<changeId>…`, `authority-report:<changeId>:…`).
 * Ids only. Unset for letters of no contract or tariff change (a campaign's orientation letter).
 */
export interface LetterAbout {
  contractId?: string;
  tariffChangeId?: string;
}

export function letterAbout(kind: string, key: string): LetterAbout {
  const id = key.split(':')[1];
  if (!id) return {};
  if (kind === 'contract-letter' && key.startsWith('contract-')) return { contractId: id };
  if (
    ['tariff-letter', 'tariff-approval-reminder', 'authority-report'].includes(kind) &&
    (key.startsWith('tariff-') || key.startsWith('authority-report:'))
  )
    return { tariffChangeId: id };
  return {};
}

/** A letter's end as the metrics count it: failed is every final failure but a bounce. */
export type DeliveryOutcome = 'sent' | 'bounced' | 'failed';

/** Why a letter failed for good, as the operator's alert names it. */
export type FailureAlert =
  /** The receiving side refused the letter itself (a 5xx to MAIL, RCPT or DATA, refused recipients). */
  | 'letter-bounced'
  /** TLS was required and the server did not offer it or the handshake failed: nothing was sent. */
  | 'smtp-tls-refused'
  /** Any other permanent refusal (e.g. a 5xx to AUTH). */
  | 'letter-refused';

export interface PermanentFailure {
  reason: string;
  /** The reason as logs may carry it (addresses removed). */
  loggable: string;
  alert: FailureAlert;
  code?: number;
  rejected?: string[];
}

/** A permanent SMTP error as the delivery records it. */
export function smtpFailure(err: unknown, reason: string, loggable: string): PermanentFailure {
  const alert: FailureAlert = isBounce(err)
    ? 'letter-bounced'
    : isTlsFailure(err)
      ? 'smtp-tls-refused'
      : 'letter-refused';
  const code = (err as { responseCode?: number } | null)?.responseCode;
  return { reason, loggable, alert, ...(typeof code === 'number' ? { code } : {}) };
}

/**
 * A letter failed for good: the delivery is marked failed with the reason (and, for a bounce, the
 * bounce and the contract or tariff change it belongs to, which the portal's failed-letters page
 * and the contracts service read), and one error line with an `alert` field is logged for the
 * operator's alerting. The line carries ids and the reply without addresses: never the letter.
 */
export async function recordPermanentFailure(
  deps: {
    deliveries: DeliveryRepository;
    logger: Logger;
    count?: (outcome: DeliveryOutcome) => void;
  },
  scope: LetterScope,
  delivery: { id: string; kind: string },
  failure: PermanentFailure,
): Promise<void> {
  const about = letterAbout(delivery.kind, delivery.id);
  const bounce =
    failure.alert === 'letter-bounced'
      ? { at: new Date(), ...(failure.code ? { code: failure.code } : {}) }
      : undefined;
  await deps.deliveries.markFailed(
    scope,
    delivery.id,
    { reason: failure.reason, rejected: failure.rejected, bounce, about },
    { countAttempt: true },
  );
  deps.count?.(failure.alert === 'letter-bounced' ? 'bounced' : 'failed');
  deps.logger.error(
    {
      alert: failure.alert,
      deliveryId: delivery.id,
      kind: delivery.kind,
      ...about,
      ...(failure.code ? { smtpCode: failure.code } : {}),
      reason: failure.loggable,
    },
    failure.alert === 'letter-bounced'
      ? 'letter bounced: the recipient’s server refused it'
      : failure.alert === 'smtp-tls-refused'
        ? 'letter not sent: the mail server offered no TLS'
        : 'letter refused by the mail server',
  );
}
