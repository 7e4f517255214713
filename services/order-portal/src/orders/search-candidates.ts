import type { Connection } from 'mongoose';
import type { CandidateOffer } from '@rammeaftale/domain';
import { trusted } from '@rammeaftale/db';
import { offerModel, type OfferDoc } from '../offers/offer.model';
import { tariffsInForce } from '../offers/tariff-periods';

export interface SearchCandidate extends CandidateOffer {
  name: string;
  supplierOrganisationId: string;
  municipalityCode: number;
  frameworkAgreement: boolean;
  supervisingAuthority: string;
}

type Projected = Pick<
  OfferDoc,
  | '_id'
  | 'name'
  | 'operator'
  | 'targetGroups'
  | 'legalBasis'
  | 'ageMin'
  | 'ageMax'
  | 'genderRestriction'
  | 'address'
  | 'currentCapacity'
  | 'tariffs'
  | 'frameworkAgreement'
  | 'supervisingAuthority'
  | 'approval'
  | 'updatedAt'
>;

const PROJECTION = {
  name: 1,
  operator: 1,
  targetGroups: 1,
  legalBasis: 1,
  ageMin: 1,
  ageMax: 1,
  genderRestriction: 1,
  address: 1,
  currentCapacity: 1,
  tariffs: 1,
  frameworkAgreement: 1,
  supervisingAuthority: 1,
  approval: 1,
  updatedAt: 1,
};

function toCandidate(o: Projected, today: string): SearchCandidate {
  const inForce = tariffsInForce(o.tariffs ?? [], today);
  const daily = inForce.length
    ? inForce.reduce(
        (sum, t) => sum + t.dailyBasisOre + t.additional.reduce((s, a) => s + a.dailyOre, 0),
        0,
      )
    : null;
  return {
    id: o._id,
    name: o.name,
    operatorKind: o.operator.kind,
    supplierOrganisationId: o.operator.organisationId,
    targetGroups: o.targetGroups,
    legalBases: o.legalBasis,
    ageMin: o.ageMin,
    ageMax: o.ageMax,
    genders: o.genderRestriction === 'any' ? [] : [o.genderRestriction],
    competences: [],
    location: o.address.coordinates ?? undefined,
    municipalityCode: o.address.municipalityCode,
    freePlaces: o.currentCapacity?.free ?? 0,
    capacityConfirmedAt: o.currentCapacity?.asOf
      ? new Date(o.currentCapacity.asOf).toISOString()
      : null,
    dailyTariffOre: daily,
    qualityScore: null,
    frameworkAgreement: o.frameworkAgreement,
    supervisingAuthority: o.supervisingAuthority,
  };
}

/**
 * The search's view of the offer registry, kept in memory: searches are frequent and the offers
 * change rarely, and the ranking needs every suitable offer anyway. Before a search it asks the
 * database only "what changed since I last looked" (an indexed `updatedAt` query), so a capacity
 * update is visible to the next search on every replica.
 */
export function searchCandidates(
  conn: Connection,
  opts: { today: () => string; minRefreshMs?: number } = {
    today: () => new Date().toISOString().slice(0, 10),
  },
) {
  const Offer = offerModel(conn);
  const byId = new Map<string, Projected>();
  let seenUpTo = new Date(0);
  let lastCheck = 0;
  let refreshing: Promise<void> | undefined;
  const minRefreshMs = opts.minRefreshMs ?? 250;

  const refresh = async () => {
    const changed = await Offer.find({ updatedAt: trusted({ $gte: seenUpTo }) }, PROJECTION).lean<
      Projected[]
    >();
    for (const o of changed) {
      if (o.approval?.status === 'revoked') byId.delete(o._id);
      else byId.set(o._id, o);
      if (o.updatedAt > seenUpTo) seenUpTo = o.updatedAt;
    }
    lastCheck = Date.now();
  };

  return {
    async all(): Promise<SearchCandidate[]> {
      if (Date.now() - lastCheck >= minRefreshMs) {
        refreshing ??= refresh().finally(() => {
          refreshing = undefined;
        });
        await refreshing;
      }
      const today = opts.today();
      return [...byId.values()].map((o) => toCandidate(o, today));
    },
    async get(id: string): Promise<SearchCandidate | undefined> {
      const o = await Offer.findById(id, PROJECTION).lean<Projected>();
      return o ? toCandidate(o, opts.today()) : undefined;
    },
  };
}

export type SearchCandidates = ReturnType<typeof searchCandidates>;
