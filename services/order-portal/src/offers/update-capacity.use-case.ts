import type { Actor } from '@rammeaftale/auth';
import type { z } from 'zod';
import type { Logger } from '@rammeaftale/logging';
import { validateCapacity, type CapacityReport } from '@rammeaftale/domain';
import { copenhagenDate } from './danish-time';
import { ForbiddenError, InvalidInputError, NotFoundError } from '@rammeaftale/domain';
import type { CapacityEntry, OfferRepository } from './offer.repository';
import type { CapacityView } from './offer.schemas';
import { capacityView } from './offer.views';
import { actorScope } from '../tenancy';

export interface UpdateCapacityDeps {
  offers: OfferRepository;
  logger: Logger;
  now: () => Date;
  staleCapacityDays: number;
}

/**
 * A supplier reports (or confirms) places in operation, occupied and free places and the waiting
 * list for one of its own offers. The write is scoped to the supplier's organisation, so another
 * operator's offer is "not found" — its existence is not revealed. Every report is kept in the
 * history with who and when; the newest is the current capacity and restarts the staleness clock.
 */
export async function updateCapacity(
  deps: UpdateCapacityDeps,
  actor: Actor,
  offerId: string,
  report: CapacityReport,
): Promise<z.infer<typeof CapacityView>> {
  if (actor.role !== 'supplier')
    throw new ForbiddenError('Only the operator of an offer reports its capacity');
  const problems = validateCapacity(report);
  if (problems.length > 0) {
    throw new InvalidInputError(
      problems.map((p) => ({ field: p.field, code: p.code, message: p.message })),
    );
  }
  const now = deps.now();
  const entry: CapacityEntry = {
    asOf: now,
    placesInOperation: report.placesInOperation,
    occupied: report.occupied,
    free: report.free,
    waitingList: report.waitingList,
    reportedAt: now,
    reportedBy: { userId: actor.userId, role: actor.role, organisationId: actor.organisationId },
    source: 'api',
  };
  const found = await deps.offers.appendCapacity(actorScope(actor, 'operator'), offerId, entry);
  if (!found) throw new NotFoundError('Offer');
  deps.logger.info({ offerId, organisationId: actor.organisationId }, 'capacity reported');
  const view = capacityView(entry, {
    now,
    today: copenhagenDate(now),
    staleAfterDays: deps.staleCapacityDays,
  });
  if (!view) throw new Error('unreachable: a new count always has a view');
  return view;
}
