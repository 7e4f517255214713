import type { RequestHandler } from 'express';
import { ContractBasis } from '@rammeaftale/service-api';
import { API_SECURITY as SECURITY } from '../portal/session';
import { OrderReportView, SearchResultView } from './order-report.schemas';
import {
  InterestView,
  OrderListView,
  OrderPageView,
  OrderView,
  SentRequestsView,
  SharedOfferCandidatesView,
  SharedOfferCheckView,
  SinglePersonOfferView,
  SupplierRequestPageView,
  SupplierRequestView,
} from './order-view.schemas';
import { actorOf, authenticate, requireRole, type TokenVerifier } from '@rammeaftale/auth';
import { rateLimit, reusableAnswer, z, type Api } from '@rammeaftale/http';
import { CitizenExtractRequest, CitizenExtractView } from '@rammeaftale/privacy';
import { extractForCitizen } from './citizen-extract.use-case';
import { createOrder } from './create-order.use-case';
import { findOrdersByCpr } from './cpr-lookup.use-case';
import { contractBasis } from './contract-basis.use-case';
import type { OrderDeps } from './order-deps';
import { orderReport, orderReportCsv } from './order-reports.use-case';
import {
  AnswerBody,
  CprLookupBody,
  CreateOrderBody,
  InterestBody,
  ListOrdersQuery,
  ListRequestsQuery,
  OrderIdParams,
  ReasonBody,
  RequestIdParams,
  SelectBody,
  SharedCheckBody,
  ShortlistBody,
  TransitionBody,
} from './order.schemas';
import { caseworkerView } from './order.views';
import { registerPlacementRoutes } from './placement.routes';
import { listOrders, readOrder } from './read-orders.use-case';
import {
  answerRequest,
  getSupplierRequest,
  listSupplierRequests,
  sendRequests,
} from './requests.use-case';
import { searchForOrder } from './search-placements.use-case';
import { SearchFilterQuery } from './search-filter';
import { SearchPageQuery } from './search-page';
import { moveOrder, selectOffer } from './select-offer.use-case';
import {
  decideSinglePersonOffer,
  markJointOfferInterest,
  recordSharedOfferCheck,
  showSharedOfferCandidates,
} from './shared-offer.use-case';

const TAGS = ['orders'];
const PAGED =
  'Answers `{ items, count, nextCursor }`: `count` is how many match in all; pass `nextCursor` as `cursor` for the next page (absent on the last).';

export type RouteDeps = OrderDeps & {
  verifier: TokenVerifier;
  /** Bearer token or the portal's session cookie (src/portal/session-auth.ts); default: bearer only. */
  authenticate?: RequestHandler;
};

/** Who may call what: signed in (token or session cookie) and rate-limited per user, by role. */
export interface Guards {
  signedIn: RequestHandler[];
  caseworker: RequestHandler[];
  supplier: RequestHandler[];
}

/** Thin routes: parse (zod, via api.route), take the actor from the verified token, call one use case. */
export function registerOrderRoutes(api: Api, deps: RouteDeps): void {
  const signedIn = [
    deps.authenticate ?? authenticate(deps.verifier),
    rateLimit({
      key: 'user',
      max: deps.settings.userRateLimitPerMinute,
      windowMs: 60_000,
      store: deps.rateLimits,
    }),
  ];
  const guards: Guards = {
    signedIn,
    caseworker: [...signedIn, requireRole('caseworker')],
    supplier: [...signedIn, requireRole('supplier')],
  };
  registerOrderReads(api, deps, guards);
  registerCprLookup(api, deps, guards);
  registerSharedOfferRoutes(api, deps, guards);
  registerOrderSteps(api, deps, guards);
  registerSupplierRoutes(api, deps, guards);
  registerPlacementRoutes(api, deps, guards);
  registerServiceRoutes(api, deps);
  registerExtractAndReports(api, deps, guards);
}

function registerCprLookup(api: Api, deps: RouteDeps, { caseworker }: Guards): void {
  api.route({
    method: 'post',
    path: '/api/orders/cpr-lookup',
    security: SECURITY,
    response: OrderListView,
    summary: "The municipality's own orders of the citizen with this CPR number",
    description:
      'The number is sent in the body (never in a URL), matched by its keyed look-up token and neither stored nor logged; orders of other municipalities are not found. In the access log as a search.',
    tags: TAGS,
    before: caseworker,
    body: CprLookupBody,
    problems: [400, 401, 403],
    handler: async ({ body, res }) => {
      const found = await findOrdersByCpr(deps, actorOf(res), body.cpr);
      return { items: found.items.map(caseworkerView) };
    },
  });
}

function registerOrderReads(api: Api, deps: RouteDeps, { caseworker }: Guards): void {
  api.route({
    method: 'post',
    path: '/api/orders',
    security: SECURITY,
    response: OrderView,
    summary: 'Create an order (draft) for a citizen',
    tags: TAGS,
    before: caseworker,
    body: CreateOrderBody,
    status: 201,
    problems: [401, 403],
    handler: async ({ body, res }) => caseworkerView(await createOrder(deps, actorOf(res), body)),
  });
  api.route({
    method: 'get',
    path: '/api/orders',
    security: SECURITY,
    response: OrderPageView,
    summary: "The municipality's orders (acting or paying)",
    tags: TAGS,
    before: caseworker,
    query: ListOrdersQuery,
    description: PAGED,
    handler: async ({ query, res }) => {
      const page = await listOrders(deps, actorOf(res), query);
      return { ...page, items: page.items.map(caseworkerView) };
    },
  });
  api.route({
    method: 'get',
    path: '/api/orders/:id',
    security: SECURITY,
    response: OrderView,
    summary: 'One order with its transitions, requests and answers',
    tags: TAGS,
    before: caseworker,
    params: OrderIdParams,
    problems: [404],
    handler: async ({ params, res }) =>
      caseworkerView(await readOrder(deps, actorOf(res), params.id)),
  });
  api.route({
    method: 'post',
    path: '/api/orders/:id/search',
    security: SECURITY,
    response: SearchResultView,
    summary:
      'Search placements: suitable offers, public before private, with the reasons for each rank',
    tags: TAGS,
    before: caseworker,
    params: OrderIdParams,
    // The page's and the filter's query, one schema each (search-page.ts, search-filter.ts).
    query: SearchPageQuery.extend(SearchFilterQuery.shape),
    problems: [404, 409],
    handler: async ({ params, query, res }) => {
      const { page, pageSize, excluded, ...filter } = query;
      const answer = await searchForOrder(
        deps,
        actorOf(res),
        params.id,
        { page, pageSize, excluded },
        filter,
      );
      // The same page of the same ranking is one object (search-placements.use-case.ts): its JSON
      // is made once.
      return reusableAnswer(answer);
    },
  });
}

function registerSharedOfferRoutes(api: Api, deps: RouteDeps, { caseworker }: Guards): void {
  api.route({
    method: 'get',
    path: '/api/orders/:id/shared-offer-check',
    security: SECURITY,
    response: SharedOfferCandidatesView,
    summary: "Other municipalities' open orders for the same target group (joint offers)",
    tags: TAGS,
    before: caseworker,
    params: OrderIdParams,
    problems: [404],
    handler: ({ params, res }) => showSharedOfferCandidates(deps, actorOf(res), params.id),
  });
  api.route({
    method: 'post',
    path: '/api/orders/:id/shared-offer-check',
    security: SECURITY,
    response: SharedOfferCheckView,
    summary: 'Record that the shared-offer check was made, and its outcome',
    tags: TAGS,
    before: caseworker,
    params: OrderIdParams,
    body: SharedCheckBody,
    status: 201,
    problems: [404, 409],
    handler: ({ params, body, res }) => recordSharedOfferCheck(deps, actorOf(res), params.id, body),
  });
  api.route({
    method: 'post',
    path: '/api/orders/:id/joint-offer-interest',
    security: SECURITY,
    response: InterestView,
    summary: "Mark interest in a joint offer with another municipality's order",
    tags: TAGS,
    before: caseworker,
    params: OrderIdParams,
    body: InterestBody,
    status: 201,
    problems: [404, 409],
    handler: ({ params, body, res }) =>
      markJointOfferInterest(deps, actorOf(res), params.id, body.note),
  });
  api.route({
    method: 'post',
    path: '/api/orders/:id/single-person-offer',
    security: SECURITY,
    response: SinglePersonOfferView,
    summary: 'Decide on a single-person offer (only after the shared-offer check)',
    tags: TAGS,
    before: caseworker,
    params: OrderIdParams,
    status: 201,
    problems: [404, 409, 422],
    handler: ({ params, res }) => decideSinglePersonOffer(deps, actorOf(res), params.id),
  });
}

function registerOrderSteps(api: Api, deps: RouteDeps, { caseworker }: Guards): void {
  api.route({
    method: 'post',
    path: '/api/orders/:id/requests',
    security: SECURITY,
    response: SentRequestsView,
    summary: 'Send requests to a shortlist or to all eligible offers, with a deadline',
    tags: TAGS,
    before: caseworker,
    params: OrderIdParams,
    body: ShortlistBody,
    status: 201,
    problems: [404, 409],
    handler: ({ params, body, res }) => sendRequests(deps, actorOf(res), params.id, body),
  });
  api.route({
    method: 'post',
    path: '/api/orders/:id/selection',
    security: SECURITY,
    response: OrderView,
    summary: 'Select an answer; a private offer over a free public place needs a reason',
    tags: TAGS,
    before: caseworker,
    params: OrderIdParams,
    body: SelectBody,
    problems: [404, 409, 422],
    handler: ({ params, body, res }) => selectOffer(deps, actorOf(res), params.id, body),
  });
  api.route({
    method: 'post',
    path: '/api/orders/:id/cancellation',
    security: SECURITY,
    response: OrderView,
    summary: 'Cancel an order',
    tags: TAGS,
    before: caseworker,
    params: OrderIdParams,
    body: ReasonBody,
    problems: [404, 409],
    handler: ({ params, body, res }) =>
      moveOrder(deps, actorOf(res), params.id, 'cancel', body.reason),
  });
  api.route({
    method: 'post',
    path: '/api/orders/:id/transitions',
    security: SECURITY,
    response: OrderView,
    summary: 'Record that the contract was signed (until the contracts service reports it)',
    tags: TAGS,
    before: caseworker,
    params: OrderIdParams,
    body: TransitionBody,
    problems: [404, 409],
    handler: ({ params, body, res }) =>
      moveOrder(deps, actorOf(res), params.id, body.event, body.reason),
  });
}

function registerSupplierRoutes(api: Api, deps: RouteDeps, { supplier }: Guards): void {
  api.route({
    method: 'get',
    path: '/api/requests',
    security: SECURITY,
    response: SupplierRequestPageView,
    summary: "The supplier's requests, as anonymised profiles, newest first, a page at a time",
    tags: ['requests'],
    before: supplier,
    query: ListRequestsQuery,
    description: PAGED,
    handler: ({ query, res }) => listSupplierRequests(deps, actorOf(res), query),
  });
  api.route({
    method: 'get',
    path: '/api/requests/:requestId',
    security: SECURITY,
    response: SupplierRequestView,
    summary: 'One request (anonymised profile: no name, no CPR number)',
    tags: ['requests'],
    before: supplier,
    params: RequestIdParams,
    problems: [404],
    handler: ({ params, res }) => getSupplierRequest(deps, actorOf(res), params.requestId),
  });
  api.route({
    method: 'post',
    path: '/api/requests/:requestId/answer',
    security: SECURITY,
    response: SupplierRequestView,
    summary: 'Answer a request with an offer (daily price, start, conditions) or a decline',
    tags: ['requests'],
    before: supplier,
    params: RequestIdParams,
    body: AnswerBody,
    problems: [404, 409],
    handler: ({ params, body, res }) => answerRequest(deps, actorOf(res), params.requestId, body),
  });
}

function registerServiceRoutes(api: Api, deps: RouteDeps): void {
  api.route({
    method: 'get',
    path: '/internal/orders/:id/contract-basis',
    security: 'service',
    response: ContractBasis,
    summary:
      'What the contracts service needs to draft the contract of a selected order (service token)',
    tags: ['internal'],
    before: [authenticate(deps.verifier), requireRole('service')],
    params: OrderIdParams,
    problems: [404, 409],
    handler: ({ params }) => contractBasis(deps, params.id),
  });
}

function registerExtractAndReports(api: Api, deps: RouteDeps, { signedIn }: Guards): void {
  api.route({
    method: 'post',
    path: '/api/access-log/extract',
    security: SECURITY,
    response: CitizenExtractView,
    summary:
      "Who read or changed a citizen's data, when and why (the reference is sent in the body, never in the URL)",
    tags: ['privacy'],
    before: [...signedIn, requireRole('caseworker', 'secretariat')],
    body: CitizenExtractRequest,
    handler: ({ body, res }) => extractForCitizen(deps, actorOf(res), body),
  });
  api.route({
    method: 'get',
    path: '/api/reports/orders',
    security: SECURITY,
    response: OrderReportView,
    summary:
      'Orders per municipality, time to placement, public/private share, private choices with reasons',
    tags: ['reports'],
    before: [...signedIn, requireRole('secretariat', 'caseworker')],
    query: z.strictObject({ format: z.enum(['json', 'csv']).optional() }),
    produces: ['text/csv'],
    handler: async ({ query, res }) => {
      const report = await orderReport(deps, actorOf(res));
      if (query.format !== 'csv') return report;
      res
        .type('text/csv; charset=utf-8')
        .setHeader('Content-Disposition', 'attachment; filename="bestillinger.csv"');
      res.send(orderReportCsv(report));
      return undefined;
    },
  });
}
