import type { JobPayload, QUEUES } from '@rammeaftale/queues';
import { UnrecoverableError } from '@rammeaftale/queues';
import { ProblemError } from '@rammeaftale/http';
import { BasisUnavailableError, type ContractBasisClient } from './contract-basis.client';
import { ORDER_ID_PATTERN, contractIdFor } from './contract.rules';
import { draftContract, type DraftDeps } from './draft-contract.use-case';

const SERVICE_ACTOR = {
  userId: 'standard-contract',
  role: 'service',
  organisationId: 'standard-contract',
};

/**
 * Handles a domain event. On `order.offer-selected` it drafts the contract of the order. At-least-
 * once delivery: a contract that already exists for the order ends the job before any call, and
 * the drafting itself is idempotent, so two deliveries (even at once) make one contract.
 * Other event types on the shared queue are not this service's to handle.
 */
export async function handleDomainEvent(
  deps: DraftDeps & { basis: ContractBasisClient },
  event: JobPayload<typeof QUEUES.contractEvents>,
): Promise<{ contractId?: string; created?: boolean; skipped?: string }> {
  if (event.type !== 'order.offer-selected') {
    deps.logger.warn({ eventId: event.eventId, type: event.type }, 'event type not handled here');
    return { skipped: event.type };
  }
  const orderId = event.aggregateId;
  if (!ORDER_ID_PATTERN.test(orderId)) throw new UnrecoverableError('order id is not an opaque id');
  const existing = await deps.contracts.get(contractIdFor(orderId), { kind: 'all' });
  if (existing) return { contractId: existing.id, created: false };

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
    if (err instanceof ProblemError && err.status === 422)
      throw new UnrecoverableError(
        `${err.message} (${(err.extra.errors ?? []).map((e) => e.field).join(', ')})`,
      );
    throw err;
  }
}
