import type { Connection, Model } from 'mongoose';
import {
  crossTenant,
  isCrossTenant,
  requireCrossTenant,
  trusted,
  type CrossTenantScope,
  scopeFilter,
  type PartyScope,
  type TenantScope,
} from '@rammeaftale/db';
import { noticeModel, type NoticeDoc, type NoticeMail } from './notice.model';

/** The recipient's organisation: every read and the "read" mark happen inside it. */
export type NoticeScope = PartyScope<'organisation'>;

/**
 * A notice is written by the party whose act it reports (a case worker's request reaches a
 * supplier), so the write goes into another organisation's slice on purpose.
 */
export const NOTICE_DELIVERY = crossTenant(
  'a notice is delivered to the organisation it is for, by the party whose act it reports',
);

const FILTERS = { organisation: (id: string) => ({ 'recipient.organisationId': id }) };

export interface NoticeSlice {
  items: NoticeDoc[];
  count: number;
  unread: number;
}

export class NoticeRepository {
  private readonly Notice: Model<NoticeDoc>;

  constructor(conn: Connection) {
    this.Notice = noticeModel(conn);
  }

  /**
   * Writes the notice unless one with the same natural key exists (`created: false` then): a
   * retry or a redelivered event never tells a person twice.
   */
  async deliver(
    scope: TenantScope<'organisation'>,
    notice: Omit<NoticeDoc, 'readAt'>,
  ): Promise<{ created: boolean }> {
    if (!isCrossTenant(scope) && scope.id !== notice.recipient.organisationId)
      throw new Error('a notice outside the scope it was written in');
    scopeFilter(scope, FILTERS);
    const res = await this.Notice.updateOne(
      { _id: notice._id },
      { $setOnInsert: notice },
      { upsert: true },
    );
    return { created: res.upsertedCount === 1 };
  }

  /** The notices of one role of the organisation, newest first, a page at a time. */
  async list(
    scope: NoticeScope,
    role: string,
    page: { skip: number; limit: number },
  ): Promise<NoticeSlice> {
    const filter = { ...scopeFilter(scope, FILTERS), 'recipient.role': role };
    const [items, count, unread] = await Promise.all([
      this.Notice.find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .skip(page.skip)
        .limit(page.limit)
        .lean<NoticeDoc[]>(),
      this.Notice.countDocuments(filter),
      this.Notice.countDocuments({ ...filter, readAt: null }),
    ]);
    return { items, count, unread };
  }

  /** How many of the role's notices nobody in the organisation has marked as read. */
  unread(scope: NoticeScope, role: string): Promise<number> {
    return this.Notice.countDocuments({
      ...scopeFilter(scope, FILTERS),
      'recipient.role': role,
      readAt: null,
    });
  }

  /** Marks one notice of the organisation's role as read; false when it is not theirs. */
  async markRead(scope: NoticeScope, role: string, id: string, at: Date): Promise<boolean> {
    const mine = { ...scopeFilter(scope, FILTERS), 'recipient.role': role, _id: id };
    // The first mark counts: marking again keeps when it was first read.
    const res = await this.Notice.updateOne({ ...mine, readAt: null }, { $set: { readAt: at } });
    if (res.matchedCount === 1) return true;
    return (await this.Notice.countDocuments(mine)) === 1;
  }

  /**
   * Records how far a notice's mail got (by `_id` only: one write, ADR 0003's amendment). Only
   * the mail's own fields change; the attempt is counted.
   */
  async recordMail(
    id: string,
    set: Partial<Pick<NoticeMail, 'status' | 'lastError' | 'acceptedAt'>>,
  ): Promise<void> {
    const $set = Object.fromEntries(Object.entries(set).map(([k, v]) => [`mail.${k}`, v]));
    await this.Notice.updateOne(
      { _id: id },
      {
        $set,
        $inc: { 'mail.attempts': 1 },
        ...(set.status === 'accepted' ? { $unset: { 'mail.lastError': 1 } } : {}),
      },
    );
  }

  /** Notices whose mail is still pending since before `before`, oldest first (the reconciler). */
  withPendingMail(scope: CrossTenantScope, before: Date, limit: number): Promise<NoticeDoc[]> {
    requireCrossTenant(scope);
    return this.Notice.find({ 'mail.status': 'pending', createdAt: trusted({ $lte: before }) })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean<NoticeDoc[]>();
  }
}
