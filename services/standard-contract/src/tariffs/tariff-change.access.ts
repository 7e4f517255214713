import type { Actor } from '@rammeaftale/auth';
import { crossTenant, isCrossTenant, partyScope, type TenantScope } from '@rammeaftale/db';
import type { AuthorityMap } from '../config';
import type { TariffParty } from './tariff-change.repository';
import type { TariffChange } from './tariff-change.types';

/** The authority (by the name offers carry) an authority user acts for, from configuration. */
export function authorityOf(actor: Actor, authorities: AuthorityMap): string | undefined {
  if (actor.role !== 'authority') return undefined;
  return Object.entries(authorities).find(
    ([, a]) => a.organisationId !== undefined && a.organisationId === actor.organisationId,
  )?.[0];
}

/**
 * Which tariff changes an actor can see; the tenant comes from the verified token only. An
 * authority user acts for the authority configuration names for its organisation (none: nothing).
 */
export function tariffScopeFor(
  actor: Actor,
  authorities: AuthorityMap,
): TenantScope<TariffParty> | undefined {
  switch (actor.role) {
    case 'supplier':
      return partyScope('supplier', actor.organisationId);
    case 'caseworker':
      return partyScope('municipality', actor.organisationId);
    case 'secretariat':
    case 'service':
      return crossTenant('the secretariat, and services for it, follow every tariff change');
    case 'authority': {
      const authority = authorityOf(actor, authorities);
      return authority ? partyScope('authority', authority) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * What each party sees of a change: a municipality only its own contracts' decisions and letters
 * (which other municipalities buy there is not its business), an authority only what was
 * reported to it, the supplier everything but the reminders to the municipalities, the
 * secretariat everything. Addresses of authorities stay in.
 */
export function visiblePart(change: TariffChange, scope: TenantScope<TariffParty>): TariffChange {
  if (isCrossTenant(scope)) return change;
  switch (scope.kind) {
    case 'municipality':
      return {
        ...change,
        decisions: change.decisions.filter((d) => d.readerKeys.includes(scope.id)),
        letters: change.letters.filter((l) =>
          change.decisions.some(
            (d) =>
              d.buyer.organisationId === l.municipalityOrganisationId &&
              d.readerKeys.includes(scope.id),
          ),
        ),
        reports: [],
        audit: change.audit.filter(
          (a) => a.by.organisationId === scope.id || a.action === 'announced',
        ),
      };
    case 'authority': {
      const reports = change.reports.filter((r) => r.authority === scope.id);
      const ids = new Set(reports.flatMap((r) => r.contractIds));
      return {
        ...change,
        decisions: change.decisions.filter((d) => ids.has(d.contractId)),
        letters: [],
        reports,
        audit: [],
      };
    }
    case 'supplier':
      // The letters it was sent: not the reminders to the municipalities.
      return {
        ...change,
        letters: change.letters.filter((l) => l.kind !== 'tariff-approval-reminder'),
      };
  }
}
