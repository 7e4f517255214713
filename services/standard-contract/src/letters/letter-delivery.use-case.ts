import { crossTenant } from '@rammeaftale/db';
import type { Logger } from '@rammeaftale/logging';
import type { ContractRepository } from '../contracts/contract.repository';
import type { NotificationsClient } from './notifications.client';

/** How long after the hand-over a letter is followed: beyond the worker's 4–5 days of retries. */
const FOLLOW_UP_DAYS = 7;

/**
 * What became of the contract letters the notifications worker took: each letter handed over
 * (`accepted`) is looked up there (`GET /deliveries/{key}`) until it is delivered or failed for
 * good. A bounce — the recipient's mail server refused it — flags the letter on the contract
 * (`status: failed`, `bouncedAt`), so the parties see on the contract that the supplier (or the
 * buyer) never got it, and logs an alert line naming the contract. A letter still being retried
 * is asked about again on the next pass.
 */
export async function followLetterDeliveries(
  deps: { contracts: ContractRepository; notifications: NotificationsClient; logger: Logger },
  opts: { now: Date; batch?: number },
): Promise<{ delivered: number; failed: number }> {
  const scope = crossTenant('the letter follow-up reads the delivery of every contract letter');
  const since = new Date(opts.now.getTime() - FOLLOW_UP_DAYS * 24 * 60 * 60 * 1000);
  const contracts = await deps.contracts.withLettersHandedOverSince(
    scope,
    since,
    opts.batch ?? 200,
  );
  let delivered = 0;
  let failed = 0;
  for (const c of contracts) {
    const open = c.letters.filter(
      (x) => x.status === 'accepted' && !x.deliveredAt && x.acceptedAt && x.acceptedAt >= since,
    );
    for (const l of open) {
      const d = await deps.notifications.getDelivery(l.key);
      if (d?.status === 'sent') {
        await deps.contracts.recordLetterDelivery(scope, c.id, l.key, {
          deliveredAt: d.sentAt ? new Date(d.sentAt) : opts.now,
        });
        delivered++;
      } else if (d?.status === 'failed') {
        await deps.contracts.recordLetterDelivery(scope, c.id, l.key, {
          status: 'failed',
          lastError: d.lastError,
          ...(d.bounced ? { bouncedAt: opts.now } : {}),
        });
        failed++;
        deps.logger.error(
          {
            alert: d.bounced ? 'contract-letter-bounced' : 'contract-letter-failed',
            contractId: c.id,
            orderId: c.orderId,
            key: l.key,
          },
          d.bounced
            ? 'contract letter bounced: the recipient’s mail server refused it'
            : 'contract letter failed for good at the notifications service',
        );
      }
    }
  }
  return { delivered, failed };
}
