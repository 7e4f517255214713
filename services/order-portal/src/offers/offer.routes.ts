import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { actorOf } from '@rammeaftale/auth';
import { ProblemError, ProblemSchema, parsePart, z, type Api } from '@rammeaftale/http';
import type { Logger } from '@rammeaftale/logging';
import { API_SECURITY } from '../portal/session';
import { importCsv } from './import/import-csv.use-case';
import { getOffer, listOffers } from './list-offers.use-case';
import type { OfferLockRepository } from './offer-lock.repository';
import type { OfferRepository } from './offer.repository';
import {
  CapacityUpdateBody,
  CapacityView,
  ImportParams,
  ImportQuery,
  ImportReportView,
  InForceQuery,
  ListOffersQuery,
  OfferDetailView,
  OfferIdParams,
  OfferListView,
  OrganisationListQuery,
  OrganisationListView,
  PolicyValuesBody,
  PolicyValuesListView,
  PolicyValuesView,
  YearParams,
} from './offer.schemas';
import type { OrganisationRepository } from './organisation.repository';
import { listOrganisations } from './organisations.use-case';
import type { PolicyValuesRepository } from './policy-values.repository';
import {
  createPolicyValues,
  listPolicyValues,
  policyValuesInForce,
} from './policy-values.use-case';
import { updateCapacity } from './update-capacity.use-case';

export interface OfferRouteDeps {
  offers: OfferRepository;
  organisations: OrganisationRepository;
  locks: OfferLockRepository;
  policies: PolicyValuesRepository;
  logger: Logger;
  now: () => Date;
  staleCapacityDays: number;
  /** Largest accepted import file, e.g. '50mb'. */
  importBodyLimit: string;
  /** Puts the verified actor on `res.locals` or answers 401. */
  authenticate: RequestHandler;
}

const TAGS = ['Offer registry'];

/** Thin routes: parse (zod, via api.route), take the actor from the verified token, call one use case. */
export function registerOfferRoutes(api: Api, deps: OfferRouteDeps): void {
  registerRegistryRoutes(api, deps);
  registerPolicyRoutes(api, deps);
  registerImportRoute(api, deps);
}

/** The offers with their capacity and tariffs, a supplier's capacity report, and the parties. */
function registerRegistryRoutes(api: Api, deps: OfferRouteDeps): void {
  const before = [deps.authenticate];
  api.route({
    method: 'get',
    path: '/api/offers',
    summary: 'List and filter offers with current capacity and the tariffs in force',
    tags: TAGS,
    security: API_SECURITY,
    before,
    query: ListOffersQuery,
    response: OfferListView,
    problems: [401],
    handler: ({ query, res }) => listOffers(deps, actorOf(res), query),
  });

  api.route({
    method: 'get',
    path: '/api/offers/:offerId',
    summary: 'One offer with its departments, capacity history and all tariff periods',
    tags: TAGS,
    security: API_SECURITY,
    before,
    params: OfferIdParams,
    response: OfferDetailView,
    problems: [401, 404],
    handler: ({ params, res }) => getOffer(deps, actorOf(res), params.offerId),
  });

  api.route({
    method: 'put',
    path: '/api/offers/:offerId/capacity',
    summary: "Report or confirm the capacity of one of the supplier's own offers",
    description:
      "Supplier role only. Another operator's offer answers 404, as if it did not exist. Each report is kept in the history; the newest is the current capacity and restarts the staleness clock.",
    tags: TAGS,
    security: API_SECURITY,
    before,
    params: OfferIdParams,
    body: CapacityUpdateBody,
    response: CapacityView,
    problems: [401, 403, 404, 409],
    handler: ({ params, body, res }) => updateCapacity(deps, actorOf(res), params.offerId, body),
  });

  api.route({
    method: 'get',
    path: '/api/organisations',
    summary: 'The parties: municipalities, the region and private providers',
    tags: TAGS,
    security: API_SECURITY,
    before,
    query: OrganisationListQuery,
    response: OrganisationListView,
    problems: [401],
    handler: ({ query }) => listOrganisations(deps, query.kind),
  });
}

/** P/L and the report thresholds: read by every party, recorded by the secretariat. */
function registerPolicyRoutes(api: Api, deps: OfferRouteDeps): void {
  const before = [deps.authenticate];
  api.route({
    method: 'get',
    path: '/api/policy-values',
    summary: 'All policy values (P/L rate, report thresholds) by effective date',
    tags: TAGS,
    security: API_SECURITY,
    before,
    response: PolicyValuesListView,
    problems: [401],
    handler: () => listPolicyValues(deps),
  });

  api.route({
    method: 'get',
    path: '/api/policy-values/in-force',
    summary: 'The policy values in force on a date',
    tags: TAGS,
    security: API_SECURITY,
    before,
    query: InForceQuery,
    response: PolicyValuesView,
    problems: [401, 404],
    handler: ({ query }) => policyValuesInForce(deps, query.date),
  });

  api.route({
    method: 'get',
    path: '/api/policy-values/:year',
    summary: 'The policy values of one year',
    tags: TAGS,
    security: API_SECURITY,
    before,
    params: YearParams,
    response: PolicyValuesListView,
    problems: [401, 404],
    handler: ({ params }) => listPolicyValues(deps, params.year),
  });

  api.route({
    method: 'post',
    path: '/api/policy-values',
    summary: 'Record the policy values of a year (secretariat)',
    description:
      'Values are never changed afterwards; a correction is a new set with a later effective date.',
    tags: TAGS,
    security: API_SECURITY,
    before,
    body: PolicyValuesBody,
    response: PolicyValuesView,
    status: 201,
    problems: [401, 403, 409],
    handler: ({ body, res }) => createPolicyValues(deps, actorOf(res), body),
  });
}

/**
 * The CSV upload is raw bytes (the encoding is detected, not assumed), so it is declared to
 * OpenAPI by hand with the same zod schemas the handler validates with.
 */
function registerImportRoute(api: Api, deps: OfferRouteDeps): void {
  const path = '/api/imports/:kind';
  const problem = { 'application/problem+json': { schema: ProblemSchema } };
  api.registry.registerPath({
    method: 'post',
    path: '/api/imports/{kind}',
    summary: 'Import organisations, offers, capacity or tariffs from a CSV file',
    description:
      'Body: the file as `text/csv` (UTF-8 or Windows-1252; add `; charset=windows-1252` when known). ' +
      'Format and Danish headers: docs/import-format.md. Bad rows are listed with row and column; good rows are stored. ' +
      'A file that cannot be used as a whole (empty, a required column missing) answers 422 and stores nothing. ' +
      'Suppliers may import capacity for their own offers; everything else is for the secretariat.',
    tags: TAGS,
    // As the routes declared through api.route: a bearer token or the portal's session cookie.
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    request: {
      params: ImportParams,
      query: ImportQuery,
      body: {
        required: true,
        content: { 'text/csv': { schema: z.string().describe('CSV file') } },
      },
    },
    responses: {
      200: {
        description: 'The import report',
        content: { 'application/json': { schema: ImportReportView } },
      },
      400: { description: 'Invalid parameters', content: problem },
      401: { description: 'Not signed in', content: problem },
      403: { description: 'Role may not import this kind', content: problem },
      413: { description: 'File too large', content: problem },
      415: { description: 'Not text/csv', content: problem },
      422: {
        description: 'The file as a whole is unusable; `errors` carry row and field',
        content: problem,
      },
      429: { description: 'Too many requests', content: problem },
      503: { description: 'Database unavailable', content: problem },
    },
  });
  const rawCsv = express.raw({
    type: ['text/csv', 'application/csv'],
    limit: deps.importBodyLimit,
  });
  api.router.post(
    path,
    deps.authenticate,
    rawCsv,
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const params = parsePart('params', ImportParams, req.params);
        const query = parsePart('query', ImportQuery, req.query);
        if (!req.is('text/csv') && !req.is('application/csv'))
          throw new ProblemError(415, 'Send the file as text/csv');
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1];
        const report = await importCsv(deps, actorOf(res), {
          kind: params.kind,
          bytes,
          charset,
          dryRun: query.dryRun ?? false,
        });
        if (!report.accepted) {
          throw new ProblemError(422, 'The file cannot be imported; nothing was stored', {
            title: 'Import Rejected',
            errors: report.errors,
          });
        }
        res.status(200).json(report);
      } catch (err) {
        next(err);
      }
    },
  );
}
