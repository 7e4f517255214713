import { actorOf } from '@rammeaftale/auth';
import { FollowUpVocabularyView, OrderView, SupplierFollowUpsView } from './order-view.schemas';
import { API_SECURITY as SECURITY } from '../portal/session';
import type { Api } from '@rammeaftale/http';
import type { Guards, RouteDeps } from './order.routes';
import { FollowUpBody, FollowUpParams, SupplierReportBody } from './follow-up.schemas';
import {
  addSupplierReport,
  followUpVocabulary,
  readSupplierFollowUps,
  recordFollowUp,
} from './follow-up.use-case';
import {
  OrderIdParams,
  PlacementEndBody,
  PlacementStartBody,
  RequestIdParams,
} from './order.schemas';
import { endPlacement, startPlacement } from './placement.use-case';

const TAGS = ['orders'];

/** The placement's life after the contract: its start and end, recorded by the case worker. */
export function registerPlacementRoutes(api: Api, deps: RouteDeps, guards: Guards): void {
  const { caseworker } = guards;
  api.route({
    method: 'post',
    path: '/api/orders/:id/placement-start',
    security: SECURITY,
    response: OrderView,
    summary: 'Record the day the placement started (the order must be contracted)',
    tags: TAGS,
    before: caseworker,
    params: OrderIdParams,
    body: PlacementStartBody,
    problems: [404, 409],
    handler: ({ params, body, res }) => startPlacement(deps, actorOf(res), params.id, body),
  });
  api.route({
    method: 'post',
    path: '/api/orders/:id/placement-end',
    security: SECURITY,
    response: OrderView,
    summary: 'Record the last day of the placement and why it ended (the order must be active)',
    tags: TAGS,
    before: caseworker,
    params: OrderIdParams,
    body: PlacementEndBody,
    problems: [404, 409],
    handler: ({ params, body, res }) => endPlacement(deps, actorOf(res), params.id, body),
  });
  registerFollowUpRoutes(api, deps, guards);
}

/** Follow-up meetings during the placement (personrettet tilsyn) and the supplier's reports. */
function registerFollowUpRoutes(api: Api, deps: RouteDeps, guards: Guards): void {
  api.route({
    method: 'get',
    path: '/api/follow-up-vocabulary',
    security: SECURITY,
    response: FollowUpVocabularyView,
    summary: 'The statuses of a goal and the quality-model themes of every follow-up (data)',
    tags: TAGS,
    before: guards.signedIn,
    handler: () => followUpVocabulary(deps),
  });
  api.route({
    method: 'post',
    path: '/api/orders/:id/follow-ups',
    security: SECURITY,
    response: OrderView,
    summary: 'Record a follow-up meeting: the status of each goal and theme, notes, next due date',
    tags: TAGS,
    before: guards.caseworker,
    params: OrderIdParams,
    body: FollowUpBody,
    status: 201,
    problems: [404, 409],
    handler: ({ params, body, res }) => recordFollowUp(deps, actorOf(res), params.id, body),
  });
  api.route({
    method: 'get',
    path: '/api/requests/:requestId/follow-ups',
    security: SECURITY,
    response: SupplierFollowUpsView,
    summary: "The follow-ups of the supplier's placement (its request was selected)",
    tags: ['requests'],
    before: guards.supplier,
    params: RequestIdParams,
    problems: [404],
    handler: ({ params, res }) => readSupplierFollowUps(deps, actorOf(res), params.requestId),
  });
  api.route({
    method: 'post',
    path: '/api/requests/:requestId/follow-ups/:followUpId/report',
    security: SECURITY,
    response: SupplierFollowUpsView,
    summary: "The supplier's own report to a follow-up (once)",
    tags: ['requests'],
    before: guards.supplier,
    params: FollowUpParams,
    body: SupplierReportBody,
    status: 201,
    problems: [404, 409],
    handler: ({ params, body, res }) => addSupplierReport(deps, actorOf(res), params, body.report),
  });
}
