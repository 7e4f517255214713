import { z } from 'zod';

/**
 * What the contracts service answers about an announced tariff change (`GET /tariff-changes`,
 * `GET /tariff-changes/{id}`): declared once here, served by standard-contract and read by the
 * portal's pages. Timestamps travel as ISO strings and are read back as dates.
 */
const timestamp = z.coerce.date();

export const DECISION_STATUSES = [
  'to_apply',
  'awaiting_approval',
  'applied',
  'rejected',
  'not_applicable',
] as const;

export const INCREASE_BANDS = [
  'decrease_or_unchanged',
  'within_pl',
  'above_pl',
  'above_report_threshold',
] as const;

export const OUTBOX_STATUSES = ['scheduled', 'pending', 'accepted', 'failed', 'cancelled'] as const;

/** The supplier's letter above P/L, the buyer's reminder, and the buyer's decision to the supplier. */
export const LETTER_KINDS = [
  'tariff-letter',
  'tariff-approval-reminder',
  'tariff-decision',
] as const;

const ActorRefView = z.object({ userId: z.string(), role: z.string(), organisationId: z.string() });
const PriceView = z.object({
  dailyBasisTariffOre: z.number(),
  additionalTariffs: z.array(z.object({ description: z.string(), dailyOre: z.number() })),
  dailyTotalOre: z.number(),
  tariffYear: z.number(),
});
const DeliveryView = z.object({
  status: z.enum(['pending', 'sending', 'sent', 'failed']),
  attempts: z.number(),
  lastError: z.string().optional(),
  sentAt: z.string().optional(),
  checkedAt: timestamp,
});
const OutboxView = {
  key: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number(),
  notBefore: timestamp.optional(),
  lastError: z.string().optional().describe('Shown to the secretariat only'),
  createdAt: timestamp,
  acceptedAt: timestamp.optional(),
  delivery: DeliveryView.optional(),
};

export const TariffChangeView = z.object({
  id: z.string(),
  status: z.enum(['awaiting_approval', 'settled']),
  overdue: z.boolean(),
  offer: z.object({
    offerId: z.string(),
    name: z.string(),
    tilbudsportalenId: z.string().optional(),
    operatorKind: z.enum(['municipal', 'regional', 'private']),
    supervisingAuthority: z.string(),
  }),
  supplier: z.object({
    organisationId: z.string(),
    name: z.string(),
    cvr: z.string().optional(),
  }),
  effectiveFrom: z.string(),
  reason: z.string(),
  announcement: z.object({ dailyBasisTariffOre: z.number(), tariffYear: z.number() }),
  justifications: z.array(
    z.object({
      documentReference: z.string().optional(),
      note: z.string().optional(),
      at: timestamp,
      by: ActorRefView,
    }),
  ),
  policy: z
    .object({
      year: z.number(),
      effectiveFrom: z.string(),
      plRateBp: z.number(),
      privateReportThresholdBp: z.number(),
      publicReportThresholdBp: z.number(),
      recordedAt: z.string(),
    })
    .describe('The policy values in force on effectiveFrom: every decision used these'),
  announcedBy: ActorRefView,
  announcedAt: timestamp,
  approvalDeadline: z.string(),
  justificationDeadline: z.string(),
  decisions: z.array(
    z.object({
      contractId: z.string(),
      buyer: z.object({ organisationId: z.string(), name: z.string() }),
      payingMunicipalityName: z.string(),
      authority: z.string(),
      currentPrice: PriceView,
      currentPriceFrom: z.string(),
      newPrice: PriceView,
      classification: z.object({
        kind: z.enum(['decrease', 'unchanged', 'within_pl', 'above_pl']),
        ratio: z.object({ num: z.string(), den: z.string() }),
        increasePercent: z.string(),
        increaseBasisPointsRounded: z.number(),
        requiresBuyerApproval: z.boolean(),
        reportToAuthority: z.boolean(),
        thresholdUsedBp: z.number(),
        band: z.enum(INCREASE_BANDS),
      }),
      status: z.enum(DECISION_STATUSES),
      overdue: z.boolean(),
      note: z.string().optional(),
      buyerDecision: z
        .object({
          decision: z.enum(['approved', 'rejected']),
          by: ActorRefView,
          at: timestamp,
          reference: z.string().optional(),
          comment: z.string().optional(),
        })
        .optional(),
      amendmentNumber: z.number().optional(),
      appliedAt: timestamp.optional(),
    }),
  ),
  letters: z.array(
    z.object({
      ...OutboxView,
      kind: z.enum(LETTER_KINDS),
      municipalityOrganisationId: z.string(),
      decision: z
        .enum(['approved', 'rejected'])
        .optional()
        .describe('tariff-decision: what the buyer decided'),
      contractIds: z
        .array(z.string())
        .optional()
        .describe('tariff-decision: the contracts decided'),
    }),
  ),
  reports: z.array(
    z.object({
      ...OutboxView,
      authority: z.string(),
      email: z.string().optional(),
      municipalities: z.array(
        z.object({
          organisationId: z.string(),
          name: z.string(),
          role: z
            .enum(['buying', 'paying'])
            .optional()
            .describe('Buying (acting) or paying; absent on reports before issue 15: buying'),
        }),
      ),
      contractIds: z.array(z.string()),
    }),
  ),
  audit: z.array(
    z.object({
      at: timestamp,
      action: z.string(),
      by: ActorRefView,
      detail: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const TariffChangeSummaryView = TariffChangeView.pick({
  id: true,
  status: true,
  overdue: true,
  offer: true,
  effectiveFrom: true,
  approvalDeadline: true,
  announcedAt: true,
}).extend({
  supplierName: z.string(),
  contracts: z.number(),
  awaitingApproval: z.number(),
  maxIncreasePercent: z.string(),
  reported: z.boolean(),
});
export type TariffChangeView = z.infer<typeof TariffChangeView>;
export type TariffChangeSummaryView = z.infer<typeof TariffChangeSummaryView>;
