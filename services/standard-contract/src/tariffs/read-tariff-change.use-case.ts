import type { Actor } from '@rammeaftale/auth';
import type { TenantScope } from '@rammeaftale/db';
import { NotFoundError } from '@rammeaftale/domain';
import type { AuthorityMap } from '../config';
import { tariffScopeFor, visiblePart } from './tariff-change.access';
import type { TariffChangeRepository, TariffParty } from './tariff-change.repository';
import type { TariffChange } from './tariff-change.types';

type ReadDeps = { tariffChanges: TariffChangeRepository; authorities: AuthorityMap };

/**
 * The changes the caller is party to, each as its party sees it; `awaiting` and `overdue` keep
 * those where something still waits for a buyer the caller can see.
 */
export async function listTariffChanges(
  deps: ReadDeps,
  actor: Actor,
  query: { status?: 'awaiting_approval' | 'overdue'; offerId?: string; limit: number },
  today: string,
): Promise<TariffChange[]> {
  const scope = tariffScopeFor(actor, deps.authorities);
  if (!scope) return [];
  const list = await deps.tariffChanges.list(
    scope,
    {
      awaiting: query.status !== undefined,
      ...(query.status === 'overdue' ? { deadlineBefore: today } : {}),
      ...(query.offerId ? { offerId: query.offerId } : {}),
    },
    query.limit,
  );
  return list
    .map((c) => visiblePart(c, scope))
    .filter((c) => !query.status || c.decisions.some((d) => d.status === 'awaiting_approval'));
}

/** One change as the caller's party sees it, or 404 with nothing about it. */
export async function readTariffChange(
  deps: ReadDeps,
  actor: Actor,
  id: string,
): Promise<{ change: TariffChange; scope: TenantScope<TariffParty> }> {
  const scope = tariffScopeFor(actor, deps.authorities);
  const change = scope && (await deps.tariffChanges.get(scope, id));
  if (!scope || !change) throw new NotFoundError('Tariff change');
  return { change: visiblePart(change, scope), scope };
}
