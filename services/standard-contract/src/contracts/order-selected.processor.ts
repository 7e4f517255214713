import { RejectedError } from '@rammeaftale/domain';
import { UnrecoverableError, type DomainEvent } from '@rammeaftale/queues';
import { BasisUnavailableError, type ContractBasisClient } from './contract-basis.client';
import { ORDER_ID_PATTERN } from './contract.rules';
import { draftContract, nextDraft, type DraftDeps } from './draft-contract.use-case';

const SERVICE_ACTOR = {
  userId: 'standard-contract',
  role: 'service',
  organisationId: 'standard-contract',
};

/**
 * The handler of `order.offer-selected` in the contracts service's inbox: drafts the contract of
 * the order. At-least-once delivery: a contract that already exists for the order ends the job
 * before any call, and the drafting itself is idempotent, so two deliveries (even at once) make
 * one contract.
 */
export async function draftContractForSelectedOrder(
  deps: DraftDeps & { basis: ContractBasisClient },
  event: DomainEvent<'order.offer-selected'>,
): Promise<{ contractId?: string; created?: boolean }> {
  const orderId = event.aggregateId;
  if (!ORDER_ID_PATTERN.test(orderId)) throw new UnrecoverableError('order id is not an opaque id');
  const next = await nextDraft(deps, orderId);
  if ('live' in next) return { contractId: next.live.id, created: false };

  let basis;
  try {
    basis = await deps.basis.fetch(orderId);
  } catch (err) {
    if (err instanceof BasisUnavailableError) throw new UnrecoverableError(err.message);
    throw err;
  }
  if (basis.orderId !== orderId)
    throw new UnrecoverableError('the contract basis belongs to another order');
  try {
    const { contract, created } = await draftContract(deps, basis, SERVICE_ACTOR);
    return { contractId: contract.id, created };
  } catch (err) {
    // A basis that breaks a contract rule will break it on every retry.
    if (err instanceof RejectedError)
      throw new UnrecoverableError(`${err.message} (${err.issues.map((e) => e.field).join(', ')})`);
    throw err;
  }
}
