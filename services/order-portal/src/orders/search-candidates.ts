import type { Connection } from 'mongoose';
import { requireCrossTenant, type CrossTenantScope } from '@rammeaftale/db';
import { indexCandidates, type CandidateIndex, type CandidateOffer } from '@rammeaftale/domain';
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
  const confirmed = o.currentCapacity?.asOf ? new Date(o.currentCapacity.asOf) : undefined;
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
    capacityConfirmedAt: confirmed ? confirmed.toISOString() : null,
    ...(confirmed ? { capacityConfirmedAtMs: confirmed.getTime() } : {}),
    dailyTariffOre: daily,
    quality: o.quality ?? null,
    frameworkAgreement: o.frameworkAgreement,
    supervisingAuthority: o.supervisingAuthority,
  };
}

/**
 * The search's view of the offer registry, kept in memory: searches are frequent, offers change
 * rarely, and the ranking needs every suitable offer anyway. Before a search it asks only "which
 * offers changed since I last looked" through the registry's change log, so a capacity update is
 * visible to the next search on every replica. Each offer is converted for the search (tariff in
 * force, dates parsed) once per change of that offer or of the day, not once per search, and the
 * converted registry is indexed by target group (`indexCandidates`) once per change of the registry.
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
  const byId = new Map<string, SearchCandidate>();
  let day = opts.today();
  /** The registry as the search sees it; rebuilt after a change of an offer or of the day. */
  let view: { list: SearchCandidate[]; index: CandidateIndex<SearchCandidate> } | undefined;
  let seenVersion = -1;
  let lastCheck = 0;
  let refreshing: Promise<void> | undefined;
  const minRefreshMs = opts.minRefreshMs ?? 250;
  /** The raw documents, for a change of day (another tariff may come into force). */
  const raw = new Map<string, Projected>();

  const put = (o: Projected | null, id: string) => {
    if (!o || o.approval?.status === 'revoked') {
      byId.delete(id);
      raw.delete(id);
    } else {
      raw.set(id, o);
      byId.set(id, toCandidate(o, day));
    }
  };
  const refresh = async (scope: CrossTenantScope) => {
    const changes = await changeLog.changesSince(scope, seenVersion);
    if (changes.all) {
      const all = await Offer.find({}, PROJECTION).lean<Projected[]>();
      byId.clear();
      raw.clear();
      for (const o of all) put(o, o._id);
      view = undefined;
    } else if (changes.ids.length) {
      for (const id of changes.ids) put(await Offer.findById(id, PROJECTION).lean<Projected>(), id);
      view = undefined;
    }
    seenVersion = changes.version;
    lastCheck = Date.now();
  };
  const current = async (scope: CrossTenantScope) => {
    requireCrossTenant(scope);
    if (Date.now() - lastCheck >= minRefreshMs) {
      refreshing ??= refresh(scope).finally(() => {
        refreshing = undefined;
      });
      await refreshing;
    }
    const today = opts.today();
    if (today !== day) {
      day = today;
      for (const [id, o] of raw) byId.set(id, toCandidate(o, day));
      view = undefined;
    }
    if (!view) {
      const list = [...byId.values()];
      view = { list, index: indexCandidates(list) };
    }
    return view;
  };

  return {
    async all(scope: CrossTenantScope): Promise<SearchCandidate[]> {
      return (await current(scope)).list;
    },
    /** The registry by target group: what one order's search looks at. */
    async index(scope: CrossTenantScope): Promise<CandidateIndex<SearchCandidate>> {
      return (await current(scope)).index;
    },
    async get(scope: CrossTenantScope, id: string): Promise<SearchCandidate | undefined> {
      requireCrossTenant(scope);
      const o = await Offer.findById(id, PROJECTION).lean<Projected>();
      return o ? toCandidate(o, opts.today()) : undefined;
    },
  };
}

export type SearchCandidates = ReturnType<typeof searchCandidates>;
