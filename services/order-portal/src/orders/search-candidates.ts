import type { Connection } from 'mongoose';
import { requireCrossTenant, type CrossTenantScope } from '@rammeaftale/db';
import type { CandidateOffer } from '@rammeaftale/domain';
import { offerModel, type OfferDoc } from '../offers/offer.model';
import { tariffsInForce } from '../offers/tariff-periods';
import { RegistryChangeLog } from '../offers/registry-changes';

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
  | 'competences'
  | 'quality'
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
  competences: 1,
  quality: 1,
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
    competences: o.competences ?? [],
    location: o.address.coordinates
      ? { lat: o.address.coordinates.lat, lon: o.address.coordinates.lon, town: o.address.city }
      : null,
    municipalityCode: o.address.municipalityCode,
    freePlaces: o.currentCapacity?.free ?? 0,
    capacityConfirmedAt: o.currentCapacity?.asOf
      ? new Date(o.currentCapacity.asOf).toISOString()
      : null,
    dailyTariffOre: daily,
    quality: o.quality ?? null,
    frameworkAgreement: o.frameworkAgreement,
    supervisingAuthority: o.supervisingAuthority,
  };
}

/**
 * The search's view of the offer registry, kept in memory: searches are frequent, offers change
 * rarely, and the ranking needs every suitable offer anyway. Before a search it asks only "which
 * offers changed since I last looked" through the registry's change log (read by `_id`, which is
 * what FerretDB answers fast), so a capacity update is visible to the next search on every replica.
 * The search ranks every suitable offer of every operator, so both reads are cross-tenant.
 */
export function searchCandidates(
  conn: Connection,
  opts: { today: () => string; minRefreshMs?: number } = {
    today: () => new Date().toISOString().slice(0, 10),
  },
) {
  const Offer = offerModel(conn);
  const changeLog = new RegistryChangeLog(conn);
  const byId = new Map<string, Projected>();
  /** Converted candidates; rebuilt when an offer changes or the date (tariff in force) moves on. */
  let converted: { day: string; list: SearchCandidate[] } | undefined;
  let seenVersion = -1;
  let lastCheck = 0;
  let refreshing: Promise<void> | undefined;
  const minRefreshMs = opts.minRefreshMs ?? 250;

  const put = (o: Projected | null, id: string) => {
    if (!o || o.approval?.status === 'revoked') byId.delete(id);
    else byId.set(id, o);
  };
  const refresh = async (scope: CrossTenantScope) => {
    const changes = await changeLog.changesSince(scope, seenVersion);
    if (changes.all) {
      const all = await Offer.find({}, PROJECTION).lean<Projected[]>();
      byId.clear();
      for (const o of all) put(o, o._id);
      converted = undefined;
    } else if (changes.ids.length) {
      for (const id of changes.ids) put(await Offer.findById(id, PROJECTION).lean<Projected>(), id);
      converted = undefined;
    }
    seenVersion = changes.version;
    lastCheck = Date.now();
  };

  return {
    async all(scope: CrossTenantScope): Promise<SearchCandidate[]> {
      requireCrossTenant(scope);
      if (Date.now() - lastCheck >= minRefreshMs) {
        refreshing ??= refresh(scope).finally(() => {
          refreshing = undefined;
        });
        await refreshing;
      }
      const day = opts.today();
      if (!converted || converted.day !== day) {
        converted = { day, list: [...byId.values()].map((o) => toCandidate(o, day)) };
      }
      return converted.list;
    },
    async get(scope: CrossTenantScope, id: string): Promise<SearchCandidate | undefined> {
      requireCrossTenant(scope);
      const o = await Offer.findById(id, PROJECTION).lean<Projected>();
      return o ? toCandidate(o, opts.today()) : undefined;
    },
  };
}

export type SearchCandidates = ReturnType<typeof searchCandidates>;
