import type { Response } from 'express';
import { actorOf, authenticate, requireRole, type TokenVerifier } from '@rammeaftale/auth';
import { z, type Api } from '@rammeaftale/http';
import {
  AuthorityReportPage,
  AuthorityReportQuery,
  AuthorityReportRow,
  MeetingPackQuery,
  MeetingPackView,
  PolicyUsageView,
  TariffChangePage,
  TariffChangeSearchQuery,
} from '@rammeaftale/service-api';
import { meetingPackCsv } from '../analytics/meeting-pack.rules';
import type { TariffChangeRepository } from './tariff-change.repository';
import { TARIFF_CHANGE_ID, isoDay } from './tariff-change.rules';
import { tariffChangeSummary } from './tariff-change.views';
import {
  listAuthorityReports,
  readAuthorityReport,
  readMeetingPack,
  readPolicyUsage,
  reportDocument,
  searchTariffChanges,
  type OversightDeps,
} from './tariff-oversight.use-case';

type Deps = OversightDeps & {
  tariffChanges: TariffChangeRepository;
  verifier: TokenVerifier;
  now: () => Date;
};

const ReportParams = z.strictObject({
  id: z.string().regex(TARIFF_CHANGE_ID, 'a tariff change id (tc-…)'),
  authority: z.string().regex(/^[a-z0-9-]{1,80}$/, "the authority's slug (socialtilsyn-oest)"),
});
const DocumentParams = ReportParams.extend({ format: z.enum(['pdf', 'csv', 'json']) });
const PackQuery = MeetingPackQuery.extend({
  format: z.enum(['json', 'csv']).default('json'),
  table: z.enum(['offers', 'suppliers', 'years']).default('offers').describe('Which table as CSV'),
});

const send = (res: Response, d: { filename: string; type: string; body: Buffer | string }) => {
  res
    .status(200)
    .type(d.type)
    .set('Content-Disposition', `attachment; filename="${d.filename}"`)
    .send(d.body);
  return undefined;
};

/**
 * Oversight across municipalities (issue 14): the secretariat's searchable list of every tariff
 * change, the reports to the supervising authorities with their documents, and the meeting pack.
 */
export function registerTariffOversightRoutes(api: Api, deps: Deps): void {
  const auth = authenticate(deps.verifier);
  const today = () => isoDay(deps.now());
  api.route({
    method: 'get',
    path: '/oversight/tariff-changes',
    summary: 'Every tariff change across the 17 municipalities, filtered and paged (secretariat)',
    tags: ['oversight'],
    security: 'bearer',
    before: [auth, requireRole('secretariat')],
    query: TariffChangeSearchQuery,
    response: TariffChangePage,
    problems: [401, 403],
    handler: async ({ query, res }) => {
      const found = await searchTariffChanges(deps, actorOf(res), query);
      return {
        ...found,
        items: found.items.map((c) => ({
          ...tariffChangeSummary(c, today()),
          supplierId: c.supplier.organisationId,
          band: c.summary.band,
          policyYear: c.summary.policyYear,
        })),
      };
    },
  });

  api.route({
    method: 'get',
    path: '/oversight/policy-usage',
    summary:
      'Per policy year, how many tariff changes and buyer decisions used its P/L and thresholds (secretariat)',
    tags: ['oversight'],
    security: 'bearer',
    before: [auth, requireRole('secretariat')],
    response: PolicyUsageView,
    problems: [401, 403],
    handler: async ({ res }) => readPolicyUsage(deps, actorOf(res)),
  });

  registerReportRoutes(api, deps, auth);
  registerMeetingPackRoute(api, deps, auth);
}

type Auth = ReturnType<typeof authenticate>;

function registerReportRoutes(api: Api, deps: Deps, auth: Auth): void {
  const readers = requireRole('secretariat', 'authority');
  api.route({
    method: 'get',
    path: '/authority-reports',
    summary:
      'Reports of increases above the report threshold: all (secretariat) or those addressed to you (authority), newest first',
    tags: ['oversight'],
    security: 'bearer',
    before: [auth, readers],
    query: AuthorityReportQuery,
    response: AuthorityReportPage,
    problems: [401, 403],
    handler: async ({ query, res }) => listAuthorityReports(deps, actorOf(res), query),
  });

  api.route({
    method: 'get',
    path: '/authority-reports/:id/:authority',
    summary: 'One report with its figures (secretariat, or the authority it is addressed to)',
    tags: ['oversight'],
    security: 'bearer',
    before: [auth, readers],
    params: ReportParams,
    response: AuthorityReportRow,
    problems: [401, 403, 404],
    handler: async ({ params, res }) =>
      (await readAuthorityReport(deps, actorOf(res), params.id, params.authority)).row,
  });

  api.route({
    method: 'get',
    path: '/authority-reports/:id/:authority/:format',
    summary: 'The PDF form, the CSV rows or the JSON of one report, as the authority received them',
    tags: ['oversight'],
    security: 'bearer',
    before: [auth, readers],
    params: DocumentParams,
    produces: ['application/pdf', 'text/csv', 'application/json'],
    problems: [401, 403, 404],
    handler: async ({ params, res }) => {
      const { change, report } = await readAuthorityReport(
        deps,
        actorOf(res),
        params.id,
        params.authority,
      );
      return send(res, await reportDocument(change, report, params.format));
    },
  });
}

function registerMeetingPackRoute(api: Api, deps: Deps, auth: Auth): void {
  const today = () => isoDay(deps.now());
  api.route({
    method: 'get',
    path: '/analytics/meeting-pack',
    summary:
      'The meeting pack of a period: offers and suppliers ranked by increases above P/L and the report threshold, increases against P/L by year',
    tags: ['analytics'],
    security: 'bearer',
    before: [auth, requireRole('secretariat', 'authority')],
    query: PackQuery,
    response: MeetingPackView,
    problems: [401, 403],
    handler: async ({ query, res }) => {
      const pack = await readMeetingPack(deps, actorOf(res), query, today());
      if (query.format === 'csv')
        return send(res, {
          filename: `moedepakke-${pack.from}-${pack.to}-${query.table}.csv`,
          type: 'text/csv; charset=utf-8',
          body: meetingPackCsv(pack, query.table),
        });
      return pack;
    },
  });
}
