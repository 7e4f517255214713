import type { Actor } from '@rammeaftale/auth';
import { crossTenant, partyScope, type TenantScope } from '@rammeaftale/db';
import type { ContractParty } from './contract.repository';
import type { ActorRef, Contract } from './contract.types';

/**
 * Which contracts an actor can see; the tenant comes from the verified token only. A service
 * (the order portal drafting from a selected order, the tariff flow amending) acts across tenants.
 */
export function contractScopeFor(actor: Actor): TenantScope<ContractParty> | undefined {
  if (actor.role === 'caseworker') return partyScope('municipality', actor.organisationId);
  if (actor.role === 'supplier') return partyScope('supplier', actor.organisationId);
  if (actor.role === 'service')
    return crossTenant('a service drafts and amends contracts for every municipality');
  return undefined;
}

/** The buyer is a case worker of the acting municipality (the paying one may read, not act). */
export function isBuyer(actor: Actor, c: Contract): boolean {
  return actor.role === 'caseworker' && c.access.buyer.includes(actor.organisationId);
}

export function isSupplier(actor: Actor, c: Contract): boolean {
  return actor.role === 'supplier' && c.access.supplier === actor.organisationId;
}

export const actorRef = (a: Actor): ActorRef => ({
  userId: a.userId,
  role: a.role,
  organisationId: a.organisationId,
});
