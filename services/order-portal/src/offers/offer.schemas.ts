import { z } from '@rammeaftale/http';
import {
  COMPETENCE_SLUGS,
  isQualityScore,
  OPERATOR_KINDS,
  QUALITY_SCALE,
  TARGET_GROUP_SLUGS,
} from '@rammeaftale/domain';
import { APPROVAL_STATUS_SLUGS, GENDER_RESTRICTION_SLUGS, OFFER_TYPE_SLUGS } from './vocabulary';
import { IMPORT_KINDS } from './import/import-report';

/** The contracts of the offer registry API: validation and the OpenAPI document from one place. */

const boolText = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .describe('true or false');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected YYYY-MM-DD');

export const OfferIdParams = z.strictObject({
  offerId: z
    .string()
    .regex(/^[a-z]{2,6}-[A-Za-z0-9-]{1,64}$/, 'Expected an offer id such as tp-123456')
    .describe('The offer id, `tp-<Tilbudsportalen id>` for offers known there.'),
});

export const ListOffersQuery = z.strictObject({
  municipalityCode: z.coerce.number().int().optional().describe('Where the offer is located.'),
  operatorKind: z.enum(OPERATOR_KINDS).optional(),
  operatorOrganisationId: z.string().max(64).optional(),
  targetGroup: z.enum(TARGET_GROUP_SLUGS as [string, ...string[]]).optional(),
  offerType: z.enum(OFFER_TYPE_SLUGS).optional(),
  frameworkAgreement: boolText.optional(),
  withFreePlaces: boolText.optional().describe('Current capacity has free places (stale or not).'),
  capacityStale: boolText
    .optional()
    .describe('true: capacity never reported or not confirmed within STALE_CAPACITY_DAYS.'),
  q: z.string().min(1).max(100).optional().describe('Part of the offer name, any case.'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const CapacityView = z
  .object({
    placesInOperation: z.number().int(),
    occupied: z.number().int(),
    free: z.number().int(),
    waitingList: z.number().int(),
    occupancyBp: z
      .number()
      .int()
      .nullable()
      .describe('Occupancy in basis points; null without places.'),
    confirmedAt: z.string().describe('When the operator last confirmed these numbers (ISO 8601).'),
    stale: z.boolean().describe('Not confirmed within STALE_CAPACITY_DAYS: show as uncertain.'),
  })
  .openapi('Capacity');

export const CapacityHistoryEntryView = z
  .object({
    asOf: z.string(),
    placesInOperation: z.number().int(),
    occupied: z.number().int(),
    free: z.number().int(),
    waitingList: z.number().int(),
    occupancyBp: z.number().int().nullable(),
    reportedAt: z.string(),
    reportedBy: z.object({
      organisationId: z.string(),
      role: z.string(),
      userId: z.string().optional().describe('Only for the operator itself and the secretariat.'),
    }),
    source: z.enum(['api', 'import']),
  })
  .openapi('CapacityHistoryEntry');

export const TariffView = z
  .object({
    service: z.string(),
    validFrom: isoDate,
    validTo: isoDate.nullable(),
    dailyBasisOre: z.number().int().describe('Grundtakst per day in øre.'),
    dailyBasisText: z.string().describe("The same in Danish notation, e.g. '2.345,50 kr.'"),
    additional: z.array(
      z.object({ name: z.string(), dailyOre: z.number().int(), dailyText: z.string() }),
    ),
    assumedOccupancyBp: z.number().int(),
    calculationBasis: z.string(),
    recordedAt: z.string(),
  })
  .openapi('Tariff');

/** An offer's quality indicator, as stored and shown; the import checks its cells against it too. */
export const QualitySchema = z
  .strictObject({
    score: z
      .number()
      .min(QUALITY_SCALE.min)
      .max(QUALITY_SCALE.max)
      .refine(isQualityScore, { message: 'at most one decimal' })
      .describe('1 (very low) to 5 (very high), at most one decimal.'),
    source: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .describe("Who assessed it on which model, e.g. 'Socialtilsynets kvalitetsmodel'."),
    assessedOn: isoDate.describe('When it was assessed.'),
  })
  .openapi('Quality');

export const CompetencesSchema = z
  .array(z.enum(COMPETENCE_SLUGS))
  .max(COMPETENCE_SLUGS.length)
  .describe('Special competences and methods, slugs of the controlled vocabulary.');

const OfferCore = {
  id: z.string(),
  tilbudsportalenId: z.string().nullable(),
  name: z.string(),
  offerType: z.enum(OFFER_TYPE_SLUGS),
  offerTypeLabel: z.string(),
  legalBasis: z.array(z.string()),
  targetGroups: z.array(z.string()),
  targetGroupTags: z.array(z.string()),
  ageRange: z.object({ min: z.number().int(), max: z.number().int() }),
  genderRestriction: z.enum(GENDER_RESTRICTION_SLUGS),
  address: z.object({
    street: z.string(),
    postalCode: z.string(),
    city: z.string(),
    municipalityCode: z.number().int(),
    municipalityName: z.string().nullable(),
    coordinates: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  }),
  operator: z.object({
    kind: z.enum(OPERATOR_KINDS),
    organisationId: z.string(),
    name: z.string().nullable(),
  }),
  frameworkAgreement: z.boolean(),
  supervisingAuthority: z.string(),
  approval: z.object({ status: z.enum(APPROVAL_STATUS_SLUGS), date: isoDate.nullable() }),
  approvedPlaces: z.number().int(),
  competences: z.array(
    z.object({ code: z.string(), label: z.string().describe('Danish, e.g. Medicinhåndtering.') }),
  ),
  quality: QualitySchema.nullable().describe('null: no quality indicator known.'),
  departments: z.array(
    z.object({ departmentId: z.string(), name: z.string(), places: z.number().int().nullable() }),
  ),
  capacity: CapacityView.nullable(),
  currentTariffs: z
    .array(TariffView)
    .describe('Per service, the tariff in force today (Copenhagen).'),
};

export const OfferSummaryView = z.object(OfferCore).openapi('OfferSummary');

export const OfferListView = z
  .object({
    items: z.array(OfferSummaryView),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    staleAfterDays: z.number().int(),
  })
  .openapi('OfferList');

export const OfferDetailView = z
  .object({
    ...OfferCore,
    capacityHistory: z.array(CapacityHistoryEntryView).describe('Newest first.'),
    tariffs: z.array(TariffView).describe('All periods, by service and start date.'),
    updatedAt: z.string(),
  })
  .openapi('OfferDetail');

export const CapacityUpdateBody = z
  .strictObject({
    placesInOperation: z.number().int().min(0).max(10_000),
    occupied: z.number().int().min(0).max(10_000),
    free: z.number().int().min(0).max(10_000),
    waitingList: z.number().int().min(0).max(100_000),
  })
  .openapi('CapacityUpdate');

export const PolicyValuesBody = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    effectiveFrom: isoDate,
    plRateBp: z.number().int().min(0).max(10_000).describe('P/L rate in basis points (400 = 4 %).'),
    privateReportThresholdBp: z.number().int().min(0).max(10_000),
    publicReportThresholdBp: z.number().int().min(0).max(10_000),
  })
  .openapi('PolicyValuesInput');

export const PolicyValuesView = z
  .object({
    year: z.number().int(),
    effectiveFrom: isoDate,
    plRateBp: z.number().int(),
    privateReportThresholdBp: z.number().int(),
    publicReportThresholdBp: z.number().int(),
    plRateText: z.string(),
    privateReportThresholdText: z.string(),
    publicReportThresholdText: z.string(),
    createdAt: z.string(),
    createdByOrganisationId: z.string(),
  })
  .openapi('PolicyValues');

export const PolicyValuesListView = z
  .object({ items: z.array(PolicyValuesView) })
  .openapi('PolicyValuesList');

export const YearParams = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
export const InForceQuery = z.strictObject({ date: isoDate });

export const ImportParams = z.strictObject({ kind: z.enum(IMPORT_KINDS) });
export const ImportQuery = z.strictObject({ dryRun: boolText.optional() });

export const ImportProblemView = z.object({
  row: z.number().int().describe('Spreadsheet row; 1 is the header row.'),
  field: z.string().describe('The Danish column name, or "fil" for the whole file.'),
  code: z.string(),
  message: z.string().describe('Danish, for the person fixing the file.'),
});

export const ImportReportView = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    accepted: z.boolean(),
    dryRun: z.boolean(),
    encoding: z.enum(['utf-8', 'windows-1252']).nullable(),
    rows: z.number().int(),
    importedRows: z.number().int(),
    rejectedRows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    errors: z.array(ImportProblemView),
    warnings: z.array(z.string()),
  })
  .openapi('ImportReport');

export const OrganisationView = z
  .object({
    id: z.string(),
    kind: z.enum(['municipality', 'region', 'private']),
    name: z.string(),
    municipalityCode: z.number().int().nullable(),
    cvr: z.string().nullable(),
    eanNumbers: z.array(z.string()),
    contact: z.object({
      street: z.string().nullable(),
      postalCode: z.string().nullable(),
      city: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    }),
  })
  .openapi('Organisation');

export const OrganisationListView = z
  .object({ items: z.array(OrganisationView) })
  .openapi('OrganisationList');
export const OrganisationListQuery = z.strictObject({
  kind: z.enum(['municipality', 'region', 'private']).optional(),
});
