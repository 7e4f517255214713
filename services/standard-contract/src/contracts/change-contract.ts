import type { UpdateQuery } from 'mongoose';
import type { Actor } from '@rammeaftale/auth';
import type { TenantScope } from '@rammeaftale/db';
import { ConflictError, ForbiddenError, NotFoundError } from '@rammeaftale/domain';
import { pushEvent } from '@rammeaftale/outbox';
import type { AccessLog } from '@rammeaftale/privacy';
import type { DomainEventType } from '@rammeaftale/queues';
import { actorRef, contractScopeFor } from './contract.access';
import type { ContractDoc } from './contract.model';
import type { ContractParty, ContractRepository } from './contract.repository';
import { canTransition, transitionFor, type ContractAction } from './contract.rules';
import type { Contract } from './contract.types';

/** What one lifecycle step changes, besides the status and the audit entry every step gets. */
export interface ContractChange {
  update: UpdateQuery<ContractDoc>;
  detail?: Record<string, unknown>;
  version?: number;
  /**
   * The domain event the change makes (contract.signed, …), recorded in the contract's outbox in
   * the same write; the relay publishes it. Refs beyond the ids every contract event carries:
   * numbers and ids only.
   */
  event?: { type: ContractEventType; refs?: Record<string, string | number> };
}

/** The events the contracts service publishes (EVENTS in packages/queues). */
export type ContractEventType = Extract<DomainEventType, `contract.${string}`>;

/** The ids every contract event carries: which order, contract and municipality, which version. */
export function contractEventRefs(c: Contract, version: number): Record<string, string | number> {
  return {
    orderId: c.orderId,
    contractId: c.id,
    municipalityId: c.actingMunicipality.organisationId,
    version,
  };
}

export interface ChangeSteps {
  mayAct: (c: Contract) => boolean;
  who: string;
  build: (
    c: Contract,
    now: Date,
    scope: TenantScope<ContractParty>,
  ) => ContractChange | Promise<ContractChange>;
  /** A further guard of the write: which amendment proposal must be pending (null: none). */
  pendingProposal?: number | null;
  /** What follows the write (a letter hand-over); it runs in the caller's scope. */
  after?: (updated: Contract, scope: TenantScope<ContractParty>) => Promise<void>;
}

export type ChangeDeps = { contracts: ContractRepository; now: () => Date; accessLog: AccessLog };

/**
 * The shape every lifecycle step shares: find the contract within the caller's tenant (404),
 * check the caller's part in it (403) and the state (409), build the change, then apply it as
 * one guarded single-document write that also appends the audit entry. A concurrent change in
 * between makes the guard miss: 409, nothing half-done.
 */
export async function changeContract(
  deps: ChangeDeps,
  actor: Actor,
  id: string,
  action: ContractAction,
  steps: ChangeSteps,
): Promise<Contract> {
  const scope = contractScopeFor(actor);
  const c = scope ? await deps.contracts.get(scope, id) : undefined;
  if (!scope || !c) throw new NotFoundError('Contract');
  if (!steps.mayAct(c)) throw new ForbiddenError(`Only ${steps.who} can ${action} this contract`);
  const t = transitionFor(action);
  if (!canTransition(c.status, action))
    throw new ConflictError(
      `The contract is ${c.status}; ${action} is possible only when it is ${t.from.join(' or ')}`,
    );
  const now = deps.now();
  const { update, detail, version, event } = await steps.build(c, now, scope);
  // A contract holds the citizen's pseudonym and goals: the change is logged before it is made
  // (fail closed, ADR 0006).
  await deps.accessLog(actor, {
    action: 'update',
    purpose: `contract ${action}`,
    citizenRef: c.citizen.reference,
    resource: { type: 'contract', id: c.id },
  });
  const auditEntry = {
    at: now,
    action,
    by: actorRef(actor),
    version: version ?? c.version,
    ...(detail ? { detail } : {}),
  };
  const updated = await deps.contracts.update(
    scope,
    id,
    {
      from: [c.status],
      version: c.version,
      ...(steps.pendingProposal !== undefined ? { pendingProposal: steps.pendingProposal } : {}),
    },
    {
      ...update,
      $set: { ...(update.$set ?? {}), status: t.to ?? c.status },
      $push: {
        ...(update.$push ?? {}),
        audit: auditEntry,
        ...(event
          ? pushEvent(event.type, { ...contractEventRefs(c, version ?? c.version), ...event.refs })
              .$push
          : {}),
      },
    },
  );
  if (!updated)
    throw new ConflictError('The contract was changed at the same time; reload and try again');
  if (steps.after) await steps.after(updated, scope);
  return updated;
}
