import type { UpdateQuery } from 'mongoose';
import type { Actor } from '@rammeaftale/auth';
import type { AccessLog } from '@rammeaftale/privacy';
import { ProblemError, conflict, forbidden, notFound } from '@rammeaftale/http';
import { actorRef, scopeFor } from './contract.access';
import type { ContractDoc } from './contract.model';
import type { ContractRepository } from './contract.repository';
import { canTransition, transitionFor, type ContractAction } from './contract.rules';
import type { Contract } from './contract.types';

/** The contract as the caller may see it, or 404 with nothing about it. */
export async function visibleContract(
  contracts: ContractRepository,
  actor: Actor,
  id: string,
): Promise<Contract> {
  const scope = scopeFor(actor);
  const c = scope ? await contracts.get(id, scope) : undefined;
  if (!c) throw notFound('Contract');
  return c;
}

/**
 * The shape every lifecycle step shares: find the contract within the caller's tenant (404),
 * check the caller's part in it (403) and the state (409), build the change, then apply it as
 * one guarded single-document write that also appends the audit entry. A concurrent change in
 * between makes the guard miss: 409, nothing half-done.
 */
export async function changeContract(
  deps: { contracts: ContractRepository; now: () => Date; accessLog: AccessLog },
  actor: Actor,
  id: string,
  action: ContractAction,
  opts: {
    mayAct: (c: Contract) => boolean;
    who: string;
    build: (
      c: Contract,
      now: Date,
    ) => Promise<{
      update: UpdateQuery<ContractDoc>;
      detail?: Record<string, unknown>;
      version?: number;
    }>;
  },
): Promise<Contract> {
  const c = await visibleContract(deps.contracts, actor, id);
  if (!opts.mayAct(c)) throw forbidden(`Only ${opts.who} can ${action} this contract`);
  const t = transitionFor(action);
  if (!canTransition(c.status, action))
    throw conflict(
      `The contract is ${c.status}; ${action} is possible only when it is ${t.from.join(' or ')}`,
    );
  const now = deps.now();
  const { update, detail, version } = await opts.build(c, now);
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
    id,
    scopeFor(actor)!,
    { from: [c.status], version: c.version },
    {
      ...update,
      $set: { ...(update.$set ?? {}), status: t.to },
      $push: { ...(update.$push ?? {}), audit: auditEntry },
    },
  );
  if (!updated)
    throw new ProblemError(409, 'The contract was changed at the same time; reload and try again');
  return updated;
}
