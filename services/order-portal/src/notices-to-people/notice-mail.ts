import type { ServiceTokenSource } from '@rammeaftale/auth';
import { crossTenant, partyScope } from '@rammeaftale/db';
import { correlationHeaders, type Logger } from '@rammeaftale/logging';
import { postLetter, type LetterOutcome } from '@rammeaftale/service-api';
import type { OrganisationRepository } from '../offers/organisation.repository';
import { NOTICE_KINDS_TEXT } from './notice-kinds';
import type { NoticeDoc, NoticeRecipient } from './notice.model';
import type { NoticeRepository } from './notice.repository';

/** The letter the portal hands to the notifications service (its `POST /letters` body). */
export interface NoticeLetter {
  key: string;
  kind: 'notice';
  to: string[];
  subject: string;
  text: string;
}

export type { LetterOutcome };

/** How a notice's mail leaves the portal: the notifications service and the portal's own address. */
export interface NoticeMailer {
  postLetter: (letter: NoticeLetter) => Promise<LetterOutcome>;
  /** The portal as people reach it, for the link in the mail (no trailing slash). */
  publicUrl: () => string;
}

export interface NoticeMailDeps {
  notices: NoticeRepository;
  organisations: OrganisationRepository;
  mailer?: NoticeMailer;
  logger: Logger;
  now: () => Date;
}

/** The notice's key at the notifications service: the same notice is one letter however often handed over. */
export const noticeLetterKey = (noticeId: string) => `notice:${noticeId}`;

/**
 * The mail of a notice: one Danish sentence and the link to the portal page, nothing else — no
 * name, CPR number, needs or any other word about the citizen or the order, which the person reads
 * on the page after signing in.
 */
export function noticeLetter(
  notice: Pick<NoticeDoc, '_id' | 'kind' | 'refs'>,
  to: string,
  publicUrl: string,
): NoticeLetter {
  const kind = NOTICE_KINDS_TEXT[notice.kind];
  const url = `${publicUrl}${kind.link(notice) ?? '/beskeder'}`;
  return {
    key: noticeLetterKey(notice._id),
    kind: 'notice',
    to: [to],
    subject: `Bestillingsportalen: ${kind.text}`,
    text: [
      `${kind.text}.`,
      `Log ind i Bestillingsportalen for at se den: ${url}`,
      `Alle dine beskeder: ${publicUrl}/beskeder`,
      'Denne mail er sendt automatisk og kan ikke besvares.',
    ].join('\n\n'),
  };
}

/** Where the role's notice mails go in the registry: its own address, else the organisation's. */
async function addressOf(
  organisations: OrganisationRepository,
  r: NoticeRecipient,
): Promise<string | undefined> {
  const org = (
    await organisations.byIds(partyScope('organisation', r.organisationId), [r.organisationId])
  ).get(r.organisationId);
  return org?.noticeEmails?.[r.role] ?? org?.contact?.email;
}

/**
 * Hands a notice's pending mail to the notifications service (idempotent there by the notice's
 * key) and records the outcome on the notice. A failure loses nothing: the mail stays pending for
 * the reconciler. Never throws.
 */
export async function deliverNoticeMail(deps: NoticeMailDeps, notice: NoticeDoc): Promise<void> {
  if (!deps.mailer || notice.mail?.status !== 'pending') return;
  try {
    const to = await addressOf(deps.organisations, notice.recipient);
    if (!to) {
      await deps.notices.recordMail(notice._id, { status: 'none', lastError: 'no address' });
      deps.logger.warn({ noticeId: notice._id }, 'no address for the notice mail');
      return;
    }
    const outcome = await deps.mailer.postLetter(noticeLetter(notice, to, deps.mailer.publicUrl()));
    if (outcome.ok) {
      await deps.notices.recordMail(notice._id, { status: 'accepted', acceptedAt: deps.now() });
      return;
    }
    await deps.notices.recordMail(notice._id, {
      ...(outcome.permanent ? { status: 'failed' as const } : {}),
      lastError: outcome.reason,
    });
    deps.logger.warn(
      { noticeId: notice._id, reason: outcome.reason, permanent: outcome.permanent },
      'notice mail not handed over',
    );
  } catch (err) {
    deps.logger.warn({ err, noticeId: notice._id }, 'notice mail hand-over failed; will retry');
  }
}

/** The outbox's safety net: notice mails still pending after `olderThanMs` are handed over again. */
export async function reconcileNoticeMails(
  deps: NoticeMailDeps,
  opts: { olderThanMs: number; batch?: number },
): Promise<number> {
  if (!deps.mailer) return 0;
  const pending = await deps.notices.withPendingMail(
    crossTenant('the notice mail reconciler sweeps the pending mails of every organisation'),
    new Date(deps.now().getTime() - opts.olderThanMs),
    opts.batch ?? 200,
  );
  for (const n of pending) await deliverNoticeMail(deps, n);
  return pending.length;
}

/** `POST /letters` of the notifications service with the portal's own service token. */
export function lettersClient(opts: {
  baseUrl: string;
  tokens: ServiceTokenSource;
  publicUrl: () => string;
  timeoutMs?: number;
}): NoticeMailer {
  const to = { baseUrl: opts.baseUrl, token: opts.tokens, timeoutMs: opts.timeoutMs };
  return {
    publicUrl: opts.publicUrl,
    postLetter: (letter) => postLetter({ ...to, headers: correlationHeaders }, letter),
  };
}
