import type { Logger } from '@rammeaftale/logging';
import { classifySmtpFailure, rejectedRecipients, type MailTransport } from '@rammeaftale/mail';
import { UnrecoverableError } from '@rammeaftale/queues';
import type { DeliveryRepository } from './delivery.repository';
import { workerScope } from './letter.access';
import { recordPermanentFailure, smtpFailure, type DeliveryOutcome } from './letter-failure';
import { cprShapedFields } from '../letters/cpr-shaped';

/**
 * The failure as the job (in Redis) and the log carry it: e-mail addresses become `<address>`.
 * The delivery record keeps the full reason and the refused recipients for the operator.
 */
export const withoutAddresses = (reason: string) =>
  reason.replace(/[^\s<>()",;:]+@[^\s<>()",;:]+/g, '<address>');

/**
 * Sends one letter. Idempotent: a delivery already sent (or failed for good) is skipped, so a job
 * that runs twice — after a crash, a stalled lock or a reconciler re-enqueue — sends once.
 */
export async function sendLetter(
  deps: {
    deliveries: DeliveryRepository;
    transport: MailTransport;
    from: string;
    /** Reply-To of a letter that names no one of its own (MAIL_REPLY_TO). */
    replyTo?: string;
    logger: Logger;
    /** Counts the letter's outcome for the metrics (rammeaftale_deliveries_total). */
    count?: (outcome: DeliveryOutcome) => void;
  },
  deliveryId: string,
): Promise<'sent' | 'skipped'> {
  const scope = workerScope();
  const delivery = await deps.deliveries.forSending(scope, deliveryId);
  if (!delivery) return 'skipped';
  await refuseCprShaped(deps, delivery);
  let info;
  try {
    info = await deps.transport.sendMail({
      from: deps.from,
      to: delivery.to,
      replyTo: delivery.replyTo ?? deps.replyTo,
      subject: delivery.subject,
      text: delivery.text,
      html: delivery.html,
      attachments: delivery.attachments?.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: asBuffer(a.content),
      })),
      messageId: delivery.messageId,
      // RFC 3834: automated mail, so auto-responders (out of office) do not answer it.
      headers: { 'X-Delivery-Key': delivery.id, 'Auto-Submitted': 'auto-generated' },
    });
  } catch (err) {
    const reason = smtpReason(err);
    if (classifySmtpFailure(err) === 'permanent') {
      await recordPermanentFailure(
        deps,
        scope,
        delivery,
        smtpFailure(err, reason, withoutAddresses(reason)),
      );
      throw new UnrecoverableError(withoutAddresses(reason));
    }
    await deps.deliveries.markTemporaryFailure(scope, deliveryId, reason);
    throw new Error(withoutAddresses(reason));
  }
  const rejected = rejectedRecipients(info);
  if (rejected.length > 0) {
    // Some recipients got it, some did not: that is not "sent". The operator decides what next.
    const reason = `rejected recipients: ${rejected.join(', ')}`;
    await recordPermanentFailure(deps, scope, delivery, {
      reason,
      loggable: withoutAddresses(reason),
      alert: 'letter-bounced',
      rejected,
    });
    throw new UnrecoverableError(withoutAddresses(reason));
  }
  await deps.deliveries.markSent(scope, deliveryId);
  deps.count?.('sent');
  deps.logger.info({ deliveryId, kind: delivery.kind }, 'letter sent');
  return 'sent';
}

/**
 * The guard at the door of the suite: the API refuses these, but a letter stored before that
 * rule (or by a path that skipped it) must not leave with a CPR number either.
 */
async function refuseCprShaped(
  deps: Pick<Parameters<typeof sendLetter>[0], 'deliveries' | 'count'>,
  delivery: NonNullable<Awaited<ReturnType<DeliveryRepository['forSending']>>>,
): Promise<void> {
  const cpr = cprShapedFields({
    key: delivery.id,
    to: delivery.to,
    replyTo: delivery.replyTo,
    subject: delivery.subject,
    text: delivery.text,
    html: delivery.html,
    attachments: delivery.attachments?.map((a) => ({ filename: a.filename })),
  });
  if (cpr.length === 0) return;
  const reason = `refused: a CPR-shaped value in ${cpr.map((p) => p.join('.')).join(', ')}`;
  await deps.deliveries.markFailed(workerScope(), delivery.id, { reason });
  deps.count?.('failed');
  throw new UnrecoverableError(reason);
}

function smtpReason(err: unknown): string {
  const e = err as {
    responseCode?: number;
    response?: string;
    code?: string;
    message?: string;
    rejected?: string[];
  };
  const who = e.rejected?.length ? ` (refused: ${e.rejected.join(', ')})` : '';
  // TLS failed: say so first, whatever the server answered to STARTTLS.
  if (e.code === 'ETLS') return `${e.code}: ${e.message}`;
  if (e.responseCode) {
    const text = e.response ?? e.message ?? '';
    return `${text.startsWith(String(e.responseCode)) ? text : `${e.responseCode} ${text}`}${who}`.trim();
  }
  return e.code ? `${e.code}: ${e.message}` : String(e.message ?? err);
}

/** Lean reads return BSON Binary for Buffer fields; nodemailer needs a Buffer. */
function asBuffer(content: unknown): Buffer {
  if (Buffer.isBuffer(content)) return content;
  const binary = content as { buffer?: Uint8Array };
  if (binary?.buffer instanceof Uint8Array) return Buffer.from(binary.buffer);
  throw new Error('attachment content is not binary');
}
