import type { Actor } from '@rammeaftale/auth';
import type { z } from '@rammeaftale/http';
import type { Logger } from '@rammeaftale/logging';
import { validateCapacity, type CapacityReport } from '@rammeaftale/domain';
import { copenhagenDate } from './danish-time';
import { ConflictError, InvalidInputError, NotAllowedError, NotFoundError } from './errors';
import type { CapacityEntry, OfferRepository } from './offer.repository';
import type { CapacityView } from './offer.schemas';
import { capacityView } from './offer.views';
import { operatorScope } from './scope';

export interface UpdateCapacityDeps {
  offers: OfferRepository;
  logger: Logger;
  now: () => Date;
  staleCapacityDays: number;
}

/**
 * A supplier reports (or confirms) places in operation, occupied and free places and the waiting
 * list for one of its own offers. The offer is looked up only within the supplier's own
 * organisation, so another operator's offer is "not found" — its existence is not revealed.
 * Every report is kept in the history with who and when; the newest is the current capacity.
 */
export async function updateCapacity(
  deps: UpdateCapacityDeps,
  actor: Actor,
  offerId: string,
  report: CapacityReport,
): Promise<z.infer<typeof CapacityView>> {
  if (actor.role !== 'supplier') throw new NotAllowedError('Only the operator of an offer reports its capacity');
  const problems = validateCapacity(report);
  if (problems.length > 0) {
    throw new InvalidInputError(problems.map((p) => ({ field: p.field, code: p.code, message: p.message })));
  }
  const scope = operatorScope(actor.organisationId);
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = (await deps.offers.capacityState(scope, [offerId])).get(offerId);
    if (!state) throw new NotFoundError('Offer');
    const now = deps.now();
    const entry: CapacityEntry = {
      ...report,
      asOf: now,
      reportedAt: now,
      reportedBy: { userId: actor.userId, role: actor.role, organisationId: actor.organisationId },
      source: 'api',
    };
    const history = [...state.capacityHistory, entry].sort((a, b) => a.asOf.getTime() - b.asOf.getTime());
    if (await deps.offers.replaceCapacity(scope, offerId, state.revision, history)) {
      deps.logger.info({ offerId, organisationId: actor.organisationId }, 'capacity reported');
      const view = capacityView(entry, { now, today: copenhagenDate(now), staleAfterDays: deps.staleCapacityDays });
      if (!view) throw new Error('unreachable: a new entry always has a view');
      return view;
    }
  }
  throw new ConflictError('The offer was changed by someone else at the same time; try again');
}
