import { crossTenant, type TenantScope } from '@rammeaftale/db';
import type { Logger } from '@rammeaftale/logging';
import type { ContractParty, ContractRepository } from '../contracts/contract.repository';
import type { Contract, LetterRecord } from '../contracts/contract.types';
import { amendmentLetter, isAmendmentLetter } from './amendment-letter.rules';
import { contractLetter } from './contract-letter.rules';
import { endingLetter, letterParties } from './ending-letter.rules';
import type { NotificationsClient } from './notifications.client';

export interface LetterDeps {
  contracts: ContractRepository;
  notifications: NotificationsClient;
  portalUrl: string;
  logger: Logger;
}

/**
 * Hands one recorded letter to the notifications worker. The letter was written to the contract
 * document with the transition that needs it (the outbox), so a failure here loses nothing: it
 * stays pending and the reconciler tries again. The key makes the hand-over idempotent on the
 * other side, so a retry after a lost response does not send twice.
 */
export async function deliverLetter(
  deps: LetterDeps,
  scope: TenantScope<ContractParty>,
  contract: Contract,
  key: string,
): Promise<'accepted' | 'pending' | 'failed' | 'skipped'> {
  const letter = contract.letters.find((l) => l.key === key);
  if (!letter || letter.status !== 'pending') return 'skipped';
  const outcome = await deps.notifications.postLetter({
    key,
    kind: 'contract-letter',
    ...composeLetter(contract, letter, deps.portalUrl),
  });
  if (outcome.ok) {
    await deps.contracts.updateLetter(
      scope,
      contract.id,
      key,
      { status: 'accepted', acceptedAt: new Date(), lastError: undefined },
      { countAttempt: true },
    );
    deps.logger.info({ contractId: contract.id, key }, 'contract letter handed to notifications');
    return 'accepted';
  }
  await deps.contracts.updateLetter(
    scope,
    contract.id,
    key,
    { ...(outcome.permanent ? { status: 'failed' as const } : {}), lastError: outcome.reason },
    { countAttempt: true },
  );
  deps.logger.warn(
    { contractId: contract.id, key, reason: outcome.reason, permanent: outcome.permanent },
    outcome.permanent ? 'contract letter refused' : 'contract letter not delivered yet; will retry',
  );
  return outcome.permanent ? 'failed' : 'pending';
}

/** The recorded letter as mail: to the party it is for, answering to the other party. */
function composeLetter(c: Contract, letter: LetterRecord, portalUrl: string) {
  const to = letter.to ?? 'supplier';
  const { recipient } = letterParties(c, to);
  const { subject, text, replyTo } =
    !letter.kind || letter.kind === 'contract'
      ? contractLetter(c, letter.version, portalUrl)
      : isAmendmentLetter(letter.kind)
        ? amendmentLetter(c, letter.kind, to, letter.proposal ?? 0, portalUrl)
        : endingLetter(c, letter.kind, to, portalUrl);
  return { to: [recipient.contact.email], replyTo, subject, text };
}

/**
 * For use right after the transition that recorded the letter: the transition has happened, so
 * nothing here may fail the request; a letter not handed over stays pending for the reconciler.
 */
export async function tryDeliverLetter(
  deps: LetterDeps,
  scope: TenantScope<ContractParty>,
  contract: Contract,
  key: string,
): Promise<void> {
  await deliverLetter(deps, scope, contract, key).catch((err: unknown) =>
    deps.logger.warn({ err, contractId: contract.id, key }, 'letter hand-over failed; will retry'),
  );
}

/** The outbox's safety net: letters still pending after `olderThanMs` are handed over again. */
export async function reconcileLetters(
  deps: LetterDeps,
  opts: { olderThanMs: number; batch?: number },
): Promise<number> {
  const scope = crossTenant('the letter reconciler sweeps the outbox of every contract');
  const contracts = await deps.contracts.withPendingLetters(
    scope,
    new Date(Date.now() - opts.olderThanMs),
    opts.batch ?? 200,
  );
  let accepted = 0;
  for (const c of contracts)
    for (const l of c.letters.filter((x) => x.status === 'pending'))
      if ((await deliverLetter(deps, scope, c, l.key)) === 'accepted') accepted++;
  return accepted;
}
