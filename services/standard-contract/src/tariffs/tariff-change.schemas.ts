import { isIsoDate } from '@rammeaftale/domain';
import { z } from '@rammeaftale/http';
import {
  TariffChangeSummaryView as TariffChangeSummarySchema,
  TariffChangeView as TariffChangeViewSchema,
} from '@rammeaftale/service-api';

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

export const TariffChangeView = TariffChangeViewSchema.openapi('TariffChange');
export const TariffChangeSummaryView = TariffChangeSummarySchema.openapi('TariffChangeSummary');
