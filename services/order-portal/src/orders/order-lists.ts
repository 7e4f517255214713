import type { Model } from 'mongoose';
import { requireParty, trusted, type PartyScope, type TenantScope } from '@rammeaftale/db';
import type { OrderState } from '@rammeaftale/domain';
import { citizenTexts, type CitizenTexts } from './citizen-texts';
import { containing, type ListPosition } from './list-cursor';
import type { OrderDoc, PlacementRequestDoc } from './order.model';

export interface OrderListFilter {
  status?: OrderState;
  targetGroup?: string;
  /** Part of the citizen's reference (pseudonym or case number), any case. */
  q?: string;
}
export interface RequestListFilter {
  status?: PlacementRequestDoc['status'];
  /** Part of the offer's name, any case. */
  q?: string;
}
export interface PageAsk {
  limit: number;
  after?: ListPosition;
}

/** A list's page as the repository reads it: one more than asked tells that a next page exists. */
export interface Slice<T> {
  items: T[];
  count: number;
  last?: ListPosition;
}

/** Newer than nothing, or older than the last one shown (by time, then id). */
const olderThan = (timeField: string, idField: string, after?: ListPosition) =>
  after
    ? [
        {
          $or: [
            { [timeField]: trusted({ $lt: after.at }) },
            { [timeField]: after.at, [idField]: trusted({ $lt: after.id }) },
          ],
        },
      ]
    : [];

/** The list's order, as the database sorts it (`createdAt: -1, _id: -1`): for merging two pages. */
const newestFirst = (a: OrderDoc, b: OrderDoc): number =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);

/** What a supplier's list needs of the order behind a request; the reference only for the access log. */
export type SupplierRequestRow = Pick<
  OrderDoc,
  '_id' | 'citizen' | 'need' | 'goals' | 'actingMunicipalityCode'
> & { request: PlacementRequestDoc };

/**
 * The long lists — a municipality's orders, a supplier's requests — searched, filtered and paged
 * in the database (keyset pagination, newest first), always inside the caller's tenant.
 */
export class OrderLists {
  constructor(
    private readonly Order: Model<OrderDoc>,
    /**
     * The orders a municipality reads, as disjoint filters of top-level equality whose union is
     * its scope (order.repository.ts): each pushed down to PostgreSQL by FerretDB.
     */
    private readonly municipalityParts: (organisationId: string) => Record<string, unknown>[],
    /** The citizen's free texts, opened for the caller's own rows (citizen-texts.ts). */
    private readonly texts: CitizenTexts = citizenTexts(),
  ) {}

  /**
   * The municipality's orders, newest first. The scope "acts for or pays for" is read as two
   * disjoint queries — acting = X, and paying = X while acting ≠ X — whose pages are merged in
   * the same order: FerretDB 1.24 pushes top-level equality (and `$ne`) down to PostgreSQL but
   * not an `$or`, which made every request read and convert the whole collection, twice (page
   * and count). Each query is a flat filter so its pushable parts stay pushable next to the
   * parts FerretDB filters itself (the cursor's `$or`, the search's regex, dotted paths).
   */
  async orders(
    scope: TenantScope<'municipality'>,
    filter: OrderListFilter,
    ask: PageAsk,
  ): Promise<Slice<OrderDoc>> {
    const id = requireParty(scope, 'municipality').id;
    const where: Record<string, unknown> = {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.targetGroup ? { 'need.targetGroup': filter.targetGroup } : {}),
      ...(filter.q ? { 'citizen.reference': trusted(containing(filter.q)) } : {}),
    };
    const after = olderThan('createdAt', '_id', ask.after)[0];
    const parts = this.municipalityParts(id).map((part) => ({ ...where, ...part }));
    const [counts, pages] = await Promise.all([
      Promise.all(parts.map((part) => this.Order.countDocuments(trusted(part)))),
      Promise.all(
        parts.map((part) =>
          this.Order.find(trusted({ ...part, ...(after ?? {}) }), {
            transitions: 0,
            pendingEvents: 0,
            followUps: 0,
          })
            .sort({ createdAt: -1, _id: -1 })
            .limit(ask.limit + 1)
            .lean<OrderDoc[]>(),
        ),
      ),
    ]);
    const docs = pages
      .flat()
      .sort(newestFirst)
      .slice(0, ask.limit + 1);
    const items = docs.slice(0, ask.limit).map((d) => this.texts.open(d));
    const lastDoc = docs.length > ask.limit ? items.at(-1) : undefined;
    return {
      items,
      count: counts.reduce((a, b) => a + b, 0),
      last: lastDoc && { at: lastDoc.createdAt, id: lastDoc._id },
    };
  }

  /** The supplier's own requests, one row each (an order may hold several), newest sent first. */
  async supplierRequests(
    scope: PartyScope<'supplier'>,
    filter: RequestListFilter,
    ask: PageAsk,
  ): Promise<Slice<SupplierRequestRow>> {
    const supplier = requireParty(scope, 'supplier').id;
    const base = [
      { $match: { 'requests.supplierOrganisationId': supplier } },
      { $unwind: '$requests' },
      {
        $match: {
          'requests.supplierOrganisationId': supplier,
          ...(filter.status ? { 'requests.status': filter.status } : {}),
          ...(filter.q ? { 'requests.offerName': containing(filter.q) } : {}),
        },
      },
    ];
    const after = olderThan('requests.sentAt', 'requests.requestId', ask.after);
    // FerretDB's $unwind keeps only the unwound field (and _id): the page is chosen on the
    // requests, then the orders behind them are read by id.
    const [counted, rows] = await Promise.all([
      this.Order.aggregate<{ n: number }>([...base, { $count: 'n' }]),
      this.Order.aggregate<{ _id: string; requests: PlacementRequestDoc }>([
        ...base,
        ...after.map(($match) => ({ $match })),
        { $sort: { 'requests.sentAt': -1, 'requests.requestId': -1 } },
        { $limit: ask.limit + 1 },
      ]),
    ]);
    const page = rows.slice(0, ask.limit);
    const orders = await this.Order.find(
      { _id: trusted({ $in: [...new Set(page.map((r) => r._id))] }) },
      { citizen: 1, need: 1, goals: 1, actingMunicipalityCode: 1 },
    ).lean<Omit<SupplierRequestRow, 'request'>[]>();
    const byId = new Map(orders.map((o) => [o._id, o]));
    const items = page.flatMap((r) => {
      const o = byId.get(r._id);
      return o ? [{ ...this.texts.open(o), request: r.requests }] : [];
    });
    const lastRow = rows.length > ask.limit ? page.at(-1) : undefined;
    return {
      items,
      count: counted[0]?.n ?? 0,
      last: lastRow && { at: new Date(lastRow.requests.sentAt), id: lastRow.requests.requestId },
    };
  }
}
