import { z } from '@rammeaftale/http';
import { ID_PATTERN } from './ids';
import { PageQuery } from './list-cursor';
import {
  COMPETENCE_SLUGS,
  isIsoDate,
  looksLikeCpr,
  municipalityByCode,
  ORDER_STATES,
  PRIVATE_CHOICE_REASON_CODES,
  TARGET_GROUP_SLUGS,
} from '@rammeaftale/domain';

/** A real calendar date: 2027-02-30 is refused here, by the schema the portal's forms share. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine(isIsoDate, { message: 'not a calendar date', params: { code: 'invalid_date' } });
const text = (max: number) => z.string().trim().min(1).max(max);
/** A pseudonym, never a CPR number: CPR-shaped references are refused. */
const citizenReference = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[\wæøåÆØÅ .-]+$/, 'letters, digits, space and ._- only')
  .refine((s) => !looksLikeCpr(s), {
    message: 'must be a pseudonym, not a CPR number',
    // The stable code the portal's message table is keyed by (kit/messages.ts).
    params: { code: 'looks_like_cpr' },
  });

/** Special competences and methods, slugs of the domain's controlled vocabulary. */
const competences = z.array(z.enum(COMPETENCE_SLUGS)).max(COMPETENCE_SLUGS.length).optional();

export const OrderIdParams = z.strictObject({
  id: z.string().regex(ID_PATTERN.ord, 'an order id'),
});
export const RequestIdParams = z.strictObject({
  requestId: z.string().regex(ID_PATTERN.req, 'a request id'),
});

export const CreateOrderBody = z
  .strictObject({
    payingMunicipalityCode: z.number().int(),
    citizen: z.strictObject({
      reference: citizenReference,
      age: z.number().int().min(0).max(120),
      gender: z.enum(['female', 'male']).optional(),
      cpr: z
        .string()
        .regex(/^\d{6}-?\d{4}$/, 'DDMMYY-SSSS')
        .optional()
        .describe('Optional; stored encrypted, never shown to suppliers'),
    }),
    need: z.strictObject({
      targetGroup: z.enum(TARGET_GROUP_SLUGS as unknown as [string, ...string[]]),
      legalBasis: text(60).describe('e.g. SEL § 108'),
      wantedStart: isoDate,
      expectedDurationMonths: z.number().int().min(1).max(600).optional(),
      homeMunicipalityCode: z
        .number()
        .int()
        .refine((code) => municipalityByCode(code) !== undefined, {
          message: 'one of the 17 municipalities of the agreement',
        })
        .optional()
        .describe(
          "Where the citizen should live; the search measures distance from this municipality's town unless `location` is given. Default: the ordering municipality.",
        ),
      location: z
        .strictObject({ lat: z.number().min(54).max(58), lon: z.number().min(7).max(16) })
        .optional(),
      maxDistanceKm: z.number().positive().max(500).optional(),
      requiredCompetences: competences.describe(
        'Offers without all of these are left out of the search.',
      ),
      wishedCompetences: competences.describe(
        'Offers meeting more of these rank first (suitability comes before everything else).',
      ),
      needs: text(5000),
      specialRequirements: text(5000).optional(),
    }),
    goals: z
      .array(z.strictObject({ goal: text(1000), followUp: text(1000) }))
      .min(1)
      .max(20),
  })
  .openapi('CreateOrder');
export type CreateOrderBody = z.infer<typeof CreateOrderBody>;

const searchText = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .optional()
  .describe('Part of the text to look for, any case');

export const ListOrdersQuery = z.strictObject({
  status: z.enum(ORDER_STATES).optional(),
  targetGroup: z.enum(TARGET_GROUP_SLUGS as unknown as [string, ...string[]]).optional(),
  q: searchText.describe("Part of the citizen's reference, any case"),
  ...PageQuery,
});
export type ListOrdersQuery = z.infer<typeof ListOrdersQuery>;

export const REQUEST_STATUSES = [
  'open',
  'offered',
  'declined',
  'closed',
  'expired',
  'selected',
] as const;
export const ListRequestsQuery = z.strictObject({
  status: z.enum(REQUEST_STATUSES).optional(),
  q: searchText.describe("Part of the offer's name, any case"),
  ...PageQuery,
});
export type ListRequestsQuery = z.infer<typeof ListRequestsQuery>;

export const ShortlistBody = z
  .strictObject({
    offerIds: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
    all: z.literal(true).optional(),
    deadlineHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 14)
      .optional(),
  })
  .refine((b) => Boolean(b.offerIds) !== Boolean(b.all), {
    message: 'give offerIds or all: true',
    path: ['offerIds'],
  })
  .openapi('SendRequests');

export const AnswerBody = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('offer'),
      dailyPriceOre: z.number().int().positive().max(10_000_000),
      possibleStart: isoDate,
      conditions: text(2000).optional(),
    }),
    z.strictObject({ kind: z.literal('decline'), reason: text(2000) }),
  ])
  .openapi('AnswerRequest');

export const SelectBody = z
  .strictObject({
    requestId: z.string().regex(ID_PATTERN.req, 'a request id'),
    privateReason: z
      .strictObject({ code: z.enum(PRIVATE_CHOICE_REASON_CODES), text: text(2000) })
      .optional(),
  })
  .openapi('SelectOffer');

export const SharedCheckBody = z
  .strictObject({
    outcome: z.enum(['joint_offer_agreed', 'interest_registered', 'none_suitable']),
    note: text(2000).optional(),
  })
  .openapi('SharedOfferCheck');

export const InterestBody = z
  .strictObject({ note: text(2000).optional() })
  .openapi('JointOfferInterest');
export const ReasonBody = z.strictObject({ reason: text(2000) }).openapi('Reason');
export const TransitionBody = z
  .strictObject({
    event: z.enum(['contract_signed']),
    reason: text(2000).optional(),
  })
  .openapi('OrderTransition');

export const PlacementStartBody = z
  .strictObject({ startedOn: isoDate.describe('The day the citizen moved in') })
  .openapi('PlacementStart');
export const PlacementEndBody = z
  .strictObject({
    endedOn: isoDate.describe('The last day of the placement'),
    reason: text(2000).describe('Why it ended (personal data: shown, never logged)'),
  })
  .openapi('PlacementEnd');

/** A CPR look-up: in the body only, never in a URL (URLs end up in logs and browser history). */
export const CprLookupBody = z
  .strictObject({
    cpr: z
      .string()
      .regex(/^\d{6}-?\d{4}$/, 'DDMMYY-SSSS')
      .describe('Matched by its keyed look-up token; neither stored nor logged'),
  })
  .openapi('CprLookup');
