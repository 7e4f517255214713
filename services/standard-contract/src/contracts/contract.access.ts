import type { Actor } from '@rammeaftale/auth';
import type { ContractScope } from './contract.repository';
import type { ActorRef, Contract } from './contract.types';

/** Which contracts an actor can see; the tenant comes from the verified token only. */
export function scopeFor(actor: Actor): ContractScope | undefined {
  if (actor.role === 'caseworker')
    return { kind: 'municipality', organisationId: actor.organisationId };
  if (actor.role === 'supplier') return { kind: 'supplier', organisationId: actor.organisationId };
  if (actor.role === 'service') return { kind: 'all' };
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
