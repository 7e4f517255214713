import type { Connection, UpdateQuery } from 'mongoose';
import { trusted } from '@rammeaftale/db';
import { isOpenForSharing, ORDER_STATES, type OrderState } from '@rammeaftale/domain';
import { orderModel, type OrderDoc } from './order.model';

export type Order = Omit<OrderDoc, '_id'> & { id: string };
const toOrder = ({ _id, ...rest }: OrderDoc): Order => ({ id: _id, ...rest });

const OPEN_STATES = ORDER_STATES.filter(isOpenForSharing);

/**
 * Orders, always read and written inside a tenant: the acting municipality (or, for reading, the
 * paying one), or the supplier of a request. There is no method that reads an order by id alone.
 */
export function orderRepository(conn: Connection) {
  const Order = orderModel(conn);
  const scopeOf = (organisationId: string) => {
    if (!organisationId) throw new Error('order query without tenant scope');
    return trusted({
      $or: [{ actingOrganisationId: organisationId }, { payingOrganisationId: organisationId }],
    });
  };
  return {
    async create(doc: Omit<OrderDoc, 'createdAt' | 'updatedAt'>): Promise<Order> {
      const created = await Order.create(doc);
      return toOrder(created.toObject() as OrderDoc);
    },

    /** An order the municipality acts for or pays for; undefined for anyone else's. */
    async getForMunicipality(id: string, organisationId: string): Promise<Order | undefined> {
      const doc = await Order.findOne({ _id: id, ...scopeOf(organisationId) }).lean<OrderDoc>();
      return doc ? toOrder(doc) : undefined;
    },

    async listForMunicipality(
      organisationId: string,
      filter: { status?: OrderState },
      limit = 200,
    ): Promise<Order[]> {
      const q: Record<string, unknown> = { ...scopeOf(organisationId) };
      if (filter.status) q.status = filter.status;
      const docs = await Order.find(q, { transitions: 0, pendingEvents: 0 })
        .sort({ createdAt: -1 })
        .limit(limit)
        .lean<OrderDoc[]>();
      return docs.map(toOrder);
    },

    /**
     * Other municipalities' orders still looking for a place in the same target group: the
     * shared-offer check. Cross-tenant by purpose, so only what a joint offer needs is returned.
     */
    async openForSharing(targetGroup: string, excludeOrganisationId: string) {
      const docs = await Order.find(
        {
          'need.targetGroup': targetGroup,
          status: trusted({ $in: OPEN_STATES }),
          actingOrganisationId: trusted({ $ne: excludeOrganisationId }),
        },
        {
          actingOrganisationId: 1,
          actingMunicipalityCode: 1,
          'need.targetGroup': 1,
          'need.legalBasis': 1,
          'need.wantedStart': 1,
          'citizen.age': 1,
          status: 1,
          createdAt: 1,
        },
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
        // An age band, not the age: enough to judge a joint offer, less to identify a citizen.
        ageBand:
          d.citizen.age < 18
            ? 'under 18'
            : d.citizen.age < 30
              ? '18-29'
              : d.citizen.age < 50
                ? '30-49'
                : '50+',
        status: d.status,
      }));
    },

    /** The few fields needed to mark interest in another municipality's open order. */
    async openForSharingById(id: string) {
      const d = await Order.findOne(
        { _id: id, status: trusted({ $in: OPEN_STATES }) },
        { actingOrganisationId: 1, status: 1, revision: 1, interests: 1 },
      ).lean<OrderDoc>();
      return d
        ? {
            id: d._id,
            actingOrganisationId: d.actingOrganisationId,
            status: d.status,
            revision: d.revision,
            interestedOrganisationIds: (d.interests ?? []).map((i) => i.organisationId),
          }
        : undefined;
    },

    /**
     * Adds one municipality's interest (not the acting one's, and not twice: the caller checked on
     * the document read at `revision`). The revision guard is what keeps it once; a `$ne` on
     * `interests.organisationId` is not used, as FerretDB matches it once the array holds two.
     */
    async addInterest(
      id: string,
      revision: number,
      interest: OrderDoc['interests'][number],
    ): Promise<Order | undefined> {
      const doc = await Order.findOneAndUpdate(
        { _id: id, revision },
        { $push: { interests: interest }, $inc: { revision: 1 } },
        { new: true, lean: true },
      );
      return doc ? toOrder(doc as OrderDoc) : undefined;
    },

    /** Applies `update` if the order is still at `revision` and acted for by `organisationId`. */
    async updateActing(
      id: string,
      organisationId: string,
      revision: number,
      update: UpdateQuery<OrderDoc>,
    ): Promise<Order | undefined> {
      if (!organisationId) throw new Error('order update without tenant scope');
      const doc = await Order.findOneAndUpdate(
        { _id: id, actingOrganisationId: organisationId, revision },
        { ...update, $inc: { revision: 1 } },
        { new: true, lean: true },
      );
      return doc ? toOrder(doc as OrderDoc) : undefined;
    },

    /** The latest search snapshot: last writer wins, so two searches at once never conflict. */
    async setLastSearch(
      id: string,
      organisationId: string,
      snapshot: OrderDoc['lastSearch'],
    ): Promise<boolean> {
      if (!organisationId) throw new Error('order update without tenant scope');
      const res = await Order.updateOne(
        { _id: id, actingOrganisationId: organisationId },
        { $set: { lastSearch: snapshot } },
      );
      return res.matchedCount === 1;
    },

    /** For the supplier of a request: the order holding it. */
    async getByRequestForSupplier(
      requestId: string,
      supplierOrganisationId: string,
    ): Promise<Order | undefined> {
      if (!supplierOrganisationId) throw new Error('request query without tenant scope');
      // Dotted paths, not $elemMatch (FerretDB 1.x takes only operators there); the pairing of
      // request and supplier in one element is checked here.
      const doc = await Order.findOne({
        'requests.requestId': requestId,
        'requests.supplierOrganisationId': supplierOrganisationId,
      }).lean<OrderDoc>();
      const own = doc?.requests.some(
        (r) => r.requestId === requestId && r.supplierOrganisationId === supplierOrganisationId,
      );
      return doc && own ? toOrder(doc) : undefined;
    },

    async listForSupplier(supplierOrganisationId: string, limit = 200): Promise<Order[]> {
      if (!supplierOrganisationId) throw new Error('request query without tenant scope');
      const docs = await Order.find({ 'requests.supplierOrganisationId': supplierOrganisationId })
        .sort({ updatedAt: -1 })
        .limit(limit)
        .lean<OrderDoc[]>();
      return docs.map(toOrder);
    },

    /** Writes on a request by its supplier, guarded by the order's revision. */
    async updateForSupplier(
      id: string,
      requestId: string,
      supplierOrganisationId: string,
      revision: number,
      update: UpdateQuery<OrderDoc>,
    ): Promise<Order | undefined> {
      const doc = await Order.findOneAndUpdate(
        {
          _id: id,
          revision,
          'requests.requestId': requestId,
          'requests.supplierOrganisationId': supplierOrganisationId,
        },
        { ...update, $inc: { revision: 1 } },
        { new: true, lean: true },
      );
      return doc ? toOrder(doc as OrderDoc) : undefined;
    },

    async findByCprLookup(lookupToken: string, organisationId: string): Promise<Order[]> {
      const docs = await Order.find(
        { 'citizen.cpr.lookupToken': lookupToken, ...scopeOf(organisationId) },
        { transitions: 0 },
      ).lean<OrderDoc[]>();
      return docs.map(toOrder);
    },

    /** For the contracts service (a service caller, no tenant): a selected order by id. */
    async getSelectedForService(id: string): Promise<Order | undefined> {
      const doc = await Order.findOne({
        _id: id,
        status: trusted({ $in: ['selected', 'contracted', 'active'] }),
      }).lean<OrderDoc>();
      return doc ? toOrder(doc) : undefined;
    },

    /** Report rows: bounded fields of every order (secretariat) or of one municipality. */
    async forReports(organisationId: string | undefined) {
      const q = organisationId ? { ...scopeOf(organisationId) } : {};
      return Order.find(q, {
        actingMunicipalityCode: 1,
        status: 1,
        selection: 1,
        createdAt: 1,
        transitions: 1,
        'need.targetGroup': 1,
      }).lean<OrderDoc[]>();
    },

    /** Expires requests past their deadline (sweeper); returns the orders touched. */
    async expireRequests(now: Date): Promise<number> {
      const docs = await Order.find(
        { 'requests.status': 'open' },
        { _id: 1, revision: 1, requests: 1 },
      )
        .limit(500)
        .lean<OrderDoc[]>();
      let n = 0;
      for (const d of docs) {
        const requests = d.requests.map((r) =>
          r.status === 'open' && r.deadline < now ? { ...r, status: 'expired' as const } : r,
        );
        const res = await Order.updateOne(
          { _id: d._id, revision: d.revision },
          { $set: { requests }, $inc: { revision: 1 } },
        );
        n += res.modifiedCount;
      }
      return n;
    },
  };
}

export type OrderRepository = ReturnType<typeof orderRepository>;
