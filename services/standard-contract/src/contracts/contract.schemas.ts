import { isIsoDate } from '@rammeaftale/domain';
import { z } from '@rammeaftale/http';
import { ContractBasis } from '@rammeaftale/service-api';
import { AMENDMENT_KINDS, CONTRACT_STATUSES, LETTER_STATUSES } from './contract.types';
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
  id: z.string().regex(/^c-[A-Za-z0-9_.-]{1,100}$/, 'a contract id (c-<order id>)'),
});

/** The shared ContractBasis, strict at the top so unknown or operator keys are refused (400). */
export const DraftRequest = z
  .strictObject({
    ...ContractBasis.shape,
    orderId: z.string().regex(ORDER_ID_PATTERN, 'letters, digits and _.- only (max 100)'),
  })
  .openapi('ContractDraftRequest');

/** Nothing to send but nothing else either: unknown keys (operators included) are refused. */
export const EmptyBody = z.strictObject({}).optional();

export const VersionBody = z.strictObject({
  version: z.number().int().positive().describe('The version read and agreed to'),
});

export const ActivateBody = z.strictObject({
  startedOn: isoDate.optional().describe('Defaults to the contract start date'),
});

export const TerminationBody = z.strictObject({
  noticeGivenOn: isoDate,
  reason: text(2000),
});

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

export const ListQuery = z.strictObject({
  status: z.enum(CONTRACT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const VersionParams = ContractIdParams.extend({
  version: z.coerce.number().int().positive().max(10_000),
});

const ActorRefView = z.object({ userId: z.string(), role: z.string(), organisationId: z.string() });
const PartyView = z.object({
  organisationId: z.string(),
  name: z.string(),
  ean: z.string().optional(),
  cvr: z.string().optional(),
  municipalityCode: z.number().optional(),
  contact: z.object({
    name: z.string().optional(),
    email: z.string(),
    phone: z.string().optional(),
    address: z.string().optional(),
  }),
});
const PriceView = z.object({
  dailyBasisTariffOre: z.number(),
  additionalTariffs: z.array(z.object({ description: z.string(), dailyOre: z.number() })),
  dailyTotalOre: z.number(),
  tariffYear: z.number(),
});
const ChangeView = z.object({
  increasePercent: z.string(),
  increaseBasisPointsRounded: z.number(),
  exceedsPl: z.boolean(),
  plRateBp: z.number(),
  policyYear: z.number().optional(),
  policyEffectiveFrom: z.string().optional(),
});
const ApprovalView = z.object({
  reference: z.string(),
  approvedBy: z.string(),
  approvedOn: z.string(),
});
const SignatureView = z.object({
  userId: z.string(),
  organisationId: z.string(),
  at: z.date(),
  version: z.number(),
  documentHash: z.string(),
});

export const ContractView = z
  .object({
    id: z.string(),
    orderId: z.string(),
    status: z.enum(CONTRACT_STATUSES),
    version: z.number(),
    template: z.object({ id: z.string(), version: z.number(), title: z.string() }),
    actingMunicipality: PartyView,
    payingMunicipality: PartyView,
    supplier: PartyView,
    citizen: z.object({ reference: z.string(), isChild: z.boolean() }),
    offer: z.object({
      offerId: z.string(),
      name: z.string(),
      departmentName: z.string().optional(),
      coveredByFrameworkAgreement: z.boolean(),
      operatorKind: z.string(),
      supervisingAuthority: z.string(),
    }),
    services: z.array(z.object({ description: z.string(), legalBasis: z.string() })),
    price: PriceView,
    priceRegulation: z.object({
      index: z.literal('P/L'),
      plRateBp: z.number(),
      policyYear: z.number().optional(),
    }),
    paymentDays: z.number(),
    startDate: z.string(),
    expectedDurationMonths: z.number().optional(),
    notice: z.object({ buyerMonths: z.number(), supplierMonths: z.number() }),
    goals: z.array(z.object({ goal: z.string(), followUp: z.string() })),
    activatedOn: z.string().optional(),
    signatures: z.object({ supplier: SignatureView.optional(), buyer: SignatureView.optional() }),
    amendments: z.array(
      z.object({
        number: z.number(),
        kind: z.enum(AMENDMENT_KINDS),
        description: z.string(),
        effectiveFrom: z.string(),
        version: z.number(),
        price: PriceView.optional(),
        change: ChangeView.optional(),
        approval: ApprovalView.optional(),
        tariffChangeId: z.string().optional(),
        createdAt: z.date(),
        createdBy: ActorRefView,
      }),
    ),
    priceHistory: z.array(
      z.object({
        validFrom: z.string(),
        price: PriceView,
        source: z.enum(['contract', 'amendment']),
        amendmentNumber: z.number().optional(),
        change: ChangeView.optional(),
        approval: ApprovalView.optional(),
        recordedAt: z.date(),
        recordedBy: ActorRefView,
      }),
    ),
    versions: z.array(
      z.object({
        number: z.number(),
        createdAt: z.date(),
        reason: z.string(),
        documentHash: z.string().optional(),
      }),
    ),
    termination: z
      .object({
        party: z.enum(['buyer', 'supplier']),
        noticeGivenOn: z.string(),
        noticeMonths: z.number(),
        effectiveDate: z.string(),
        reason: z.string(),
        by: ActorRefView,
        at: z.date(),
      })
      .optional(),
    audit: z.array(
      z.object({
        at: z.date(),
        action: z.string(),
        by: ActorRefView,
        version: z.number(),
        detail: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
    letters: z.array(
      z.object({
        key: z.string(),
        version: z.number(),
        status: z.enum(LETTER_STATUSES),
        attempts: z.number(),
        createdAt: z.date(),
        acceptedAt: z.date().optional(),
      }),
    ),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .openapi('Contract');

export const ContractSummary = ContractView.pick({
  id: true,
  orderId: true,
  status: true,
  version: true,
  template: true,
  startDate: true,
  updatedAt: true,
})
  .extend({
    supplierName: z.string(),
    actingMunicipalityName: z.string(),
    offerName: z.string(),
  })
  .openapi('ContractSummary');
