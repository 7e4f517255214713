import type { Actor } from '@rammeaftale/auth';
import type { z } from 'zod';
import type { Logger } from '@rammeaftale/logging';
import {
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  operatorAdjustmentRange,
  RejectedError,
  validateCapacity,
  withinOperatorAdjustment,
  type CapacityReport,
} from '@rammeaftale/domain';
import { copenhagenDate } from './danish-time';
import { withLease, type OfferLockRepository } from './offer-lock.repository';
import type { CapacityEntry, OfferRepository } from './offer.repository';
import type { CapacityView } from './offer.schemas';
import { capacityView } from './offer.views';
import { actorScope } from '../tenancy';

export interface UpdateCapacityDeps {
  offers: OfferRepository;
  /** Serialises reports of one offer (a report appends to its history). */
  locks: OfferLockRepository;
  logger: Logger;
  now: () => Date;
  staleCapacityDays: number;
}

/**
 * A supplier reports (or confirms) places in operation, occupied and free places and the waiting
 * list for one of its own offers. The write is scoped to the supplier's organisation, so another
 * operator's offer is "not found" — its existence is not revealed. Every report is kept in the
 * history with who and when; the newest is the current capacity and restarts the staleness clock.
 * Places in operation may differ from the approved number by ±20 % at most (the operator's right
 * under the framework agreement); a larger change is a substantial change the supervising
 * authority approves, so it is refused here (422) with the range that is allowed. Reports of one
 * offer are stored one at a time (a lease), so two at once both land in the history.
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
  const scope = actorScope(actor, 'operator');
  const approved = await deps.offers.approvedPlaces(scope, offerId);
  if (approved === undefined) throw new NotFoundError('Offer');
  assertWithinAdjustment(approved, report.placesInOperation);
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
  const found = await withLease(deps.locks, `capacity:${offerId}`, () =>
    deps.offers.appendCapacity(scope, offerId, entry),
  );
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

/**
 * The ±20 % rule (domain: withinOperatorAdjustment), refused as a whole with the allowed range;
 * the portal's Danish text is keyed by the code (kit/messages.ts, capacity).
 */
export function assertWithinAdjustment(approvedPlaces: number, placesInOperation: number): void {
  if (withinOperatorAdjustment(approvedPlaces, placesInOperation)) return;
  const { min, max } = operatorAdjustmentRange(approvedPlaces);
  const message = `places in operation may differ from the ${approvedPlaces} approved places by ±20 % at most (${min}–${max}); a larger change needs the supervising authority's approval`;
  throw new RejectedError(message, {
    code: 'places-beyond-adjustment',
    issues: [{ field: 'placesInOperation', code: 'places-beyond-adjustment', message }],
    part: 'body',
  });
}
