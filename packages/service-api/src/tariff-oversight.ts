import { z } from 'zod';
import {
  DECISION_STATUSES,
  INCREASE_BANDS,
  OUTBOX_STATUSES,
  TariffChangeSummaryView,
} from './tariff-changes';

/**
 * What the contracts service answers the secretariat and the supervising authorities about tariff
 * changes across every municipality (issue 14): the searchable list of changes, the reports to the
 * authorities, and the meeting pack of the two yearly meetings with Socialtilsyn Øst. Declared
 * once here, served by standard-contract and read by the portal's pages.
 */
const timestamp = z.coerce.date();
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const id = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/);

export const OPERATOR_KINDS = ['municipal', 'regional', 'private'] as const;

/** The filters of the secretariat's list; the portal's filter form reads the same names. */
export const TariffChangeSearchQuery = z.strictObject({
  from: isoDay.optional().describe('Changes taking effect on or after this day'),
  to: isoDay.optional().describe('Changes taking effect on or before this day'),
  supplierId: id.optional(),
  offerId: id.optional(),
  operatorKind: z.enum(OPERATOR_KINDS).optional(),
  band: z.enum(INCREASE_BANDS).optional().describe("The change's largest increase against P/L"),
  decisionStatus: z
    .enum(DECISION_STATUSES)
    .optional()
    .describe('Some contract of the change has a decision in this status'),
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .describe('Part of the offer or supplier name, or the id'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type TariffChangeSearchQuery = z.infer<typeof TariffChangeSearchQuery>;

export const TariffChangeRow = TariffChangeSummaryView.extend({
  supplierId: z.string(),
  band: z.enum(INCREASE_BANDS),
  policyYear: z.number(),
});
export type TariffChangeRow = z.infer<typeof TariffChangeRow>;

export const TariffChangePage = z.object({
  items: z.array(TariffChangeRow),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type TariffChangePage = z.infer<typeof TariffChangePage>;

export const AuthorityReportQuery = z.strictObject({
  from: isoDay.optional().describe('Reports made on or after this day'),
  to: isoDay.optional().describe('Reports made on or before this day'),
  supplierId: id.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type AuthorityReportQuery = z.infer<typeof AuthorityReportQuery>;

/** One report of a change to one supervising authority (indberetning), with its figures. */
export const AuthorityReportRow = z.object({
  changeId: z.string(),
  key: z.string(),
  /** The authority's slug in the document addresses (`socialtilsyn-oest`). */
  authoritySlug: z.string(),
  authority: z.string(),
  offer: z.object({ offerId: z.string(), name: z.string(), operatorKind: z.enum(OPERATOR_KINDS) }),
  supplier: z.object({ organisationId: z.string(), name: z.string() }),
  effectiveFrom: z.string(),
  createdAt: timestamp,
  status: z.enum(OUTBOX_STATUSES),
  delivery: z
    .object({
      status: z.enum(['pending', 'sending', 'sent', 'failed']),
      sentAt: z.string().optional(),
    })
    .optional(),
  municipalities: z.array(z.object({ organisationId: z.string(), name: z.string() })),
  policy: z.object({
    year: z.number(),
    plRateBp: z.number(),
    thresholdBp: z.number(),
  }),
  contracts: z.array(
    z.object({
      contractId: z.string(),
      buyerName: z.string(),
      payingMunicipalityName: z.string(),
      currentDailyOre: z.number(),
      newDailyOre: z.number(),
      increasePercent: z.string(),
    }),
  ),
});
export type AuthorityReportRow = z.infer<typeof AuthorityReportRow>;

export const AuthorityReportPage = z.object({
  items: z.array(AuthorityReportRow),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type AuthorityReportPage = z.infer<typeof AuthorityReportPage>;

export const MeetingPackQuery = z.strictObject({
  from: isoDay.optional().describe('First day of the period; default half a year before `to`'),
  to: isoDay.optional().describe('Last day of the period; default today'),
});

const RankRow = z.object({
  offerId: z.string().optional(),
  offerName: z.string().optional(),
  supplierId: z.string(),
  supplierName: z.string(),
  changes: z.number(),
  abovePl: z.number().describe('Changes whose largest increase was above P/L'),
  aboveThreshold: z.number().describe('Changes above the report threshold (reported)'),
  maxIncreaseBp: z.number(),
  /** Mean over the changes of (largest increase − P/L), in basis points, rounded. */
  meanAbovePlBp: z.number(),
});
export type MeetingPackRank = z.infer<typeof RankRow>;

/** The figures of the meeting pack for one period (changes by the day they take effect). */
export const MeetingPackView = z.object({
  from: z.string(),
  to: z.string(),
  totals: z.object({
    changes: z.number(),
    contracts: z.number(),
    abovePl: z.number(),
    aboveThreshold: z.number(),
  }),
  offers: z.array(RankRow),
  suppliers: z.array(RankRow),
  years: z.array(
    z.object({
      year: z.number(),
      plRateBp: z.number(),
      changes: z.number(),
      bands: z.record(z.enum(INCREASE_BANDS), z.number()),
      meanIncreaseBp: z.number(),
    }),
  ),
  /** Each change of the period, for the charts: the offer's increase on the day it took effect. */
  points: z.array(
    z.object({
      changeId: z.string(),
      offerName: z.string(),
      effectiveFrom: z.string(),
      increaseBp: z.number(),
      plRateBp: z.number(),
    }),
  ),
});
export type MeetingPackView = z.infer<typeof MeetingPackView>;

/** How many tariff changes and buyer decisions used each policy year's values (secretariat). */
export const PolicyUsageView = z.object({
  items: z.array(
    z.object({
      year: z.number().int(),
      changes: z.number().int().describe('Tariff changes measured against the year'),
      decisions: z.number().int().describe('Decisions (one per running contract) that used it'),
    }),
  ),
});
export type PolicyUsageView = z.infer<typeof PolicyUsageView>;
