import type { Actor } from '@rammeaftale/auth';
import { crossTenant, type CrossTenantScope, type TenantScope } from '@rammeaftale/db';
import { ForbiddenError } from '@rammeaftale/domain';

/**
 * Letters and campaigns belong to no tenant of the suite: suppliers, case workers and authorities
 * read none of them (the tenant matrix). Every read and write is the operator's, the
 * secretariat's, a calling service's or the worker's own, across tenants, and says so; the scope
 * has no party kind on purpose, so a party's scope is refused by every repository method here.
 */
export type LetterScope = TenantScope<never>;

const LETTER_ROLES: readonly Actor['role'][] = ['operator', 'secretariat', 'service'];

/** The scope of a person or service at the API; the tenant comes from the verified token only. */
export function letterScopeFor(actor: Actor): CrossTenantScope {
  if (!LETTER_ROLES.includes(actor.role))
    throw new ForbiddenError('Letters are for the operator, the secretariat and the services');
  return crossTenant(`the ${actor.role} handles letters to every supplier and municipality`);
}

/** The worker's own passes: sending, final failures, the outbox reconciler. */
export const workerScope = (): CrossTenantScope =>
  crossTenant('the letter worker sends and reconciles the letters of every tenant');
