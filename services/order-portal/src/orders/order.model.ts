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

/** One suitable offer as a search showed it: its place, without the words. */
export interface SearchRowDoc {
  offerId: string;
  rank: number;
  tier: 'public' | 'private';
  /** null: nothing of distance, quality and price was known. */
  score: number | null;
  stale: boolean;
  freePlaces: number;
}

/**
 * The order's last search in its numbers. Its rows (which offers in which order) are kept beside
 * the order, in `order_search_rows` (search-rows.repository.ts): hundreds of rows made every read
 * of the order slow on FerretDB, which reads and converts the whole document whatever is asked.
 */
export interface SearchSnapshotDoc {
  at: Date;
  by: ActorRef;
  publicCapacityAvailable: boolean;
  /** The score's weights at the time (snapshots before issue 15 also hold a suitability weight). */
  weights: { distance: number; quality: number; price: number };
  excludedCount: number;
  /** The suitable offers, the public ones of them, and the public ones with a free place. */
  counts?: { results: number; public: number; publicFree: number };
  /** The digest of `publicCapacityAvailable` and the rows: an unchanged result is not written again. */
  resultsDigest?: string;
  /** Snapshots from before the rows moved out (issue 13) hold them here, until the next search. */
  results?: SearchRowDoc[];
}

/** The status of one goal (or quality-model theme) at a follow-up: a code of FollowUpVocabulary. */
export interface GoalAssessmentDoc {
  /** `goal-<n>` for the order's n-th goal (from 1), `theme-<code>` for a quality-model theme. */
  key: string;
  /** The goal's or theme's text as it read at the meeting. */
  label: string;
  status: string;
}

/**
 * A follow-up meeting during the placement (personrettet tilsyn): held on a date, the status of
 * each goal, the case worker's notes, when the next one is due, and the supplier's own report.
 * The notes and the report are personal data: shown only in the portal, never logged or mailed.
 */
export interface FollowUpDoc {
  followUpId: string;
  heldOn: string;
  assessments: GoalAssessmentDoc[];
  notes: string;
  nextDueOn: string;
  recordedAt: Date;
  recordedBy: ActorRef;
  supplierReport?: { text: string; at: Date; by: ActorRef };
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
  /** The contract drafted from the selection, as the contracts service reported it (events). */
  contract?: {
    contractId: string;
    signedAt?: Date;
    terminatedAt?: Date;
    /** The last day of the contract, when it was terminated with notice. */
    effectiveDate?: string;
    /** It never came into force: withdrawn by the buyer or rejected by the supplier. */
    cancelledAt?: Date;
    cancelledAs?: string;
  };
  /** The placement's dates as the case worker recorded them. */
  placement?: { startedOn: string; endedOn?: string; endReason?: string };
  followUps?: FollowUpDoc[];
  /** Ids of the events of other services already applied to this order: each applied once. */
  appliedEventIds?: string[];
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
    contract: { type: Schema.Types.Mixed, default: undefined },
    placement: { type: Schema.Types.Mixed, default: undefined },
    followUps: mixedArray,
    appliedEventIds: { type: [String], default: [] },
    revision: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, versionKey: false },
);
schema.add(pendingEventsField);
schema.index({ actingOrganisationId: 1, status: 1 });
schema.index({ payingOrganisationId: 1 });
schema.index({ 'need.targetGroup': 1, status: 1 });
schema.index({ 'requests.supplierOrganisationId': 1 });
// A supplier's request by its id (reading and answering it): on MongoDB one index entry instead of
// the supplier's whole history. FerretDB 1.x does not use it (docs/adr/0001-offer-writes-on-ferretdb.md).
schema.index({ 'requests.requestId': 1 });
schema.index({ 'citizen.cpr.lookupToken': 1 });

export function orderModel(conn: Connection): Model<OrderDoc> {
  return (conn.models.Order as Model<OrderDoc>) ?? conn.model<OrderDoc>('Order', schema, 'orders');
}
