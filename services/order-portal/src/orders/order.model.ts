import { Schema, type Connection, type Model } from 'mongoose';
import { ORDER_STATES, type OrderEvent, type OrderState } from '@rammeaftale/domain';
import { pendingEventsField, type PendingEvent } from '@rammeaftale/outbox';

export interface ActorRef {
  userId: string;
  role: string;
  organisationId: string;
  /** The person's name from the token, for people to read (history); absent in older entries. */
  name?: string;
}

export interface TransitionDoc {
  from: OrderState;
  to: OrderState;
  event: OrderEvent;
  at: Date;
  by: ActorRef;
  reason?: string;
}

export interface RequestAnswerDoc {
  kind: 'offer' | 'decline';
  dailyPriceOre?: number;
  possibleStart?: string;
  conditions?: string;
  declineReason?: string;
  answeredAt: Date;
  answeredBy: ActorRef;
}

/** A request to one offer's supplier; the supplier sees only the anonymised profile. */
export interface PlacementRequestDoc {
  requestId: string;
  offerId: string;
  offerName: string;
  supplierOrganisationId: string;
  tier: 'public' | 'private';
  sentAt: Date;
  deadline: Date;
  status: 'open' | 'offered' | 'declined' | 'closed' | 'expired' | 'selected';
  answer?: RequestAnswerDoc;
}

export interface SearchSnapshotDoc {
  at: Date;
  by: ActorRef;
  publicCapacityAvailable: boolean;
  weights: { suitability: number; distance: number; price: number; quality: number };
  results: {
    offerId: string;
    rank: number;
    tier: 'public' | 'private';
    score: number;
    stale: boolean;
    freePlaces: number;
  }[];
  excludedCount: number;
}

/**
 * An order (bestilling) for one citizen. Everything that changes together lives in this one
 * document — transitions, requests and answers, the selection, the outbox — so each step is a
 * single atomic write guarded by `revision` (FerretDB has no multi-document transactions).
 *
 * The tenant is the acting municipality (`actingOrganisationId`); the paying municipality may read.
 * The citizen is a pseudonymous reference; a CPR number, when given, is stored only encrypted.
 */
export interface OrderDoc {
  _id: string;
  actingOrganisationId: string;
  actingMunicipalityCode: number;
  payingOrganisationId: string;
  payingMunicipalityCode: number;
  createdBy: ActorRef;
  citizen: {
    reference: string;
    age: number;
    gender?: 'female' | 'male';
    cpr?: { ciphertext: string; lookupToken: string };
  };
  need: {
    targetGroup: string;
    legalBasis: string;
    wantedStart: string;
    expectedDurationMonths?: number;
    homeMunicipalityCode: number;
    location?: { lat: number; lon: number };
    maxDistanceKm?: number;
    requiredCompetences: string[];
    wishedCompetences: string[];
    needs: string;
    specialRequirements?: string;
  };
  goals: { goal: string; followUp: string }[];
  status: OrderState;
  transitions: TransitionDoc[];
  lastSearch?: SearchSnapshotDoc;
  sharedOfferCheck?: {
    at: Date;
    by: ActorRef;
    openOrdersShown: string[];
    outcome: string;
    note?: string;
  };
  singlePersonOffer?: { at: Date; by: ActorRef };
  interests: {
    organisationId: string;
    municipalityCode: number;
    at: Date;
    by: ActorRef;
    note?: string;
  }[];
  requests: PlacementRequestDoc[];
  selection?: {
    requestId: string;
    offerId: string;
    supplierOrganisationId: string;
    tier: 'public' | 'private';
    dailyPriceOre: number;
    at: Date;
    by: ActorRef;
    publicCapacityAvailable: boolean;
    privateReason?: { code: string; text: string };
  };
  pendingEvents: PendingEvent[];
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

const actorRef = { userId: String, role: String, organisationId: String, name: String };
// Sub-records whose shape the use cases own (and whose types are declared above): stored as is.
const mixedArray = { type: [Schema.Types.Mixed], default: [] } as never;

const schema = new Schema<OrderDoc>(
  {
    _id: { type: String, required: true },
    actingOrganisationId: { type: String, required: true },
    actingMunicipalityCode: { type: Number, required: true },
    payingOrganisationId: { type: String, required: true },
    payingMunicipalityCode: { type: Number, required: true },
    createdBy: actorRef,
    citizen: {
      reference: { type: String, required: true },
      age: { type: Number, required: true },
      gender: String,
      cpr: {
        type: new Schema({ ciphertext: String, lookupToken: String }, { _id: false }),
        default: undefined,
      },
    },
    need: {
      targetGroup: { type: String, required: true },
      legalBasis: { type: String, required: true },
      wantedStart: { type: String, required: true },
      expectedDurationMonths: Number,
      homeMunicipalityCode: { type: Number, required: true },
      location: {
        type: new Schema({ lat: Number, lon: Number }, { _id: false }),
        default: undefined,
      },
      maxDistanceKm: Number,
      requiredCompetences: { type: [String], default: [] },
      wishedCompetences: { type: [String], default: [] },
      needs: { type: String, required: true },
      specialRequirements: String,
    },
    goals: { type: [new Schema({ goal: String, followUp: String }, { _id: false })], default: [] },
    status: { type: String, enum: ORDER_STATES, required: true },
    transitions: mixedArray,
    lastSearch: { type: Schema.Types.Mixed, default: undefined },
    sharedOfferCheck: { type: Schema.Types.Mixed, default: undefined },
    singlePersonOffer: { type: Schema.Types.Mixed, default: undefined },
    interests: mixedArray,
    requests: mixedArray,
    selection: { type: Schema.Types.Mixed, default: undefined },
    revision: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, versionKey: false },
);
schema.add(pendingEventsField);
schema.index({ actingOrganisationId: 1, status: 1 });
schema.index({ payingOrganisationId: 1 });
schema.index({ 'need.targetGroup': 1, status: 1 });
schema.index({ 'requests.supplierOrganisationId': 1 });
schema.index({ 'citizen.cpr.lookupToken': 1 });

export function orderModel(conn: Connection): Model<OrderDoc> {
  return (conn.models.Order as Model<OrderDoc>) ?? conn.model<OrderDoc>('Order', schema, 'orders');
}
