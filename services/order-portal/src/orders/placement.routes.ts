import { actorOf } from '@rammeaftale/auth';
import type { Api } from '@rammeaftale/http';
import type { Guards, RouteDeps } from './order.routes';
import { OrderIdParams, PlacementEndBody, PlacementStartBody } from './order.schemas';
import { endPlacement, startPlacement } from './placement.use-case';

const TAGS = ['orders'];

/** The placement's life after the contract: its start and end, recorded by the case worker. */
export function registerPlacementRoutes(api: Api, deps: RouteDeps, { caseworker }: Guards): void {
  api.route({
    method: 'post',
    path: '/api/orders/:id/placement-start',
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
    summary: 'Record the last day of the placement and why it ended (the order must be active)',
    tags: TAGS,
    before: caseworker,
    params: OrderIdParams,
    body: PlacementEndBody,
    problems: [404, 409],
    handler: ({ params, body, res }) => endPlacement(deps, actorOf(res), params.id, body),
  });
}
