import type { Connection } from 'mongoose';
import { crossTenant, requireCrossTenant, trusted, type CrossTenantScope } from '@rammeaftale/db';
import type { Logger } from '@rammeaftale/logging';
import { offerModel, type OfferDoc } from '../../offers/offer.model';
import { orderModel } from '../../orders/order.model';
import { mainService } from '../../market/market.rules';
import { generateOrderHistory, type HistoryOffer, type HistoryOrder } from './order-history';

/** The seed of the order history; orders per run of the demo. */
export const HISTORY_SEED = 20_240_108;
export const HISTORY_ORDER_COUNT = 240;

type OfferFields = Pick<
  OfferDoc,
  '_id' | 'name' | 'operator' | 'targetGroups' | 'legalBasis' | 'ageMin' | 'ageMax' | 'tariffs'
>;

const toHistoryOffer = (d: OfferFields): HistoryOffer => {
  const service = mainService(d);
  return {
    id: d._id,
    name: d.name,
    operatorKind: d.operator.kind,
    operatorId: d.operator.organisationId,
    targetGroups: d.targetGroups ?? [],
    legalBasis: d.legalBasis ?? [],
    ageMin: d.ageMin,
    ageMax: d.ageMax,
    tariffs: (d.tariffs ?? [])
      .filter((t) => t.service === service)
      .map((t) => ({ validFrom: t.validFrom, dailyBasisOre: t.dailyBasisOre })),
  };
};

/**
 * Writes the demo's order history: the registry's offers as imported (sorted, so the same
 * registry always gives the same orders), the generated orders inserted through the order model
 * (its schema validates each) with their own dates. Orders already there are left alone, so a
 * second run changes nothing. Returns how many were new.
 */
export class DemoHistoryRepository {
  constructor(private readonly db: Connection) {}

  async offers(scope: CrossTenantScope): Promise<HistoryOffer[]> {
    requireCrossTenant(scope);
    const docs = await offerModel(this.db)
      .find(
        {},
        { name: 1, operator: 1, targetGroups: 1, legalBasis: 1, ageMin: 1, ageMax: 1, tariffs: 1 },
      )
      .sort({ _id: 1 })
      .lean<OfferFields[]>();
    return docs.map(toHistoryOffer);
  }

  async insertOrders(scope: CrossTenantScope, orders: readonly HistoryOrder[]): Promise<number> {
    requireCrossTenant(scope);
    const Order = orderModel(this.db);
    const existing = new Set(
      (
        await Order.find({ _id: trusted({ $in: orders.map((o) => o._id) }) }, { _id: 1 }).lean()
      ).map((d) => d._id),
    );
    const fresh = orders
      .filter((o) => !existing.has(o._id))
      .map((o) => ({ ...o, updatedAt: o.createdAt }));
    if (fresh.length) await Order.insertMany(fresh, { ordered: false });
    return fresh.length;
  }
}

export async function seedOrderHistory(
  db: Connection,
  logger: Logger,
  anchorDate: string,
): Promise<{ orders: number; inserted: number }> {
  const scope = crossTenant('the demo seed writes the order history of all 17 municipalities');
  const repo = new DemoHistoryRepository(db);
  const orders = generateOrderHistory({
    seed: HISTORY_SEED,
    offers: await repo.offers(scope),
    anchorDate,
    count: HISTORY_ORDER_COUNT,
  });
  const inserted = await repo.insertOrders(scope, orders);
  logger.info({ orders: orders.length, inserted }, 'demo order history loaded');
  return { orders: orders.length, inserted };
}
