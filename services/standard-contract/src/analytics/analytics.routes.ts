import type { Response } from 'express';
import { actorOf, authenticate, requireRole, type TokenVerifier } from '@rammeaftale/auth';
import { z, type Api } from '@rammeaftale/http';
import { distributionCsv, frequencyCsv, volumeCsv } from './analytics.rules';
import {
  frequentIncreases,
  increaseDistribution,
  purchaseVolume,
  purchaseVolumeByYears,
  type AnalyticsDeps,
} from './analytics.use-case';
import { volumeBreakdownCsv } from './purchase-volume.rules';
import { INCREASE_BANDS } from '../tariffs/tariff-change.types';

const format = z
  .enum(['json', 'csv'])
  .default('json')
  .describe('csv: a file for spreadsheets (UTF-8, `;`-separated)');
const year = z.coerce.number().int().min(2000).max(2100);

const FrequencyQuery = z.strictObject({
  by: z.enum(['offer', 'supplier']).default('offer'),
  year: year.optional().describe('Policy year; default all years'),
  format,
});
const DistributionQuery = z.strictObject({ format });
const VolumeQuery = z.strictObject({
  year: year.optional().describe('Default: the current year'),
  format,
});

/** Years in one breakdown at most: the agreement's history, not an open-ended scan. */
const MAX_BREAKDOWN_YEARS = 15;
const VolumeBreakdownQuery = z
  .strictObject({
    fromYear: year.describe('First year'),
    toYear: year.describe('Last year (inclusive)'),
    format,
  })
  .refine((q) => q.fromYear <= q.toYear && q.toYear - q.fromYear < MAX_BREAKDOWN_YEARS, {
    message: `fromYear must not be after toYear, and at most ${MAX_BREAKDOWN_YEARS} years`,
    path: ['fromYear'],
  });
const VolumeBreakdownView = z
  .object({
    year: z.number(),
    supplierId: z.string(),
    supplierName: z.string(),
    municipalityId: z.string().describe('The paying municipality'),
    municipalityCode: z.number().nullable(),
    offerId: z.string(),
    offerName: z.string(),
    operatorKind: z.enum(['municipal', 'regional', 'private']),
    contracts: z.number(),
    placementDays: z.number(),
    volumeOre: z.number(),
  })
  .openapi('PurchaseVolumeBreakdown');

const FrequencyRowView = z
  .object({
    offerId: z.string().optional(),
    offerName: z.string().optional(),
    supplierId: z.string(),
    supplierName: z.string(),
    announced: z.number(),
    abovePl: z.number(),
    reported: z.number(),
  })
  .openapi('TariffIncreaseFrequency');
const DistributionView = z
  .object({
    year: z.number(),
    plRatesBp: z.array(z.number()),
    bands: z.array(
      z.object({
        band: z.enum(INCREASE_BANDS),
        label: z.string(),
        changes: z.number(),
        contracts: z.number(),
      }),
    ),
  })
  .openapi('TariffIncreaseDistribution');
const VolumeView = z
  .object({
    supplierId: z.string(),
    supplierName: z.string(),
    contracts: z.number(),
    placementDays: z.number(),
    volumeOre: z.number(),
    volume: z.string(),
  })
  .openapi('PurchaseVolume');

function sendCsv(res: Response, filename: string, csv: string): undefined {
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="${filename}"`)
    .send(csv);
  return undefined;
}

/** Market data for the secretariat and the supervisory authority; each table also as CSV. */
export function registerAnalyticsRoutes(
  api: Api,
  deps: AnalyticsDeps & { verifier: TokenVerifier; now: () => Date },
): void {
  const before = [authenticate(deps.verifier), requireRole('secretariat', 'authority')];
  const tags = ['analytics'];

  api.route({
    method: 'get',
    path: '/analytics/tariff-increases',
    summary:
      'Which offers or suppliers most often announce increases above P/L and above the report threshold',
    tags,
    security: 'bearer',
    before,
    query: FrequencyQuery,
    response: z.array(FrequencyRowView),
    problems: [401, 403],
    handler: async ({ query, res }) => {
      const rows = await frequentIncreases(deps, actorOf(res), query);
      if (query.format === 'csv')
        return sendCsv(
          res,
          `takststigninger-pr-${query.by === 'offer' ? 'tilbud' : 'leverandoer'}${query.year ? `-${query.year}` : ''}.csv`,
          frequencyCsv(rows, query.by),
        );
      return rows;
    },
  });

  api.route({
    method: 'get',
    path: '/analytics/tariff-increases/distribution',
    summary: 'How increases fall against P/L and the report threshold, per year',
    tags,
    security: 'bearer',
    before,
    query: DistributionQuery,
    response: z.array(DistributionView),
    problems: [401, 403],
    handler: async ({ query, res }) => {
      const rows = await increaseDistribution(deps, actorOf(res));
      if (query.format === 'csv')
        return sendCsv(
          res,
          'takststigninger-fordeling.csv',
          distributionCsv(rows.flatMap((r) => r.bands.map((b) => ({ year: r.year, ...b })))),
        );
      return rows;
    },
  });

  api.route({
    method: 'get',
    path: '/analytics/purchase-volume',
    summary:
      'Purchase volume per supplier in a year (daily prices in force × days of running contracts)',
    tags,
    security: 'bearer',
    before,
    query: VolumeQuery,
    response: z.array(VolumeView),
    problems: [401, 403],
    handler: async ({ query, res }) => {
      const y = query.year ?? deps.now().getUTCFullYear();
      const rows = await purchaseVolume(deps, actorOf(res), y);
      if (query.format === 'csv') return sendCsv(res, `koebsvolumen-${y}.csv`, volumeCsv(rows, y));
      return rows;
    },
  });
  registerVolumeBreakdownRoute(api, deps, before);
}

/** Purchase volume of several years broken down for the secretariat's market data. */
function registerVolumeBreakdownRoute(
  api: Api,
  deps: AnalyticsDeps,
  before: ReturnType<typeof requireRole>[],
): void {
  const tags = ['analytics'];
  api.route({
    method: 'get',
    path: '/analytics/purchase-volume/breakdown',
    summary:
      'Purchase volume of each year per supplier, paying municipality and offer (with its operator kind)',
    tags,
    security: 'bearer',
    before,
    query: VolumeBreakdownQuery,
    response: z.array(VolumeBreakdownView),
    problems: [400, 401, 403],
    handler: async ({ query, res }) => {
      const rows = await purchaseVolumeByYears(deps, actorOf(res), query);
      if (query.format === 'csv')
        return sendCsv(
          res,
          `koebsvolumen-${query.fromYear}-${query.toYear}.csv`,
          volumeBreakdownCsv(rows),
        );
      return rows;
    },
  });
}
