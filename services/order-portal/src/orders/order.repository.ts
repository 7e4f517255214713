import type { Connection, Model, UpdateQuery } from 'mongoose';
import {
  crossTenant,
  LeaseRepository,
  requireCrossTenant,
  requireParty,
  withLease,
  scopeFilter,
  trusted,
  MissingTenantScopeError,
  type CrossTenantScope,
  type PartyScope,
  type ScopeFilters,
  type TenantScope,
} from '@rammeaftale/db';
import { ConflictError, isSharedWithOtherMunicipalities, ORDER_STATES } from '@rammeaftale/domain';
import { citizenTexts, type CitizenTexts } from './citizen-texts';
import { FollowUpVocabulary } from './follow-up-vocabulary';
import { OrderLists } from './order-lists';
import { ageBand, SHARING_FIELDS, type OpenOrderForSharing } from './order-sharing';
import { orderModel, type OrderDoc } from './order.model';
import { SearchRowsRepository } from './search-rows.repository';

export type Order = Omit<OrderDoc, '_id'> & { id: string };
export const toOrder = ({ _id, ...rest }: OrderDoc): Order => ({ id: _id, ...rest });

/** A lease names one order whoever's it is; what its holder writes is scoped as usual. */
const ORDER_LEASES = crossTenant("an order's lease names the order, whoever acts for it");

/** What other municipalities see of the orders (drafts stay the acting municipality's). */
const OPEN_STATES = ORDER_STATES.filter(isSharedWithOtherMunicipalities);

/** The municipality reads orders it acts for or pays for; it changes only those it acts for. */
const MUNICIPALITY: ScopeFilters<'municipality' | 'acting'> = {
  municipality: (id) =>
    trusted({ $or: [{ actingOrganisationId: id }, { payingOrganisationId: id }] }),
  acting: (id) => ({ actingOrganisationId: id }),
};

/**
 * MUNICIPALITY's `municipality` scope as two disjoint filters (acting; paying but not acting):
 * the lists query each, as FerretDB pushes these down to PostgreSQL and not the `$or` (order-lists.ts).
 */
const MUNICIPALITY_PARTS = (id: string): Record<string, unknown>[] => [
  { actingOrganisationId: id },
  { payingOrganisationId: id, actingOrganisationId: trusted({ $ne: id }) },
];

const REPORT_FIELDS = {
  actingMunicipalityCode: 1,
  status: 1,
  selection: 1,
  createdAt: 1,
  transitions: 1,
  'need.targetGroup': 1,
};

/**
 * Orders, always read and written inside a tenant (see src/tenancy.ts): the acting
 * municipality, for reading also the paying one, or the supplier of a request. The few reads
 * across tenants — the shared-offer check, the contracts service, the secretariat's reports, the
 * request sweeper — take a `crossTenant(reason)` scope and nothing else.
 */
export class OrderRepository {
  private readonly Order: Model<OrderDoc>;
  /** The searched, filtered and paged lists of orders and of a supplier's requests. */
  readonly lists: OrderLists;
  /** The statuses and quality-model themes of the follow-up meetings (data, shared by all). */
  readonly vocabulary: FollowUpVocabulary;
  /** The rows of each order's last search, kept beside the order (search-rows.repository.ts). */
  readonly searchRows: SearchRowsRepository;

  /** The orders' leases (`order_leases`): every write on an order is made holding its lease. */
  private readonly leases: LeaseRepository;

  /**
   * `texts`: the citizen's free texts at rest (citizen-texts.ts), sealed when stored and opened
   * on the reads below, which are the tenant-scoped ones; default: stored as written (no keys).
   */
  constructor(
    conn: Connection,
    private readonly texts: CitizenTexts = citizenTexts(),
  ) {
    this.Order = orderModel(conn);
    this.leases = new LeaseRepository(conn, { model: 'OrderLease', collection: 'order_leases' });
    this.lists = new OrderLists(this.Order, MUNICIPALITY_PARTS, texts);
    this.vocabulary = new FollowUpVocabulary(conn);
    this.searchRows = new SearchRowsRepository(conn);
  }

  /**
   * Runs one write on the order holding its lease. The writes are guarded by the order's
   * `revision`, which is atomic on MongoDB but not on FerretDB 1.x (read, compare, write back:
   * two requests at the same revision both "won", ADR 0002); under the lease the compare and the
   * write are one step on both. A lease still held after a few seconds is a 409 (try again).
   * Also the outbox relay's pop of a published event (wiring.ts), which writes the order too.
   */
  guarded<T>(id: string, write: () => Promise<T>): Promise<T> {
    return withLease(this.leases, ORDER_LEASES, `order:${id}`, write, {
      busy: () => new ConflictError('Another change of this order is being stored; try again'),
    });
  }

  /** An order as read: its free texts opened. */
  private read(doc: OrderDoc): Order {
    return this.texts.open(toOrder(doc));
  }

  private readMaybe(doc: OrderDoc | null | undefined): Order | undefined {
    return doc ? this.read(doc) : undefined;
  }

  /** A new order, created by its acting municipality only. */
  async create(
    scope: PartyScope<'acting'>,
    doc: Omit<OrderDoc, 'createdAt' | 'updatedAt'>,
  ): Promise<Order> {
    if (requireParty(scope, 'acting').id !== doc.actingOrganisationId)
      throw new MissingTenantScopeError('an order is created in its acting municipality');
    const created = await this.Order.create({ ...doc, need: this.texts.seal(doc.need) });
    return this.read(created.toObject());
  }

  /** An order in the scope; undefined for anyone else's. */
  async get(scope: TenantScope<'municipality' | 'acting'>, id: string): Promise<Order | undefined> {
    const filter = { _id: id, ...scopeFilter(scope, MUNICIPALITY) };
    return this.readMaybe(await this.Order.findOne(filter).lean<OrderDoc>());
  }

  /** Applies `update` if the order is still at `revision` and acted for by the scope's municipality. */
  async updateActing(
    scope: PartyScope<'acting'>,
    id: string,
    revision: number,
    update: UpdateQuery<OrderDoc>,
  ): Promise<Order | undefined> {
    const filter = {
      _id: id,
      ...scopeFilter(requireParty(scope, 'acting'), MUNICIPALITY),
      revision,
    };
    const doc = await this.guarded(id, () =>
      this.Order.findOneAndUpdate(
        filter,
        { ...update, $inc: { revision: 1 } },
        { new: true, lean: true },
      ),
    );
    return this.readMaybe(doc);
  }

  /** The latest search snapshot: last writer wins, so two searches at once never conflict. */
  async setLastSearch(
    scope: PartyScope<'acting'>,
    id: string,
    snapshot: OrderDoc['lastSearch'],
  ): Promise<boolean> {
    const filter = { _id: id, ...scopeFilter(requireParty(scope, 'acting'), MUNICIPALITY) };
    // Under the lease too: FerretDB writes the whole document back, so an unguarded $set at the
    // same instant as a guarded transition could put the old status back.
    const res = await this.guarded(id, () =>
      this.Order.updateOne(filter, { $set: { lastSearch: snapshot } }),
    );
    return res.matchedCount === 1;
  }

  /** For the supplier of a request: the order holding it. */
  async getByRequest(scope: PartyScope<'supplier'>, requestId: string): Promise<Order | undefined> {
    const supplier = requireParty(scope, 'supplier').id;
    // Dotted paths, not $elemMatch (FerretDB 1.x takes only operators there); the pairing of
    // request and supplier in one element is checked here.
    const doc = await this.Order.findOne({
      'requests.requestId': requestId,
      'requests.supplierOrganisationId': supplier,
    }).lean<OrderDoc>();
    const own = doc?.requests.some(
      (r) => r.requestId === requestId && r.supplierOrganisationId === supplier,
    );
    return doc && own ? this.read(doc) : undefined;
  }

  /** Writes on a request by its supplier, guarded by the order's revision. */
  async updateForSupplier(
    scope: PartyScope<'supplier'>,
    target: { id: string; requestId: string; revision: number },
    update: UpdateQuery<OrderDoc>,
  ): Promise<Order | undefined> {
    const supplier = requireParty(scope, 'supplier').id;
    // The request and its supplier are checked on the document at `revision`, and the write is
    // guarded by that revision alone: FerretDB 1.x at times matches no update whose filter has a
    // dotted path into the requests array (seen on an order with follow-ups, where a count with
    // the same filter matched it).
    const current = await this.Order.findOne(
      { _id: target.id, revision: target.revision },
      { requests: 1 },
    ).lean<Pick<OrderDoc, 'requests'>>();
    const own = current?.requests.some(
      (r) => r.requestId === target.requestId && r.supplierOrganisationId === supplier,
    );
    if (!own) return undefined;
    const doc = await this.guarded(target.id, () =>
      this.Order.findOneAndUpdate(
        { _id: target.id, revision: target.revision },
        { ...update, $inc: { revision: 1 } },
        { new: true, lean: true },
      ),
    );
    return this.readMaybe(doc);
  }

  /** The municipality's orders of the citizen with this CPR look-up token. */
  async findByCprLookup(scope: TenantScope<'municipality'>, lookupToken: string): Promise<Order[]> {
    const docs = await this.Order.find(
      { 'citizen.cpr.lookupToken': lookupToken, ...scopeFilter(scope, MUNICIPALITY) },
      { transitions: 0 },
    ).lean<OrderDoc[]>();
    return docs.map((d) => this.read(d));
  }

  /**
   * Other municipalities' orders still looking for a place in the same target group: the
   * shared-offer check. Cross-tenant by purpose, so only what a joint offer needs is returned.
   */
  async openForSharing(
    scope: CrossTenantScope,
    targetGroup: string,
    excludeOrganisationId: string,
  ): Promise<OpenOrderForSharing[]> {
    requireCrossTenant(scope);
    const docs = await this.Order.find(
      {
        'need.targetGroup': targetGroup,
        status: trusted({ $in: OPEN_STATES }),
        actingOrganisationId: trusted({ $ne: excludeOrganisationId }),
      },
      SHARING_FIELDS,
    )
      .sort({ createdAt: 1 })
      .limit(100)
      .lean<OrderDoc[]>();
    return docs.map((d) => ({
      orderId: d._id,
      municipalityCode: d.actingMunicipalityCode,
      organisationId: d.actingOrganisationId,
      targetGroup: d.need.targetGroup,
      legalBasis: d.need.legalBasis,
      wantedStart: d.need.wantedStart,
      ageBand: ageBand(d.citizen.age),
      status: d.status,
    }));
  }

  /** The few fields needed to mark interest in another municipality's open order. */
  async openForSharingById(scope: CrossTenantScope, id: string) {
    requireCrossTenant(scope);
    const d = await this.Order.findOne(
      { _id: id, status: trusted({ $in: OPEN_STATES }) },
      { actingOrganisationId: 1, status: 1, revision: 1, interests: 1 },
    ).lean<OrderDoc>();
    if (!d) return undefined;
    return {
      id: d._id,
      actingOrganisationId: d.actingOrganisationId,
      status: d.status,
      revision: d.revision,
      interestedOrganisationIds: (d.interests ?? []).map((i) => i.organisationId),
    };
  }

  /**
   * Adds one municipality's interest to another's order (not the acting one's, and not twice: the
   * caller checked on the document read at `revision`). The revision guard is what keeps it once;
   * a `$ne` on `interests.organisationId` is not used, as FerretDB matches it once the array holds
   * two.
   */
  async addInterest(
    scope: CrossTenantScope,
    id: string,
    revision: number,
    interest: OrderDoc['interests'][number],
  ): Promise<Order | undefined> {
    requireCrossTenant(scope);
    const doc = await this.guarded(id, () =>
      this.Order.findOneAndUpdate(
        { _id: id, revision },
        { $push: { interests: interest }, $inc: { revision: 1 } },
        { new: true, lean: true },
      ),
    );
    return this.readMaybe(doc);
  }

  /** For the contracts service (a service caller, no tenant): a selected order by id. */
  async getSelected(scope: CrossTenantScope, id: string): Promise<Order | undefined> {
    requireCrossTenant(scope);
    const doc = await this.Order.findOne({
      _id: id,
      status: trusted({ $in: ['selected', 'contracted', 'active'] }),
    }).lean<OrderDoc>();
    return this.readMaybe(doc);
  }

  /** Report rows: bounded fields of one municipality's orders, or of every order (cross-tenant). */
  async forReports(scope: TenantScope<'municipality'>) {
    const filter = scopeFilter(scope, MUNICIPALITY);
    return this.Order.find(filter, REPORT_FIELDS).lean<OrderDoc[]>();
  }

  /** Expires requests past their deadline (the sweeper, across tenants); returns the orders touched. */
  async expireRequests(
    scope: CrossTenantScope,
    now: Date,
    /** Told of each order whose requests expired just now (the case worker's notice). */
    onExpired?: (order: {
      id: string;
      actingOrganisationId: string;
      requestIds: string[];
    }) => Promise<void>,
  ): Promise<number> {
    requireCrossTenant(scope);
    const docs = await this.Order.find(
      { 'requests.status': 'open' },
      { _id: 1, revision: 1, requests: 1, actingOrganisationId: 1 },
    )
      .limit(500)
      .lean<OrderDoc[]>();
    let n = 0;
    for (const d of docs) {
      const expired = d.requests.filter((r) => r.status === 'open' && r.deadline < now);
      // Nothing due: no write, so the order's revision (and a user's change at it) stays valid.
      if (expired.length === 0) continue;
      const requests = d.requests.map((r) =>
        expired.includes(r) ? { ...r, status: 'expired' as const } : r,
      );
      const res = await this.guarded(d._id, () =>
        this.Order.updateOne(
          { _id: d._id, revision: d.revision },
          { $set: { requests }, $inc: { revision: 1 } },
        ),
      );
      n += res.modifiedCount;
      if (res.modifiedCount && expired.length && onExpired)
        await onExpired({
          id: d._id,
          actingOrganisationId: d.actingOrganisationId,
          requestIds: expired.map((r) => r.requestId),
        });
    }
    return n;
  }

  /**
   * Running placements whose next follow-up (the latest meeting's `nextDueOn`) is due on or before
   * `lastDay` (YYYY-MM-DD): the ids the reminder needs, never the meetings' notes.
   */
  async followUpsDueBy(
    scope: CrossTenantScope,
    lastDay: string,
    limit = 500,
  ): Promise<{ id: string; actingOrganisationId: string; nextDueOn: string }[]> {
    requireCrossTenant(scope);
    const docs = await this.Order.find(
      { status: 'active', 'followUps.0': trusted({ $exists: true }) },
      { _id: 1, actingOrganisationId: 1, followUps: 1 },
    )
      .limit(limit)
      .lean<Pick<OrderDoc, '_id' | 'actingOrganisationId' | 'followUps'>[]>();
    return docs.flatMap((d) => {
      const latest = [...(d.followUps ?? [])]
        .sort((a, b) => a.heldOn.localeCompare(b.heldOn))
        .pop();
      return latest && latest.nextDueOn <= lastDay
        ? [{ id: d._id, actingOrganisationId: d.actingOrganisationId, nextDueOn: latest.nextDueOn }]
        : [];
    });
  }
}
