import type { Actor } from '@rammeaftale/auth';
import { ConflictError, InvalidInputError, type FieldIssue } from '@rammeaftale/domain';
import { crossTenant } from '@rammeaftale/db';
import { actorScope } from '../tenancy';
import type { FollowUpBody } from './follow-up.schemas';
import type { Vocabulary } from './follow-up-vocabulary';
import { newId } from './ids';
import type { OrderDeps } from './order-deps';
import { concurrentChange, orderNotFound } from './order.errors';
import type { FollowUpDoc } from './order.model';
import type { Order } from './order.repository';
import { actorRef } from './order-transition';
import { caseworkerView } from './order.views';

type Deps = Pick<OrderDeps, 'orders' | 'accessLog' | 'now'>;

const copenhagenDay = (at: Date) =>
  at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });

/** What a follow-up assesses: the order's goals, then the quality model's themes, each with its key. */
export function assessedItems(order: Pick<Order, 'goals'>, vocabulary: Vocabulary) {
  return [
    ...order.goals.map((g, i) => ({ key: `goal-${i + 1}`, label: g.goal })),
    ...vocabulary.themes.map((t) => ({ key: `theme-${t.code}`, label: t.label })),
  ];
}

/** The vocabulary of the follow-ups: the same for every municipality and supplier. */
const COMMON = crossTenant('the follow-up vocabulary is common to every party of the agreement');
export const followUpVocabulary = (deps: Pick<OrderDeps, 'orders'>) =>
  deps.orders.vocabulary.read(COMMON);

/** The rules of one meeting a schema cannot state, as field issues. */
function followUpIssues(order: Order, vocabulary: Vocabulary, body: FollowUpBody, today: string) {
  const issues: FieldIssue[] = [];
  const items = assessedItems(order, vocabulary);
  const statuses = new Set(vocabulary.statuses.map((s) => s.code));
  body.assessments.forEach((a, i) => {
    if (!items.some((it) => it.key === a.key))
      issues.push({ field: `assessments.${i}.key`, code: 'unknown_goal', message: `no ${a.key}` });
    if (!statuses.has(a.status))
      issues.push({ field: `assessments.${i}.status`, code: 'unknown_status', message: a.status });
  });
  for (const it of items)
    if (!body.assessments.some((a) => a.key === it.key))
      issues.push({
        field: `assessments.${it.key}`,
        code: 'missing',
        message: `${it.key} not assessed`,
      });
  if (body.heldOn > today)
    issues.push({
      field: 'heldOn',
      code: 'in_future',
      message: 'the meeting cannot be after today',
    });
  const started = order.placement?.startedOn;
  if (started && body.heldOn < started)
    issues.push({
      field: 'heldOn',
      code: 'before_start',
      message: `the placement started ${started}`,
    });
  if (body.nextDueOn <= body.heldOn)
    issues.push({
      field: 'nextDueOn',
      code: 'not_after_meeting',
      message: 'must be after the meeting',
    });
  return issues;
}

/**
 * The case worker records a follow-up meeting of a running placement (personrettet tilsyn): the
 * status of each goal and theme, the notes, the next one's due date. The notes are personal data:
 * they stay in the order and its pages (the access log names the order, not what was written).
 */
export async function recordFollowUp(
  deps: Deps,
  actor: Actor,
  orderId: string,
  body: FollowUpBody,
) {
  const acting = actorScope(actor, 'acting');
  const order = await deps.orders.get(acting, orderId);
  if (!order) throw orderNotFound();
  if (order.status !== 'active')
    throw new ConflictError('Follow-ups are recorded while the placement runs', {
      code: 'FOLLOW_UP_NOT_ACTIVE',
    });
  const vocabulary = await followUpVocabulary(deps);
  const issues = followUpIssues(order, vocabulary, body, copenhagenDay(deps.now()));
  if (issues.length) throw new InvalidInputError(issues);
  const labels = new Map(assessedItems(order, vocabulary).map((it) => [it.key, it.label]));
  const followUp: FollowUpDoc = {
    followUpId: newId('fup'),
    heldOn: body.heldOn,
    assessments: body.assessments.map((a) => ({ ...a, label: labels.get(a.key) ?? a.key })),
    notes: body.notes,
    nextDueOn: body.nextDueOn,
    recordedAt: deps.now(),
    recordedBy: actorRef(actor),
  };
  const updated = await deps.orders.updateActing(acting, order.id, order.revision, {
    $push: { followUps: followUp },
  });
  if (!updated) throw concurrentChange();
  await deps.accessLog(actor, {
    action: 'update',
    purpose: 'Opfølgning på anbringelsen',
    citizenRef: order.citizen.reference,
    resource: { type: 'order', id: order.id },
  });
  return caseworkerView(updated);
}

/** The order of the supplier's request, if its offer is the one selected: the placement is theirs. */
async function placementOfSupplier(deps: Deps, actor: Actor, requestId: string) {
  const order = await deps.orders.getByRequest(actorScope(actor, 'supplier'), requestId);
  if (!order || order.selection?.requestId !== requestId) throw orderNotFound();
  return order;
}

/** What the supplier of the placement sees of its follow-ups (no CPR number, no reference). */
const supplierFollowUps = (order: Order) => ({
  goals: order.goals.map((g) => g.goal),
  status: order.status,
  placement: order.placement,
  followUps: (order.followUps ?? []).map(({ recordedBy: _by, supplierReport, ...f }) => ({
    ...f,
    supplierReport: supplierReport && { text: supplierReport.text, at: supplierReport.at },
  })),
});

export async function readSupplierFollowUps(deps: Deps, actor: Actor, requestId: string) {
  const order = await placementOfSupplier(deps, actor, requestId);
  await deps.accessLog(actor, {
    action: 'read',
    purpose: 'Leverandøren læser opfølgning på anbringelsen',
    citizenRef: order.citizen.reference,
    resource: { type: 'order-follow-ups', id: order.id },
  });
  return supplierFollowUps(order);
}

/** The supplier adds its own report to a follow-up, once. */
export async function addSupplierReport(
  deps: Deps,
  actor: Actor,
  target: { requestId: string; followUpId: string },
  report: string,
) {
  const order = await placementOfSupplier(deps, actor, target.requestId);
  const followUps = order.followUps ?? [];
  const found = followUps.find((f) => f.followUpId === target.followUpId);
  if (!found) throw orderNotFound();
  if (found.supplierReport)
    throw new ConflictError('The report of this follow-up is given', { code: 'REPORT_GIVEN' });
  const supplierReport = { text: report, at: deps.now(), by: actorRef(actor) };
  const updated = await deps.orders.updateForSupplier(
    actorScope(actor, 'supplier'),
    { id: order.id, requestId: target.requestId, revision: order.revision },
    {
      $set: {
        followUps: followUps.map((f) =>
          f.followUpId === target.followUpId ? { ...f, supplierReport } : f,
        ),
      },
    },
  );
  if (!updated) throw concurrentChange();
  await deps.accessLog(actor, {
    action: 'update',
    purpose: 'Leverandørens rapport til opfølgningen',
    citizenRef: order.citizen.reference,
    resource: { type: 'order-follow-ups', id: order.id },
  });
  return supplierFollowUps(updated);
}
