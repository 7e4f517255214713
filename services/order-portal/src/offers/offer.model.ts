import { Schema, type Connection, type Model } from 'mongoose';
import { trackRegistryChanges } from './registry-changes';
import { OPERATOR_KINDS, type OperatorKind, type TargetGroupSlug } from '@rammeaftale/domain';
import {
  APPROVAL_STATUS_SLUGS,
  GENDER_RESTRICTION_SLUGS,
  OFFER_TYPE_SLUGS,
  type ApprovalStatus,
  type GenderRestriction,
  type OfferTypeSlug,
} from './vocabulary';

export interface RecordedBy {
  userId: string;
  role: string;
  organisationId: string;
}

/** One count of places as reported by the operator; `asOf` is when it was true (confirmed). */
export interface CapacityEntryDoc {
  asOf: Date;
  placesInOperation: number;
  occupied: number;
  free: number;
  waitingList: number;
  reportedBy: RecordedBy;
  reportedAt: Date;
  source: 'api' | 'import';
}

export interface AdditionalTariffDoc {
  name: string;
  dailyOre: number;
}

/** A tariff of one service for one period. Dates are Copenhagen calendar dates, both inclusive. */
export interface TariffEntryDoc {
  service: string;
  validFrom: string;
  /** null: open-ended. */
  validTo: string | null;
  dailyBasisOre: number;
  additional: AdditionalTariffDoc[];
  assumedOccupancyBp: number;
  /** The document (or its reference) the tariff is calculated from. */
  calculationBasis: string;
  recordedBy: RecordedBy;
  recordedAt: Date;
  source: 'api' | 'import';
}

/** A quality indicator with its source and date (domain: Quality, 1–5). */
export interface QualityDoc {
  score: number;
  source: string;
  assessedOn: string;
}

export interface DepartmentDoc {
  departmentId: string;
  name: string;
  places?: number;
}

/**
 * An offer (tilbud) with everything that must change together in one document: its departments,
 * current capacity with history, and tariffs. FerretDB has no multi-document transactions, so
 * keeping them in one document makes every change a single atomic write. Capacity is only ever
 * added with atomic operators; tariffs are replaced under a lease (offer-lock.repository).
 *
 * `_id` is `tp-<Tilbudsportalen id>` when the offer is known there (the import key), so imports
 * are idempotent upserts without a lookup table.
 */
export interface OfferDoc {
  _id: string;
  tilbudsportalenId?: string;
  name: string;
  nameSortKey: string;
  offerType: OfferTypeSlug;
  /** Paragraphs as written, e.g. 'SEL § 108', 'SEL § 85 i ABL § 105', 'BL § 43'. */
  legalBasis: string[];
  targetGroups: TargetGroupSlug[];
  /** Finer descriptions than the ten benchmark groups, free text. */
  targetGroupTags: string[];
  ageMin: number;
  ageMax: number;
  genderRestriction: GenderRestriction;
  address: {
    street: string;
    postalCode: string;
    city: string;
    municipalityCode: number;
    coordinates?: { lat: number; lon: number } | null;
  };
  operator: { kind: OperatorKind; organisationId: string };
  frameworkAgreement: boolean;
  /** The socialtilsyn supervising the offer, e.g. 'Socialtilsyn Øst'. */
  supervisingAuthority: string;
  approval: { status: ApprovalStatus; date?: string | null };
  /** Places in the approval; the operator may adjust by ±20 % (domain: withinOperatorAdjustment). */
  approvedPlaces: number;
  /** Special competences and methods, slugs of the domain's COMPETENCES; empty = none stated. */
  competences: string[];
  /** null or absent: no quality indicator known (shown as unknown, never as a middle value). */
  quality?: QualityDoc | null;
  departments: DepartmentDoc[];
  currentCapacity?: CapacityEntryDoc | null;
  capacityHistory: CapacityEntryDoc[];
  tariffs: TariffEntryDoc[];
  createdAt: Date;
  updatedAt: Date;
}

const recordedBy = new Schema<RecordedBy>(
  {
    userId: { type: String, required: true },
    role: { type: String, required: true },
    organisationId: { type: String, required: true },
  },
  { _id: false },
);

const capacityEntry = new Schema<CapacityEntryDoc>(
  {
    asOf: { type: Date, required: true },
    placesInOperation: { type: Number, required: true },
    occupied: { type: Number, required: true },
    free: { type: Number, required: true },
    waitingList: { type: Number, required: true },
    reportedBy: { type: recordedBy, required: true },
    reportedAt: { type: Date, required: true },
    source: { type: String, enum: ['api', 'import'], required: true },
  },
  { _id: false },
);

const tariffEntry = new Schema<TariffEntryDoc>(
  {
    service: { type: String, required: true },
    validFrom: { type: String, required: true },
    validTo: { type: String, default: null },
    dailyBasisOre: { type: Number, required: true },
    additional: {
      type: [new Schema<AdditionalTariffDoc>({ name: String, dailyOre: Number }, { _id: false })],
      default: [],
    },
    assumedOccupancyBp: { type: Number, required: true },
    calculationBasis: { type: String, required: true },
    recordedBy: { type: recordedBy, required: true },
    recordedAt: { type: Date, required: true },
    source: { type: String, enum: ['api', 'import'], required: true },
  },
  { _id: false },
);

const schema = new Schema<OfferDoc>(
  {
    _id: { type: String, required: true },
    tilbudsportalenId: String,
    name: { type: String, required: true },
    nameSortKey: { type: String, required: true },
    offerType: { type: String, enum: OFFER_TYPE_SLUGS, required: true },
    legalBasis: { type: [String], default: [] },
    targetGroups: { type: [String], default: [] },
    targetGroupTags: { type: [String], default: [] },
    ageMin: { type: Number, required: true },
    ageMax: { type: Number, required: true },
    genderRestriction: { type: String, enum: GENDER_RESTRICTION_SLUGS, required: true },
    address: {
      street: { type: String, required: true },
      postalCode: { type: String, required: true },
      city: { type: String, required: true },
      municipalityCode: { type: Number, required: true },
      coordinates: {
        type: new Schema({ lat: Number, lon: Number }, { _id: false }),
        default: null,
      },
    },
    operator: {
      kind: { type: String, enum: OPERATOR_KINDS, required: true },
      organisationId: { type: String, required: true },
    },
    frameworkAgreement: { type: Boolean, required: true },
    supervisingAuthority: { type: String, required: true },
    approval: {
      status: { type: String, enum: APPROVAL_STATUS_SLUGS, required: true },
      date: { type: String, default: null },
    },
    approvedPlaces: { type: Number, required: true },
    competences: { type: [String], default: [] },
    quality: {
      type: new Schema<QualityDoc>(
        { score: Number, source: String, assessedOn: String },
        { _id: false },
      ),
      default: null,
    },
    departments: {
      type: [
        new Schema<DepartmentDoc>(
          { departmentId: String, name: String, places: Number },
          { _id: false },
        ),
      ],
      default: [],
    },
    currentCapacity: { type: capacityEntry, default: null },
    capacityHistory: { type: [capacityEntry], default: [] },
    tariffs: { type: [tariffEntry], default: [] },
  },
  { timestamps: true, versionKey: false },
);
// The search keeps a view of the registry in memory and follows this change log (FerretDB-friendly).
schema.plugin(trackRegistryChanges);
schema.index({ nameSortKey: 1 });
schema.index({ 'operator.organisationId': 1 });
schema.index({ 'address.municipalityCode': 1 });
schema.index({ targetGroups: 1 });
schema.index({ 'currentCapacity.asOf': 1 });

export function offerModel(conn: Connection): Model<OfferDoc> {
  return (conn.models.Offer as Model<OfferDoc>) ?? conn.model<OfferDoc>('Offer', schema, 'offers');
}

export function offerIdForTilbudsportalen(tilbudsportalenId: string): string {
  return `tp-${tilbudsportalenId}`;
}
