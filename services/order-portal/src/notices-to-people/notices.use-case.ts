import type { Actor } from '@rammeaftale/auth';
import { InvalidInputError, NotFoundError } from '@rammeaftale/domain';
import { z } from 'zod';
import type { CrossTenantScope } from '@rammeaftale/db';
import type { Logger } from '@rammeaftale/logging';
import type { OrderRepository } from '../orders/order.repository';
import { actorScope } from '../tenancy';
import type { NoticeDoc, NoticeKind, NoticeRecipient, NoticeRefs } from './notice.model';
import { NOTICE_DELIVERY, type NoticeRepository } from './notice.repository';

/** What the notice use cases need, wired in start.ts (part of the order use cases' deps). */
export interface NoticeDeps {
  notices?: NoticeRepository;
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
  for (const n of notices) {
    try {
      await deps.notices.deliver(NOTICE_DELIVERY, {
        _id: `${n.kind.replace(/_/g, '-')}.${n.key.replace(/[^A-Za-z0-9_-]/g, '-')}`,
        kind: n.kind,
        recipient: n.recipient,
        refs: n.refs,
        createdAt,
      });
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

/** What a contract step answers, as far as the notices read it (the contracts service's view). */
const SteppedContract = z.object({
  id: z.string(),
  version: z.number(),
  status: z.string(),
  supplier: z.object({ organisationId: z.string() }),
  actingMunicipality: z.object({ organisationId: z.string() }),
});

/**
 * After a step on a contract in the portal: sent to the supplier, the supplier's people are told
 * it awaits them; accepted by the supplier, the buyer's case workers are told it awaits their
 * signature. One notice per contract version and step.
 */
export async function noticeAfterContractStep(
  deps: NoticeDeps,
  step: string,
  answer: unknown,
): Promise<void> {
  const read = SteppedContract.safeParse(answer);
  if (!read.success) return;
  const c = read.data;
  const to =
    step === 'send' && c.status === 'sent_to_supplier'
      ? { organisationId: c.supplier.organisationId, role: 'supplier' as const }
      : step === 'accepter' && c.status === 'accepted_by_supplier'
        ? { organisationId: c.actingMunicipality.organisationId, role: 'caseworker' as const }
        : undefined;
  if (!to) return;
  await notify(deps, [
    {
      key: `${c.id}-v${c.version}-${to.role}`,
      kind: 'contract_awaiting_signature',
      recipient: to,
      refs: { contractId: c.id },
    },
  ]);
}

/** A tariff change announced: each buyer whose decision awaits approval is told, once per change. */
export async function noticeIncreaseAwaitingApproval(
  deps: NoticeDeps,
  change: { id: string; decisions: { buyer: { organisationId: string }; status: string }[] },
): Promise<void> {
  const buyers = new Set(
    change.decisions
      .filter((d) => d.status === 'awaiting_approval')
      .map((d) => d.buyer.organisationId),
  );
  await notify(
    deps,
    [...buyers].map((organisationId) => ({
      key: `${change.id}-${organisationId}`,
      kind: 'increase_awaiting_approval' as const,
      recipient: { organisationId, role: 'caseworker' as const },
      refs: { tariffChangeId: change.id },
    })),
  );
}
