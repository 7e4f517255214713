import { isIsoDate } from '@rammeaftale/domain';
import { z } from '@rammeaftale/http';
import {
  ContractBasis,
  ContractListQuery,
  ContractPage as ContractPageSchema,
  ContractSummary as ContractSummarySchema,
  ContractView as ContractViewSchema,
} from '@rammeaftale/service-api';
import { AMENDMENT_KINDS } from './contract.types';
import { ORDER_ID_PATTERN } from './contract.rules';

/** A real calendar date: 2026-02-30 is refused here, not discovered later by a rule. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine(isIsoDate, 'not a calendar date');
const ore = z
  .number()
  .int()
  .nonnegative()
  .max(Number.MAX_SAFE_INTEGER)
  .describe('DKK in integer øre');
const text = (max: number) => z.string().trim().min(1).max(max);

export const ContractIdParams = z.strictObject({
  id: z
    .string()
    .regex(/^c-[A-Za-z0-9_.-]{1,110}$/, 'a contract id (c-<order id>, c-<order id>.<n>)'),
});

/** The shared ContractBasis, strict at the top so unknown or operator keys are refused (400). */
export const DraftRequest = z
  .strictObject({
    ...ContractBasis.shape,
    orderId: z
      .string()
      .regex(ORDER_ID_PATTERN, 'letters, digits and _.- only (max 100), not ending in .<digits>'),
  })
  .openapi('ContractDraftRequest');

/** Nothing to send but nothing else either: unknown keys (operators included) are refused. */
export const EmptyBody = z.strictObject({}).optional();

/** Shared with the portal's contract forms (packages/service-api). */
export {
  ActivateBody,
  AmendmentProposalBody,
  CancellationBody,
  ProposalDecisionBody,
  RescissionBody,
  TerminationBody,
  VersionBody,
} from '@rammeaftale/service-api';

export const AmendmentBody = z
  .strictObject({
    kind: z.enum(AMENDMENT_KINDS),
    effectiveFrom: isoDate,
    description: text(2000).optional(),
    dailyBasisTariffOre: ore.optional(),
    additionalTariffs: z
      .array(z.strictObject({ description: text(300), dailyOre: ore }))
      .max(20)
      .optional(),
    tariffYear: z.number().int().min(2000).max(2100).optional(),
    buyerApproval: z
      .strictObject({
        reference: z
          .string()
          .regex(/^[A-Za-z0-9_:./-]{1,100}$/, 'an approval reference (letters, digits, _:./-)'),
        approvedBy: text(100).optional(),
        approvedOn: isoDate.optional(),
      })
      .optional()
      .describe('Required when a price increase is above P/L'),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'price-change' && b.dailyBasisTariffOre === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['dailyBasisTariffOre'],
        message: 'a price change needs the new daily basis tariff',
      });
    if (b.kind === 'terms' && b.description === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['description'],
        message: 'a change of terms needs a description',
      });
  })
  .openapi('AmendmentRequest');

/** Shared with the portal's contract list (packages/service-api). */
export const ListQuery = ContractListQuery.openapi('ContractListQuery');
export const ContractPage = ContractPageSchema.openapi('ContractPage');

export const ProposalParams = ContractIdParams.extend({
  number: z.coerce.number().int().positive().max(10_000),
});

export const VersionParams = ContractIdParams.extend({
  version: z.coerce.number().int().positive().max(10_000),
});

export const ContractView = ContractViewSchema.openapi('Contract');
export const ContractSummary = ContractSummarySchema.openapi('ContractSummary');
