import type { Connection } from 'mongoose';
import { municipalityByCode } from '@rammeaftale/domain';
import { offerModel, type OfferDoc } from '../../src/offers/offer.model';
import { organisationModel, type OrganisationDoc } from '../../src/offers/organisation.model';

const recordedBy = { userId: 'test', role: 'secretariat', organisationId: 'mun-253' };

/** An offer document with sensible defaults; each test overrides what it is about. */
export async function makeOffer(
  db: Connection,
  id: string,
  over: Partial<OfferDoc> & { free?: number; confirmedAt?: Date; dailyOre?: number } = {},
): Promise<void> {
  const { free = 2, confirmedAt = new Date(), dailyOre = 250_000, ...rest } = over;
  const capacity = {
    asOf: confirmedAt,
    placesInOperation: 10,
    occupied: 10 - free,
    free,
    waitingList: 0,
    reportedBy: recordedBy,
    reportedAt: confirmedAt,
    source: 'api' as const,
  };
  await offerModel(db).create({
    _id: id,
    name: `Tilbud ${id}`,
    nameSortKey: id,
    offerType: 'long-term-residential',
    legalBasis: ['SEL § 108'],
    targetGroups: ['autisme'],
    targetGroupTags: [],
    ageMin: 18,
    ageMax: 67,
    genderRestriction: 'any',
    address: {
      street: 'Vej 1',
      postalCode: '4000',
      city: 'Roskilde',
      municipalityCode: 265,
      coordinates: { lat: 55.64, lon: 12.08 },
    },
    operator: { kind: 'municipal', organisationId: 'mun-265' },
    frameworkAgreement: true,
    supervisingAuthority: 'Socialtilsyn Øst',
    approval: { status: 'approved', date: '2020-01-01' },
    approvedPlaces: 10,
    departments: [],
    currentCapacity: capacity,
    capacityHistory: [capacity],
    tariffs: [
      {
        service: 'Døgnophold',
        validFrom: '2020-01-01',
        validTo: null,
        dailyBasisOre: dailyOre,
        additional: [],
        assumedOccupancyBp: 9500,
        calculationBasis: 'Takstberegning 2026',
        recordedBy,
        recordedAt: new Date(),
        source: 'api',
      },
    ],
    revision: 0,
    ...rest,
  } as OfferDoc);
}

/** The municipalities with these codes, as the registry knows them (`mun-<code>`, Danish name). */
export async function makeMunicipalities(db: Connection, codes: number[]): Promise<void> {
  for (const code of codes)
    await makeOrganisation(db, {
      _id: `mun-${code}`,
      kind: 'municipality',
      name: `${municipalityByCode(code)!.name} Kommune`,
      municipalityCode: code,
    });
}

export async function makeOrganisation(
  db: Connection,
  doc: Partial<OrganisationDoc> & { _id: string; kind: OrganisationDoc['kind']; name: string },
): Promise<void> {
  await organisationModel(db).create({
    eanNumbers: ['5798000000001'],
    contact: { email: `kontakt@${doc._id}.test` },
    ...doc,
  });
}

type OrderBody = {
  payingMunicipalityCode: number;
  citizen: Record<string, unknown>;
  need: Record<string, unknown>;
  goals: { goal: string; followUp: string }[];
};

/** A valid body of `POST /api/orders`; `citizen` and `need` overrides are merged into the defaults. */
export function orderBody(
  over: Partial<Omit<OrderBody, 'citizen' | 'need'>> & {
    citizen?: Record<string, unknown>;
    need?: Record<string, unknown>;
  } = {},
): OrderBody {
  const { citizen, need, ...rest } = over;
  return {
    payingMunicipalityCode: 253,
    goals: [{ goal: 'Selvstændig morgenrutine', followUp: 'Opfølgning hver 3. måned' }],
    ...rest,
    citizen: { reference: 'Borger A-17', age: 30, gender: 'male', cpr: '010190-1234', ...citizen },
    need: {
      targetGroup: 'autisme',
      legalBasis: 'SEL § 108',
      wantedStart: '2027-01-01',
      location: { lat: 55.64, lon: 12.08 },
      maxDistanceKm: 100,
      needs: 'Døgndækning og struktur i hverdagen',
      ...need,
    },
  };
}
