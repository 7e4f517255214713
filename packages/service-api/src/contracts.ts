import { z } from 'zod';

/**
 * What the contracts service answers about a contract (`GET /contracts`, `GET /contracts/{id}`):
 * declared once here, served by standard-contract and read by the portal's pages. Timestamps
 * travel as ISO strings and are read back as dates.
 */
const timestamp = z.coerce.date();

export const CONTRACT_STATUSES = [
  'draft',
  'sent_to_supplier',
  'accepted_by_supplier',
  'signed_by_buyer',
  'active',
  'amended',
  'terminated',
  /** Withdrawn by the buyer before it was signed: it never came into force. */
  'withdrawn',
  /** The supplier rejected the draft it was sent: it never came into force. */
  'rejected_by_supplier',
] as const;
/** How a running contract ended: with notice (opsigelse) or at once (ophævelse). */
export const TERMINATION_KINDS = ['notice', 'immediate'] as const;
export const LETTER_STATUSES = ['pending', 'accepted', 'failed'] as const;
export const AMENDMENT_KINDS = ['price-change', 'terms'] as const;
/** The letters of a contract: the contract (or amendment) to accept, and how it ended. */
export const CONTRACT_LETTER_KINDS = [
  'contract',
  'withdrawn',
  'rejected',
  'terminated',
  'rescinded',
  /** An amendment proposed by one party, to the other; and the other party's decision, to the proposer. */
  'amendment-proposed',
  'amendment-accepted',
  'amendment-declined',
] as const;
/** An amendment proposal awaits the other party, or it decided: accepted (a new version) or declined. */
export const PROPOSAL_STATUSES = ['pending', 'accepted', 'declined'] as const;

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
const ServiceView = z.object({ description: z.string(), legalBasis: z.string() });
const AdditionalTariffView = z.object({ description: z.string(), dailyOre: z.number() });
/** An amendment one party proposed to an active contract, decided by the other (never the proposer). */
const AmendmentProposalView = z.object({
  number: z.number(),
  status: z.enum(PROPOSAL_STATUSES),
  party: z.enum(['buyer', 'supplier']).describe('Who proposed it'),
  proposedBy: ActorRefView,
  proposedAt: timestamp,
  basedOnVersion: z.number().describe('The contract version it was proposed on'),
  effectiveFrom: z.string(),
  reason: z.string(),
  changes: z.object({
    services: z.array(ServiceView).optional(),
    dailyBasisTariffOre: z.number().optional(),
    additionalTariffs: z.array(AdditionalTariffView).optional(),
    endDate: z.string().optional(),
  }),
  decision: z
    .object({
      by: ActorRefView,
      at: timestamp,
      comment: z.string().optional(),
      amendmentNumber: z.number().optional().describe('The amendment an acceptance made'),
      version: z.number().optional().describe('The contract version an acceptance made'),
    })
    .optional(),
});
const SignatureView = z.object({
  userId: z.string(),
  organisationId: z.string(),
  at: timestamp,
  version: z.number(),
  documentHash: z.string(),
});

export const ContractView = z.object({
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
  price: PriceView.describe(
    'The latest agreed price, which may apply from a later day: see priceInForce and nextPrice',
  ),
  priceInForce: z
    .object({ from: z.string(), price: PriceView })
    .describe('The price paid today and the day it applies from'),
  nextPrice: z
    .object({ from: z.string(), price: PriceView })
    .optional()
    .describe('A price recorded to apply from a later day, if any'),
  priceRegulation: z.object({
    index: z.literal('P/L'),
    plRateBp: z.number(),
    policyYear: z.number().optional(),
  }),
  paymentDays: z.number(),
  startDate: z.string(),
  expectedDurationMonths: z.number().optional(),
  endDate: z.string().optional().describe('The agreed last day, when an amendment set one'),
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
      createdAt: timestamp,
      createdBy: ActorRefView,
    }),
  ),
  amendmentProposals: z
    .array(AmendmentProposalView)
    .describe('Proposed amendments, pending and decided, oldest first'),
  priceHistory: z.array(
    z.object({
      validFrom: z.string(),
      price: PriceView,
      source: z.enum(['contract', 'amendment']),
      amendmentNumber: z.number().optional(),
      change: ChangeView.optional(),
      approval: ApprovalView.optional(),
      recordedAt: timestamp,
      recordedBy: ActorRefView,
    }),
  ),
  versions: z.array(
    z.object({
      number: z.number(),
      createdAt: timestamp,
      reason: z.string(),
      documentHash: z.string().optional(),
    }),
  ),
  termination: z
    .object({
      kind: z
        .enum(TERMINATION_KINDS)
        .optional()
        .describe('Absent on terminations before issue 15: notice'),
      party: z.enum(['buyer', 'supplier']),
      noticeGivenOn: z.string(),
      noticeMonths: z.number(),
      effectiveDate: z.string(),
      reason: z.string(),
      by: ActorRefView,
      at: timestamp,
    })
    .optional(),
  cancellation: z
    .object({
      kind: z.enum(['withdrawn', 'rejected']),
      party: z.enum(['buyer', 'supplier']),
      reason: z.string(),
      by: ActorRefView,
      at: timestamp,
    })
    .optional()
    .describe('Why a contract that never came into force was withdrawn or rejected'),
  audit: z.array(
    z.object({
      at: timestamp,
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
      kind: z.enum(CONTRACT_LETTER_KINDS).optional().describe('Absent: the contract letter'),
      to: z.enum(['supplier', 'buyer']).optional().describe('Absent: the supplier'),
      proposal: z
        .number()
        .optional()
        .describe('The amendment proposal an amendment letter is about'),
      status: z.enum(LETTER_STATUSES),
      attempts: z.number(),
      createdAt: timestamp,
      acceptedAt: timestamp.optional(),
      deliveredAt: timestamp
        .optional()
        .describe(
          "The recipient's mail server took the letter (read from the notifications service)",
        ),
      bouncedAt: timestamp
        .optional()
        .describe(
          "The recipient's mail server refused the letter for good (a bounce): status failed",
        ),
    }),
  ),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const ContractSummary = ContractView.pick({
  id: true,
  orderId: true,
  status: true,
  version: true,
  template: true,
  startDate: true,
  updatedAt: true,
}).extend({
  supplierName: z.string(),
  actingMunicipalityName: z.string(),
  offerName: z.string(),
});
const listId = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'an id');

/**
 * `GET /contracts`: the caller's contracts, newest change first, filtered on the server and read
 * a page at a time: `limit` of them, and `nextCursor` to pass as `cursor` for the next page.
 */
export const ContractListQuery = z.strictObject({
  status: z.enum(CONTRACT_STATUSES).optional(),
  supplierId: listId.optional().describe("The supplier's organisation id"),
  municipalityId: listId
    .optional()
    .describe('A municipality that acts or pays (its organisation id or mun-<code>)'),
  offerId: listId.optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('Part of the offer or supplier name, or the contract or order id'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'the nextCursor of the previous page')
    .optional()
    .describe('The `nextCursor` of the previous page'),
});
export type ContractListQuery = z.infer<typeof ContractListQuery>;

export const ContractPage = z.object({
  items: z.array(ContractSummary),
  count: z.number().describe('How many contracts match the filters, on all pages'),
  nextCursor: z.string().optional().describe('Absent on the last page'),
});
export type ContractPage = z.infer<typeof ContractPage>;

export type ContractView = z.infer<typeof ContractView>;
export type AmendmentProposalView = z.infer<typeof AmendmentProposalView>;
export type ContractSummary = z.infer<typeof ContractSummary>;
