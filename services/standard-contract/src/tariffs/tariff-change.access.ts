import type { Actor } from '@rammeaftale/auth';
import type { AuthorityMap } from '../config';
import type { TariffScope } from './tariff-change.repository';
import type { TariffChange } from './tariff-change.types';

/** The authority (by the name offers carry) an authority user acts for, from configuration. */
export function authorityOf(actor: Actor, authorities: AuthorityMap): string | undefined {
  if (actor.role !== 'authority') return undefined;
  return Object.entries(authorities).find(
    ([, a]) => a.organisationId !== undefined && a.organisationId === actor.organisationId,
  )?.[0];
}

/** Which tariff changes an actor can see; the tenant comes from the verified token only. */
export function tariffScopeFor(actor: Actor, authorities: AuthorityMap): TariffScope | undefined {
  switch (actor.role) {
    case 'supplier':
      return { kind: 'supplier', organisationId: actor.organisationId };
    case 'caseworker':
      return { kind: 'municipality', organisationId: actor.organisationId };
    case 'secretariat':
    case 'service':
      return { kind: 'all' };
    case 'authority': {
      const authority = authorityOf(actor, authorities);
      return authority ? { kind: 'authority', authority } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * What each party sees of a change: a municipality only its own contracts' decisions and letters
 * (which other municipalities buy there is not its business), an authority only what was
 * reported to it, the supplier and the secretariat everything. Addresses of authorities stay in.
 */
export function visiblePart(change: TariffChange, scope: TariffScope): TariffChange {
  switch (scope.kind) {
    case 'municipality':
      return {
        ...change,
        decisions: change.decisions.filter((d) => d.readerKeys.includes(scope.organisationId)),
        letters: change.letters.filter((l) =>
          change.decisions.some(
            (d) =>
              d.buyer.organisationId === l.municipalityOrganisationId &&
              d.readerKeys.includes(scope.organisationId),
          ),
        ),
        reports: [],
        audit: change.audit.filter(
          (a) => a.by.organisationId === scope.organisationId || a.action === 'announced',
        ),
      };
    case 'authority': {
      const reports = change.reports.filter((r) => r.authority === scope.authority);
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
      return { ...change, letters: change.letters.filter((l) => l.kind === 'tariff-letter') };
    default:
      return change;
  }
}
