import { isIsoDate } from '@rammeaftale/domain';
import { z } from '@rammeaftale/http';
import {
  DECISION_STATUSES,
  INCREASE_BANDS,
  LETTER_KINDS,
  OUTBOX_STATUSES,
} from './tariff-change.types';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine(isIsoDate, 'not a calendar date');
const text = (max: number) => z.string().trim().min(1).max(max);
const documentReference = z
  .string()
  .regex(/^[A-Za-z0-9_:./-]{1,200}$/, 'a document reference (letters, digits, _:./-)');
const contractId = z.string().regex(/^c-[A-Za-z0-9_.-]{1,100}$/, 'a contract id (c-<order id>)');

export const TariffChangeIdParams = z.strictObject({
  id: z.string().regex(/^tc-[0-9a-f]{20}$/, 'a tariff change id (tc-…)'),
});

export const AnnouncementBody = z
  .strictObject({
    offerId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'an offer id'),
    effectiveFrom: isoDate.describe('The day the new tariff applies from'),
    dailyBasisTariffOre: z
      .number()
      .int()
      .positive()
      .max(Number.MAX_SAFE_INTEGER)
      .describe(
        'The new daily basis tariff (grundtakst) in øre; each contract keeps its additional tariffs',
      ),
    tariffYear: z
      .number()
      .int()
      .min(2000)
      .max(2100)
      .optional()
      .describe('Default: the year of effectiveFrom'),
    reason: text(2000).describe("The supplier's reason for the change"),
    justificationDocumentReference: documentReference
      .optional()
      .describe('A reference to the justification document (calculation basis), if sent now'),
  })
  .openapi('TariffChangeAnnouncement');

export const TariffChangeListQuery = z.strictObject({
  status: z
    .enum(['awaiting_approval', 'overdue'])
    .optional()
    .describe('awaiting_approval: some contract awaits a buyer; overdue: and its deadline passed'),
  offerId: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const BuyerDecisionBody = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    contractIds: z
      .array(contractId)
      .min(1)
      .max(200)
      .refine((ids) => new Set(ids).size === ids.length, 'each contract once')
      .optional()
      .describe("Default: all of the municipality's contracts in the change still undecided"),
    comment: text(2000).optional(),
    reference: z
      .string()
      .regex(/^[A-Za-z0-9_:./-]{1,100}$/, 'an approval reference (letters, digits, _:./-)')
      .optional()
      .describe("The municipality's own reference (journal number); default tariff-change:<id>"),
  })
  .openapi('TariffBuyerDecision');

export const JustificationBody = z
  .strictObject({
    documentReference: documentReference.optional(),
    note: text(4000).optional(),
  })
  .refine((b) => b.documentReference !== undefined || b.note !== undefined, {
    message: 'give a document reference, a note or both',
    path: ['documentReference'],
  })
  .openapi('TariffJustification');

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
  checkedAt: z.date(),
});
const OutboxView = {
  key: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number(),
  notBefore: z.date().optional(),
  lastError: z.string().optional().describe('Shown to the secretariat only'),
  createdAt: z.date(),
  acceptedAt: z.date().optional(),
  delivery: DeliveryView.optional(),
};

export const TariffChangeView = z
  .object({
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
        at: z.date(),
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
    announcedAt: z.date(),
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
            at: z.date(),
            reference: z.string().optional(),
            comment: z.string().optional(),
          })
          .optional(),
        amendmentNumber: z.number().optional(),
        appliedAt: z.date().optional(),
      }),
    ),
    letters: z.array(
      z.object({
        ...OutboxView,
        kind: z.enum(LETTER_KINDS),
        municipalityOrganisationId: z.string(),
      }),
    ),
    reports: z.array(
      z.object({
        ...OutboxView,
        authority: z.string(),
        email: z.string().optional(),
        municipalities: z.array(z.object({ organisationId: z.string(), name: z.string() })),
        contractIds: z.array(z.string()),
      }),
    ),
    audit: z.array(
      z.object({
        at: z.date(),
        action: z.string(),
        by: ActorRefView,
        detail: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .openapi('TariffChange');

export const TariffChangeSummaryView = TariffChangeView.pick({
  id: true,
  status: true,
  overdue: true,
  offer: true,
  effectiveFrom: true,
  approvalDeadline: true,
  announcedAt: true,
})
  .extend({
    supplierName: z.string(),
    contracts: z.number(),
    awaitingApproval: z.number(),
    maxIncreasePercent: z.string(),
    reported: z.boolean(),
  })
  .openapi('TariffChangeSummary');
