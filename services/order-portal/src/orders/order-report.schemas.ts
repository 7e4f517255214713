import { z } from '@rammeaftale/http';

/** What `POST /api/orders/{id}/search` answers: the ranked page, the left-out offers and why. */
const Reason = z.object({ code: z.string(), text: z.string() });
const Nullable = z.number().nullable();

export const SearchResultView = z
  .object({
    results: z.array(
      z.object({
        offerId: z.string(),
        rank: z.number().int(),
        tier: z.enum(['public', 'private']),
        score: Nullable,
        components: z.object({
          suitability: Nullable,
          distance: Nullable,
          quality: Nullable,
          price: Nullable,
        }),
        competencesMet: z.array(z.string()),
        competencesMissing: z.array(z.string()),
        distanceKm: Nullable,
        freePlaces: z.number().int(),
        stale: z.boolean(),
        reasons: z.array(Reason),
      }),
    ),
    excluded: z.array(z.object({ offerId: z.string(), reasons: z.array(Reason) })),
    publicCapacityAvailable: z.boolean(),
    weights: z.object({ distance: z.number(), quality: z.number(), price: z.number() }),
    staleAfterDays: z.number(),
    excludedByReason: z.record(z.string(), z.number().int()),
    excludedTotal: z.number().int(),
    offers: z.record(
      z.string(),
      z.object({
        name: z.string(),
        operatorKind: z.string(),
        municipalityCode: z.number().int(),
        dailyTariffOre: Nullable,
        capacityConfirmedAt: z.string().nullable(),
        competences: z.array(z.string()),
        qualityScore: Nullable,
      }),
    ),
    page: z.object({
      number: z.number().int(),
      size: z.number().int(),
      results: z.number().int(),
      matching: z.number().int(),
      excluded: z.number().int(),
    }),
  })
  .openapi('PlacementSearch');

/** `GET /api/reports/orders` as JSON (the CSV holds the municipalities' rows). */
export const OrderReportView = z
  .object({
    generatedAt: z.date(),
    totals: z.object({
      orders: z.number().int(),
      placed: z.number().int(),
      public: z.number().int(),
      private: z.number().int(),
    }),
    municipalities: z.array(
      z.object({
        municipalityCode: z.number().int(),
        municipality: z.string(),
        orders: z.number().int(),
        placed: z.number().int(),
        publicPlacements: z.number().int(),
        privatePlacements: z.number().int(),
        publicSharePercent: Nullable,
        privateWithReason: z.number().int(),
        medianDaysToPlacement: Nullable,
      }),
    ),
    privateWithReason: z.array(
      z.object({
        orderId: z.string(),
        municipalityCode: z.number().int(),
        offerId: z.string(),
        offerName: z.string(),
        code: z.string(),
        text: z.string(),
        at: z.date(),
      }),
    ),
  })
  .openapi('OrderReport');
