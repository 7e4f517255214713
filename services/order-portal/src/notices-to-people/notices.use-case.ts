import type { Actor } from '@rammeaftale/auth';
import { InvalidInputError, NotFoundError } from '@rammeaftale/domain';
import type { CrossTenantScope } from '@rammeaftale/db';
import type { Logger } from '@rammeaftale/logging';
import { UnrecoverableError, type DomainEvent } from '@rammeaftale/queues';
import type { OrderRepository } from '../orders/order.repository';
import { actorScope } from '../tenancy';
import type { NoticeDoc, NoticeKind, NoticeRecipient, NoticeRefs } from './notice.model';
import { NOTICE_DELIVERY, type NoticeRepository } from './notice.repository';
import type { OrganisationRepository } from '../offers/organisation.repository';
import { deliverNoticeMail, type NoticeMailer } from './notice-mail';

/** What the notice use cases need, wired in start.ts (part of the order use cases' deps). */
export interface NoticeDeps {
  notices?: NoticeRepository;
  /** The registry, for the address of a notice's mail. */
  organisations?: OrganisationRepository;
  /** Absent: notices are shown in the portal only, no mail goes out (tests of other things). */
  mailer?: NoticeMailer;
  logger: Logger;
  now: () => Date;
}

/** A notice id: the kind and the id of what happened, letters, digits, dots and hyphens only. */
export const NOTICE_ID = /^[a-z-]{3,40}\.[A-Za-z0-9_-]{3,160}$/;
const PAGE_SIZE = 25;

export interface NoticePage {
  items: NoticeDoc[];
  count: number;
  unread: number;
  page: number;
  pages: number;
}

/** The signed-in person's notices (their organisation and role), newest first, 25 to a page. */
export async function listNotices(deps: NoticeDeps, actor: Actor, page = 1): Promise<NoticePage> {
  if (!deps.notices) return { items: [], count: 0, unread: 0, page: 1, pages: 1 };
  const scope = actorScope(actor, 'organisation');
  const at = Number.isInteger(page) && page >= 1 ? page : 1;
  const slice = await deps.notices.list(scope, actor.role, {
    skip: (at - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  return { ...slice, page: at, pages: Math.max(1, Math.ceil(slice.count / PAGE_SIZE)) };
}

/** The count in the header; 0 when notices are not wired. */
export function unreadNotices(deps: NoticeDeps, actor: Actor): Promise<number> {
  if (!deps.notices) return Promise.resolve(0);
  return deps.notices.unread(actorScope(actor, 'organisation'), actor.role);
}

/** Marks a notice of the person's organisation and role as read (404 when it is not theirs). */
export async function markNoticeRead(deps: NoticeDeps, actor: Actor, id: string): Promise<void> {
  if (!NOTICE_ID.test(id))
    throw new InvalidInputError([{ field: 'id', message: 'not a notice id' }], 'params');
  const found = await deps.notices?.markRead(
    actorScope(actor, 'organisation'),
    actor.role,
    id,
    deps.now(),
  );
  if (!found) throw new NotFoundError('Notice');
}

/**
 * Tells the people of an organisation what needs them, once per natural key. Called by the use
 * case after its state change: the change stands even if the notice cannot be written (then it is
 * logged, by ids only), because the person acting must not be told their act failed when it did
 * not — and a retry of the act would be refused as already done.
 */
export async function notify(
  deps: NoticeDeps,
  notices: { key: string; kind: NoticeKind; recipient: NoticeRecipient; refs: NoticeRefs }[],
): Promise<void> {
  if (!deps.notices) return;
  const createdAt = deps.now();
  const mail =
    deps.mailer && deps.organisations ? ({ status: 'pending', attempts: 0 } as const) : undefined;
  for (const n of notices) {
    try {
      const notice = {
        _id: `${n.kind.replace(/_/g, '-')}.${n.key.replace(/[^A-Za-z0-9_-]/g, '-')}`,
        kind: n.kind,
        recipient: n.recipient,
        refs: n.refs,
        createdAt,
        ...(mail ? { mail } : {}),
      };
      const { created } = await deps.notices.deliver(NOTICE_DELIVERY, notice);
      // The mail goes with the notice written now; one told before has its mail already (or the
      // reconciler hands it over).
      if (created && mail && deps.organisations)
        await deliverNoticeMail(
          { ...deps, notices: deps.notices, organisations: deps.organisations },
          notice,
        );
    } catch (err) {
      deps.logger.warn({ err, kind: n.kind, refs: n.refs }, 'notice not written');
    }
  }
}

/** A request per supplier organisation asked: one notice to each (idempotent per request). */
export const noticeRequestsSent = (
  deps: NoticeDeps,
  orderId: string,
  sent: { requestId: string; supplierOrganisationId: string }[],
) =>
  notify(
    deps,
    sent.map((r) => ({
      key: r.requestId,
      kind: 'request_new' as const,
      recipient: { organisationId: r.supplierOrganisationId, role: 'supplier' as const },
      refs: { orderId, requestId: r.requestId },
    })),
  );

/** A supplier answered: the case workers of the ordering municipality are told. */
export const noticeAnswerReceived = (
  deps: NoticeDeps,
  order: { id: string; actingOrganisationId: string },
  requestId: string,
) =>
  notify(deps, [
    {
      key: requestId,
      kind: 'answer_received',
      recipient: { organisationId: order.actingOrganisationId, role: 'caseworker' },
      refs: { orderId: order.id, requestId },
    },
  ]);

/**
 * The request sweeper with its notice: requests past their deadline expire, and the case workers
 * of each order's acting municipality are told once per order and sweep (keyed by the order and
 * the first request that expired, so the same expiry is never told twice).
 */
export function expireRequestsAndTell(
  deps: NoticeDeps & { orders: OrderRepository },
  sweeper: CrossTenantScope,
  now: Date,
): Promise<number> {
  return deps.orders.expireRequests(sweeper, now, (order) =>
    notify(deps, [
      {
        key: `${order.id}-${order.requestIds[0]}`,
        kind: 'deadline_passed',
        recipient: { organisationId: order.actingOrganisationId, role: 'caseworker' },
        refs: { orderId: order.id },
      },
    ]),
  );
}

/** The contract and tariff events the notices are made from (EVENTS in packages/queues). */
export type NoticeEvent = DomainEvent<
  | 'contract.sent-for-signature'
  | 'contract.accepted-by-supplier'
  | 'tariff-change.approval-requested'
  | 'tariff-change.approval-deadline-near'
>;

const ref = (e: NoticeEvent, name: string): string => {
  const v = e.refs[name];
  if (v === undefined || v === '')
    throw new UnrecoverableError(`${e.type} ${e.eventId} has no ${name}`);
  return String(v);
};

/**
 * A step that waits for the other party, told by the contracts service wherever it was taken (the
 * portal's pages or its API directly): a contract sent awaits the supplier's people, accepted by
 * the supplier it awaits the buyer's case workers (once per version and step); an increase above
 * P/L awaits the buyer (once per change and municipality), and so does its approaching deadline.
 * The natural key of each makes a redelivered event tell nobody twice.
 */
export function noticeFromEvent(deps: NoticeDeps, e: NoticeEvent): Promise<void> {
  if (e.type === 'contract.sent-for-signature' || e.type === 'contract.accepted-by-supplier') {
    const contractId = ref(e, 'contractId');
    const to: NoticeRecipient =
      e.type === 'contract.sent-for-signature'
        ? { organisationId: ref(e, 'supplierId'), role: 'supplier' }
        : { organisationId: ref(e, 'municipalityId'), role: 'caseworker' };
    return notify(deps, [
      {
        key: `${contractId}-v${ref(e, 'version')}-${to.role}`,
        kind: 'contract_awaiting_signature',
        recipient: to,
        refs: { contractId },
      },
    ]);
  }
  const tariffChangeId = ref(e, 'tariffChangeId');
  const organisationId = ref(e, 'municipalityId');
  return notify(deps, [
    {
      key: `${tariffChangeId}-${organisationId}`,
      kind:
        e.type === 'tariff-change.approval-requested'
          ? 'increase_awaiting_approval'
          : 'approval_deadline_near',
      recipient: { organisationId, role: 'caseworker' },
      refs: { tariffChangeId },
    },
  ]);
}

/** Default of FOLLOW_UP_REMINDER_DAYS. */
export const FOLLOW_UP_REMINDER_DAYS = 5;

/**
 * The follow-up sweeper: a running placement whose next follow-up meeting (personrettet tilsyn)
 * is due within `days` days, or overdue, is told to the case workers of the order's acting
 * municipality, once per due date (the notice is keyed by the order and the date; recording the
 * next meeting sets a new date and so a new reminder). Returns how many placements are due.
 */
export async function remindFollowUpsDue(
  deps: NoticeDeps & { orders: OrderRepository },
  sweeper: CrossTenantScope,
  now: Date,
  days = FOLLOW_UP_REMINDER_DAYS,
): Promise<number> {
  const lastDay = new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  const due = await deps.orders.followUpsDueBy(sweeper, lastDay);
  for (const o of due)
    await notify(deps, [
      {
        key: `${o.id}-${o.nextDueOn}`,
        kind: 'follow_up_due',
        recipient: { organisationId: o.actingOrganisationId, role: 'caseworker' },
        refs: { orderId: o.id },
      },
    ]);
  return due.length;
}
