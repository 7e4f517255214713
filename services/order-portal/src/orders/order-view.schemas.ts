import { z } from '@rammeaftale/http';
import { ORDER_STATES } from '@rammeaftale/domain';

/**
 * What the portal's order API answers (caseworkerView, supplierRequestView and the steps'
 * results): the documented contract, and, outside production, checked on every answer. The
 * steps' records are stored as mixed subdocuments, where an absent optional value is stored as
 * null: optional fields are nullish.
 */
const at = z.date();
const Tier = z.enum(['public', 'private']);
const Status = z.enum(ORDER_STATES);
const ActorRef = z.object({
  userId: z.string(),
  role: z.string(),
  organisationId: z.string(),
  name: z.string().nullish(),
});

const Transition = z.object({
  from: Status,
  to: Status,
  event: z.string(),
  at,
  by: ActorRef,
  reason: z.string().nullish(),
});
const Answer = z.object({
  kind: z.enum(['offer', 'decline']),
  dailyPriceOre: z.number().int().nullish(),
  possibleStart: z.string().nullish(),
  conditions: z.string().nullish(),
  declineReason: z.string().nullish(),
  answeredAt: at,
});
const RequestStatus = z.enum(['open', 'offered', 'declined', 'closed', 'expired', 'selected']);
const PlacementRequest = z.object({
  requestId: z.string(),
  offerId: z.string(),
  offerName: z.string(),
  supplierOrganisationId: z.string(),
  tier: Tier,
  sentAt: at,
  deadline: at,
  status: RequestStatus,
  answer: Answer.extend({ answeredBy: ActorRef }).nullish(),
});

export const SharedOfferCheckView = z
  .object({
    at,
    by: ActorRef,
    openOrdersShown: z.array(z.string()),
    outcome: z.string(),
    note: z.string().nullish(),
  })
  .openapi('SharedOfferCheck');
const Interest = z.object({
  organisationId: z.string(),
  municipalityCode: z.number().int(),
  at,
  by: ActorRef,
  note: z.string().nullish(),
});
const FollowUp = z.object({
  followUpId: z.string(),
  heldOn: z.string(),
  assessments: z.array(z.object({ key: z.string(), label: z.string(), status: z.string() })),
  notes: z.string(),
  nextDueOn: z.string(),
  recordedAt: at,
});
const Placement = z.object({
  startedOn: z.string(),
  endedOn: z.string().nullish(),
  endReason: z.string().nullish(),
});

/** The acting or paying municipality's view: everything but the CPR ciphertext and the outbox. */
export const OrderView = z
  .object({
    id: z.string(),
    actingOrganisationId: z.string(),
    actingMunicipalityCode: z.number().int(),
    payingOrganisationId: z.string(),
    payingMunicipalityCode: z.number().int(),
    createdBy: ActorRef,
    citizen: z.object({
      reference: z.string(),
      age: z.number().int(),
      gender: z.enum(['female', 'male']).nullish(),
      hasCpr: z.boolean(),
    }),
    need: z.object({
      targetGroup: z.string(),
      legalBasis: z.string(),
      wantedStart: z.string(),
      expectedDurationMonths: z.number().int().nullish(),
      homeMunicipalityCode: z.number().int(),
      location: z.object({ lat: z.number(), lon: z.number() }).nullish(),
      maxDistanceKm: z.number().nullish(),
      requiredCompetences: z.array(z.string()),
      wishedCompetences: z.array(z.string()),
      needs: z.string(),
      specialRequirements: z.string().nullish(),
    }),
    goals: z.array(z.object({ goal: z.string(), followUp: z.string() })),
    status: Status,
    transitions: z.array(Transition),
    sharedOfferCheck: SharedOfferCheckView.nullish(),
    singlePersonOffer: z.object({ at, by: ActorRef }).nullish(),
    interests: z.array(Interest),
    requests: z.array(PlacementRequest),
    selection: z
      .object({
        requestId: z.string(),
        offerId: z.string(),
        supplierOrganisationId: z.string(),
        tier: Tier,
        dailyPriceOre: z.number().int(),
        at,
        by: ActorRef,
        publicCapacityAvailable: z.boolean(),
        privateReason: z.object({ code: z.string(), text: z.string() }).nullish(),
      })
      .nullish(),
    contract: z.object({ contractId: z.string() }).loose().nullish(),
    placement: Placement.nullish(),
    followUps: z
      .array(FollowUp.extend({ recordedBy: ActorRef, supplierReport: z.unknown().nullish() }))
      .nullish(),
    revision: z.number().int(),
    createdAt: at,
    updatedAt: at,
  })
  .openapi('Order');

const paged = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), count: z.number().int(), nextCursor: z.string().optional() });

/** A row of `GET /api/orders`: the order without its history (transitions, follow-ups). */
export const OrderListItemView = OrderView.omit({ transitions: true, followUps: true });
export const OrderPageView = paged(OrderListItemView).openapi('OrderPage');
/** The CPR look-up's answer: the same rows, all of them (a citizen has few orders). */
export const OrderListView = z.object({ items: z.array(OrderListItemView) }).openapi('OrderList');

/** A supplier's request: an anonymised profile, no name, no CPR number, no pseudonym. */
export const SupplierRequestView = z
  .object({
    requestId: z.string(),
    offerId: z.string(),
    offerName: z.string(),
    status: RequestStatus,
    sentAt: at,
    deadline: at,
    answer: Answer.nullish(),
    buyerMunicipalityCode: z.number().int(),
    profile: z.object({
      age: z.number().int(),
      gender: z.enum(['female', 'male']).nullish(),
      targetGroup: z.string(),
      legalBasis: z.string(),
      wantedStart: z.string(),
      expectedDurationMonths: z.number().int().nullish(),
      needs: z.string(),
      specialRequirements: z.string().nullish(),
      requiredCompetences: z.array(z.string()),
      goals: z.array(z.string()),
    }),
  })
  .openapi('SupplierRequest');
export const SupplierRequestPageView = paged(SupplierRequestView).openapi('SupplierRequestPage');

export const SentRequestsView = z
  .object({
    sent: z.array(
      z.object({ requestId: z.string(), offerId: z.string(), tier: Tier, deadline: at }),
    ),
  })
  .openapi('SentRequests');

export const SharedOfferCandidatesView = z
  .object({
    targetGroup: z.string(),
    openOrders: z.array(
      z.object({
        orderId: z.string(),
        municipalityCode: z.number().int(),
        organisationId: z.string(),
        targetGroup: z.string(),
        legalBasis: z.string(),
        wantedStart: z.string(),
        ageBand: z.string(),
        status: Status,
      }),
    ),
    interests: z.array(Interest),
    check: SharedOfferCheckView.nullable(),
  })
  .openapi('SharedOfferCandidates');
export const InterestView = z
  .object({ orderId: z.string(), interests: z.number().int() })
  .openapi('JointOfferInterest');
export const SinglePersonOfferView = z
  .object({ at, by: ActorRef, sharedOfferCheck: SharedOfferCheckView })
  .openapi('SinglePersonOffer');

/** What the supplier of the placement sees of its follow-ups (no CPR number, no reference). */
export const SupplierFollowUpsView = z
  .object({
    goals: z.array(z.string()),
    status: Status,
    placement: Placement.nullish(),
    followUps: z.array(
      FollowUp.extend({ supplierReport: z.object({ text: z.string(), at }).nullish() }),
    ),
  })
  .openapi('SupplierFollowUps');

const Labelled = z.array(z.object({ code: z.string(), label: z.string() }));
export const FollowUpVocabularyView = z
  .object({ statuses: Labelled, themes: Labelled })
  .openapi('FollowUpVocabulary');
