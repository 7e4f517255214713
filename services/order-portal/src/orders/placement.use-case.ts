import type { Actor } from '@rammeaftale/auth';
import { InvalidInputError, type FieldIssue } from '@rammeaftale/domain';
import { actorScope } from '../tenancy';
import type { OrderDeps } from './order-deps';
import { concurrentChange, orderNotFound } from './order.errors';
import type { Order } from './order.repository';
import { transitionUpdate } from './order-transition';
import { caseworkerView } from './order.views';

/** Today in Copenhagen, as YYYY-MM-DD: a placement cannot be recorded as begun or ended later. */
const copenhagenDay = (at: Date) =>
  at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });

const refuse = (field: string, code: string, message: string): never => {
  throw new InvalidInputError([{ field, code, message } satisfies FieldIssue]);
};

type Deps = Pick<OrderDeps, 'orders' | 'accessLog' | 'now'>;

async function recordStep(
  deps: Deps,
  actor: Actor,
  order: Order,
  step: {
    event: 'placement_started' | 'placement_ended';
    reason?: string;
    placement: Order['placement'];
  },
) {
  const acting = actorScope(actor, 'acting');
  // The reason stays out of the transition record (it is shown from `placement`), so the history
  // table and any export of it hold no free text about the citizen that it did not need.
  const move = transitionUpdate(order, step.event, actor, undefined, deps.now());
  const updated = await deps.orders.updateActing(acting, order.id, order.revision, {
    $set: { ...move.set, placement: step.placement },
    $push: move.push,
  });
  if (!updated) throw concurrentChange();
  await deps.accessLog(actor, {
    action: 'update',
    purpose: step.event === 'placement_started' ? 'Anbringelsens start' : 'Anbringelsens ophør',
    citizenRef: order.citizen.reference,
    resource: { type: 'order', id: order.id },
  });
  return caseworkerView(updated);
}

/**
 * The case worker records the day the placement started: the order must be contracted (the
 * lifecycle refuses anything else with ILLEGAL_TRANSITION), and the day cannot lie ahead.
 */
export async function startPlacement(
  deps: Deps,
  actor: Actor,
  orderId: string,
  body: { startedOn: string },
) {
  const order = await deps.orders.get(actorScope(actor, 'acting'), orderId);
  if (!order) throw orderNotFound();
  if (body.startedOn > copenhagenDay(deps.now()))
    refuse('startedOn', 'in_future', 'the placement cannot have started after today');
  return recordStep(deps, actor, order, {
    event: 'placement_started',
    placement: { startedOn: body.startedOn },
  });
}

/** The case worker records the placement's last day and why it ended (not before it started). */
export async function endPlacement(
  deps: Deps,
  actor: Actor,
  orderId: string,
  body: { endedOn: string; reason: string },
) {
  const order = await deps.orders.get(actorScope(actor, 'acting'), orderId);
  if (!order) throw orderNotFound();
  if (body.endedOn > copenhagenDay(deps.now()))
    refuse('endedOn', 'in_future', 'the placement cannot have ended after today');
  const startedOn = order.placement?.startedOn;
  if (startedOn && body.endedOn < startedOn)
    refuse('endedOn', 'before_start', `the placement started on ${startedOn}`);
  return recordStep(deps, actor, order, {
    event: 'placement_ended',
    placement: {
      startedOn: startedOn ?? body.endedOn,
      endedOn: body.endedOn,
      endReason: body.reason,
    },
  });
}
