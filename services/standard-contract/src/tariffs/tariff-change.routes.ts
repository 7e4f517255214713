import { actorOf, authenticate, requireRole, type TokenVerifier } from '@rammeaftale/auth';
import { z, type Api } from '@rammeaftale/http';
import { announceTariffChange } from './announce-tariff-change.use-case';
import { addJustification, decideTariffChange } from './decide-tariff-change.use-case';
import type { TariffDeps } from './progress-tariff-change.use-case';
import { listTariffChanges, readTariffChange } from './read-tariff-change.use-case';
import { tariffScopeFor, visiblePart } from './tariff-change.access';
import { isoDay } from './tariff-change.rules';
import {
  AnnouncementBody,
  BuyerDecisionBody,
  JustificationBody,
  TariffChangeIdParams,
  TariffChangeListQuery,
  TariffChangeSummaryView,
  TariffChangeView,
} from './tariff-change.schemas';
import { tariffChangeSummary, tariffChangeView } from './tariff-change.views';

type Deps = TariffDeps & { verifier: TokenVerifier };
type Auth = ReturnType<typeof authenticate>;

const tags = ['tariff changes'];

/** Thin routes: validate, take the actor from the token, call one use case, shape the answer. */
export function registerTariffChangeRoutes(api: Api, deps: Deps): void {
  const auth = authenticate(deps.verifier);
  registerAnnouncementRoute(api, deps, auth);
  registerReadRoutes(api, deps, auth);
  registerDecisionRoutes(api, deps, auth);
}

function registerAnnouncementRoute(api: Api, deps: Deps, auth: Auth): void {
  const today = () => isoDay(deps.now());
  api.route({
    method: 'post',
    path: '/tariff-changes',
    summary: 'Announce a new tariff for one of your offers from a date (supplier)',
    description:
      'Every running contract on the offer is decided on against its price in force, with the policy values in force on the date: within P/L it applies at once, above P/L the buyer approves or rejects by a deadline, above the report threshold (5 % private, 8 % public) the supervising authority gets one report. The deadline of the buyer is the day before the change takes effect at the latest (TARIFF_APPROVAL_DAYS otherwise); the justification is due by that deadline at the latest. The same announcement twice answers with the first (`created: false`). 404: no running contract of yours on the offer. 422 `later-price-in-force`: a running contract already has a price from a later day (the change would rewrite it; nothing is stored). 503: no policy values can be read for the date (nothing is stored).',
    tags,
    security: 'bearer',
    before: [auth, requireRole('supplier')],
    body: AnnouncementBody,
    status: 201,
    response: z.object({ created: z.boolean(), change: TariffChangeView }),
    problems: [401, 403, 404, 409, 422],
    handler: async ({ body, res }) => {
      const actor = actorOf(res);
      const scope = tariffScopeFor(actor, deps.authorities)!;
      const { change, created } = await announceTariffChange(deps, actor, body);
      return { created, change: tariffChangeView(visiblePart(change, scope), scope, today()) };
    },
  });
}

function registerReadRoutes(api: Api, deps: Deps, auth: Auth): void {
  const readers = requireRole('supplier', 'caseworker', 'secretariat', 'authority', 'service');
  const today = () => isoDay(deps.now());
  api.route({
    method: 'get',
    path: '/tariff-changes',
    summary: 'Tariff changes you are party to (awaiting approval, overdue, per offer)',
    tags,
    security: 'bearer',
    before: [auth, readers],
    query: TariffChangeListQuery,
    response: z.array(TariffChangeSummaryView),
    handler: async ({ query, res }) =>
      (await listTariffChanges(deps, actorOf(res), query, today())).map((c) =>
        tariffChangeSummary(c, today()),
      ),
  });

  api.route({
    method: 'get',
    path: '/tariff-changes/:id',
    summary:
      'One tariff change: decisions with the policy values used, letters, reports and their delivery',
    tags,
    security: 'bearer',
    before: [auth, readers],
    params: TariffChangeIdParams,
    response: TariffChangeView,
    problems: [401, 403, 404],
    handler: async ({ params, res }) => {
      const { change, scope } = await readTariffChange(deps, actorOf(res), params.id);
      return tariffChangeView(change, scope, today());
    },
  });
}

function registerDecisionRoutes(api: Api, deps: Deps, auth: Auth): void {
  const today = () => isoDay(deps.now());
  api.route({
    method: 'post',
    path: '/tariff-changes/:id/decision',
    summary: "Approve or reject an increase above P/L for your municipality's contracts (buyer)",
    description:
      'Case workers of the acting municipality only. Approved contracts get the new price as a numbered amendment with the approval recorded; rejected ones keep their price. 409 when nothing awaits your decision.',
    tags,
    security: 'bearer',
    before: [auth, requireRole('caseworker')],
    params: TariffChangeIdParams,
    body: BuyerDecisionBody,
    response: z.object({ decided: z.array(z.string()), change: TariffChangeView }),
    problems: [401, 403, 404, 409],
    handler: async ({ params, body, res }) => {
      const actor = actorOf(res);
      const scope = tariffScopeFor(actor, deps.authorities)!;
      const { change, decided } = await decideTariffChange(deps, actor, params.id, body);
      return { decided, change: tariffChangeView(visiblePart(change, scope), scope, today()) };
    },
  });

  api.route({
    method: 'post',
    path: '/tariff-changes/:id/justifications',
    summary: 'Send the justification of an increase (supplier)',
    tags,
    security: 'bearer',
    before: [auth, requireRole('supplier')],
    params: TariffChangeIdParams,
    body: JustificationBody,
    status: 201,
    response: TariffChangeView,
    problems: [401, 403, 404, 409],
    handler: async ({ params, body, res }) => {
      const actor = actorOf(res);
      const scope = tariffScopeFor(actor, deps.authorities)!;
      const change = await addJustification(deps, actor, params.id, body);
      return tariffChangeView(visiblePart(change, scope), scope, today());
    },
  });
}
