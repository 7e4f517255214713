import type { Connection, Model } from 'mongoose';
import { requireCrossTenant, type CrossTenantScope } from '@rammeaftale/db';
import { copenhagenDate } from '../offers/danish-time';
import { offerModel, type OfferDoc } from '../offers/offer.model';
import type { MarketOffer } from './market.rules';

type MarketDoc = Pick<
  OfferDoc,
  '_id' | 'name' | 'operator' | 'address' | 'targetGroups' | 'capacityHistory' | 'tariffs'
>;

const PROJECTION = {
  name: 1,
  operator: 1,
  'address.municipalityCode': 1,
  targetGroups: 1,
  capacityHistory: 1,
  tariffs: 1,
} as const;

/** Offers read for market data; more than this is a sign the read needs a new shape. */
const MARKET_OFFER_LIMIT = 30_000;

const toMarketOffer = (d: MarketDoc): MarketOffer => ({
  id: d._id,
  name: d.name,
  supplierId: d.operator.organisationId,
  operatorKind: d.operator.kind,
  municipalityCode: d.address.municipalityCode,
  targetGroups: d.targetGroups ?? [],
  capacity: (d.capacityHistory ?? []).map((c) => ({
    day: copenhagenDate(c.asOf),
    placesInOperation: c.placesInOperation,
    occupied: c.occupied,
    free: c.free,
    waitingList: c.waitingList,
  })),
  tariffs: (d.tariffs ?? []).map((t) => ({
    service: t.service,
    validFrom: t.validFrom,
    dailyBasisOre: t.dailyBasisOre,
  })),
});

/**
 * The registry as market data sees it: every offer's capacity counts and tariffs, with who runs
 * it, where and for whom. The registry is shared by the whole agreement, so this is a
 * cross-tenant read only (the secretariat's market data).
 */
export class MarketRepository {
  private readonly Offer: Model<OfferDoc>;

  constructor(conn: Connection) {
    this.Offer = offerModel(conn);
  }

  async offers(scope: CrossTenantScope): Promise<MarketOffer[]> {
    requireCrossTenant(scope);
    const docs = await this.Offer.find({}, PROJECTION)
      .sort({ _id: 1 })
      .limit(MARKET_OFFER_LIMIT)
      .lean<MarketDoc[]>();
    return docs.map(toMarketOffer);
  }
}
