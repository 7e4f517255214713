import { pushEvent } from '@rammeaftale/outbox';
import { crossTenant } from '@rammeaftale/db';
import type { TariffDeps } from './progress-tariff-change.use-case';
import { addDays, isoDay } from './tariff-change.rules';
import type { TariffChange } from './tariff-change.types';

/** Default of TARIFF_DEADLINE_NEAR_DAYS. */
export const DEADLINE_NEAR_DAYS = 5;

/**
 * The buyer municipalities of a change still to decide an increase and not yet told that their
 * deadline is near, in the order first met.
 */
export function buyersToTellDeadlineNear(
  change: Pick<TariffChange, 'decisions' | 'deadlineNearTold'>,
): string[] {
  const told = new Set(change.deadlineNearTold ?? []);
  return [
    ...new Set(
      change.decisions
        .filter((d) => d.status === 'awaiting_approval')
        .map((d) => d.buyer.organisationId),
    ),
  ].filter((m) => !told.has(m));
}

/**
 * The deadline-near sweep of the tariff flow: for each increase a buyer has not decided whose
 * approval deadline is within `deadlineNearDays` days from today (and not passed), the change
 * records `tariff-change.approval-deadline-near` for that buyer in its outbox, once per change and
 * buyer (a guarded write); the portal turns the event into a notice and a mail to the buyer's case
 * workers. Returns how many buyers were told in this pass.
 */
export async function tellApprovalDeadlinesNear(
  deps: Pick<TariffDeps, 'tariffChanges' | 'tariffSettings' | 'now' | 'logger'>,
  opts: { batch?: number } = {},
): Promise<number> {
  const scope = crossTenant('the tariff flow tells every buyer whose approval deadline is near');
  const today = isoDay(deps.now());
  const days = deps.tariffSettings.deadlineNearDays ?? DEADLINE_NEAR_DAYS;
  const changes = await deps.tariffChanges.awaitingWithDeadlineWithin(
    scope,
    { from: today, to: addDays(today, days) },
    opts.batch ?? 200,
  );
  let told = 0;
  for (const change of changes)
    for (const municipalityId of buyersToTellDeadlineNear(change)) {
      const event = pushEvent('tariff-change.approval-deadline-near', {
        tariffChangeId: change.id,
        municipalityId,
        approvalDeadline: change.approvalDeadline,
      });
      if (await deps.tariffChanges.markDeadlineNear(scope, change.id, municipalityId, event)) {
        told++;
        deps.logger.info({ changeId: change.id, municipalityId }, 'approval deadline near told');
      }
    }
  return told;
}
