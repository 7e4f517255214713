import { actorOf, authenticate, requireRole, type TokenVerifier } from '@rammeaftale/auth';
import { z, type Api } from '@rammeaftale/http';
import {
  CitizenExtractRequest,
  CitizenExtractView,
  type AccessLog,
  type AccessLogRepository,
} from '@rammeaftale/privacy';
import { amendContract, type AmendDeps } from './amend-contract.use-case';
import { decideAmendmentProposal, proposeAmendment } from './amendment-proposal.use-case';
import {
  acceptBySupplier,
  activate,
  sendToSupplier,
  signByBuyer,
} from './contract-lifecycle.use-case';
import { reject, rescind, terminate, withdraw } from './end-contract.use-case';
import {
  ActivateBody,
  AmendmentBody,
  AmendmentProposalBody,
  CancellationBody,
  ContractIdParams,
  ContractPage,
  ContractView,
  DraftRequest,
  EmptyBody,
  ListQuery,
  ProposalDecisionBody,
  ProposalParams,
  RescissionBody,
  TerminationBody,
  VersionBody,
  VersionParams,
} from './contract.schemas';
import { contractSummary, contractView } from './contract.views';
import { draftContract } from './draft-contract.use-case';
import type { Contract } from './contract.types';
import { isoDay } from '../tariffs/tariff-change.rules';
import {
  contractsExtract,
  listContracts,
  readContract,
  readContractDocument,
} from './read-contract.use-case';

type Deps = AmendDeps & {
  verifier: TokenVerifier;
  accessLog: AccessLog;
  accessLogRepo: AccessLogRepository;
};

type Auth = ReturnType<typeof authenticate>;
type View = (c: Contract) => ReturnType<typeof contractView>;

const tags = ['contracts'];

/** Thin routes: validate, take the actor from the token, call one use case, shape the answer. */
export function registerContractRoutes(api: Api, deps: Deps): void {
  const auth = authenticate(deps.verifier);
  const view = (c: Contract) => contractView(c, isoDay(deps.now()));
  registerDraftRoute(api, deps, auth, view);
  registerReadRoutes(api, deps, auth, view);
  registerLifecycleRoutes(api, deps, auth, view);
  registerAmendmentRoutes(api, deps, auth, view);
  registerProposalRoutes(api, deps, auth, view);
  registerEndingRoutes(api, deps, auth, view);
  registerExtractRoute(api, deps, auth);
}

function registerDraftRoute(api: Api, deps: Deps, auth: Auth, view: View): void {
  api.route({
    method: 'post',
    path: '/internal/contracts/drafts',
    summary: 'Draft the standard contract of a selected order (idempotent per order)',
    description:
      'The same path the order.offer-selected event takes. 201 with `created: false` when the order already has its contract.',
    tags: ['internal'],
    security: 'service',
    before: [auth, requireRole('service')],
    body: DraftRequest,
    status: 201,
    response: z.object({ created: z.boolean(), contract: ContractView }),
    problems: [401, 403, 422],
    handler: async ({ body, res }) => {
      const a = actorOf(res);
      const { contract, created } = await draftContract(deps, body, {
        userId: a.userId,
        role: a.role,
        organisationId: a.organisationId,
      });
      return { created, contract: view(contract) };
    },
  });
}

function registerReadRoutes(api: Api, deps: Deps, auth: Auth, view: View): void {
  const readers = requireRole('caseworker', 'supplier', 'service');
  api.route({
    method: 'get',
    path: '/contracts',
    summary: "The caller's contracts (their municipality's, or their own as supplier)",
    description:
      'Newest change first, filtered on the server (status, supplier, municipality acting or paying, offer; `q`: part of the offer or supplier name, or the contract or order id). A page holds `limit` contracts; `count` is how many match on all pages; pass `nextCursor` as `cursor` for the next page (absent on the last one). A cursor this service did not make: 400.',
    tags,
    security: 'bearer',
    before: [auth, readers],
    query: ListQuery,
    response: ContractPage,
    problems: [400, 401, 403],
    handler: async ({ query, res }) => {
      const page = await listContracts(deps, actorOf(res), query);
      return {
        items: page.contracts.map(contractSummary),
        count: page.count,
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    },
  });

  api.route({
    method: 'get',
    path: '/contracts/:id',
    summary: 'One contract with amendments, price history, signatures and audit trail',
    tags,
    security: 'bearer',
    before: [auth, readers],
    params: ContractIdParams,
    response: ContractView,
    problems: [401, 403, 404],
    handler: async ({ params, res }) => view(await readContract(deps, actorOf(res), params.id)),
  });

  api.route({
    method: 'get',
    path: '/contracts/:id/versions/:version/pdf',
    summary: 'The stored PDF of a contract version (application/pdf, with its SHA-256)',
    tags,
    security: 'bearer',
    before: [auth, readers],
    params: VersionParams,
    produces: ['application/pdf'],
    problems: [401, 403, 404],
    handler: async ({ params, res }) => {
      const { contract: c, document: doc } = await readContractDocument(
        deps,
        actorOf(res),
        params.id,
        params.version,
      );
      res
        .status(200)
        .type('application/pdf')
        .set('Content-Disposition', `inline; filename="${c.id}-v${doc.version}.pdf"`)
        .set('X-Content-SHA256', doc.sha256)
        .send(doc.content);
      return undefined;
    },
  });
}

/** A step of the lifecycle: `POST /contracts/{id}/<step>` answering the changed contract. */
const lifecycle = (
  auth: Auth,
  path: string,
  summary: string,
  roles: ('caseworker' | 'supplier' | 'service')[],
) => ({
  method: 'post' as const,
  path: `/contracts/:id/${path}`,
  summary,
  tags,
  security: 'bearer' as const,
  before: [auth, requireRole(...roles)],
  params: ContractIdParams,
  response: ContractView,
  problems: [401, 403, 404, 409],
});

function registerLifecycleRoutes(api: Api, deps: Deps, auth: Auth, view: View): void {
  api.route({
    ...lifecycle(auth, 'send', 'Send the draft to the supplier (a contract letter follows)', [
      'caseworker',
    ]),
    body: EmptyBody,
    handler: async ({ params, res }) => view(await sendToSupplier(deps, actorOf(res), params.id)),
  });
  api.route({
    ...lifecycle(auth, 'accept', 'The supplier accepts the version it read', ['supplier']),
    body: VersionBody,
    handler: async ({ params, body, res }) =>
      view(await acceptBySupplier(deps, actorOf(res), params.id, body.version)),
  });
  api.route({
    ...lifecycle(auth, 'sign', 'The buyer signs the version the supplier accepted', ['caseworker']),
    body: VersionBody,
    handler: async ({ params, body, res }) =>
      view(await signByBuyer(deps, actorOf(res), params.id, body.version)),
  });
  api.route({
    ...lifecycle(auth, 'activate', 'The signed contract becomes active when the placement starts', [
      'caseworker',
    ]),
    body: ActivateBody,
    handler: async ({ params, body, res }) =>
      view(await activate(deps, actorOf(res), params.id, body.startedOn)),
  });
}

function registerAmendmentRoutes(api: Api, deps: Deps, auth: Auth, view: View): void {
  api.route({
    ...lifecycle(
      auth,
      'amendments',
      'Add a numbered amendment (e.g. a price change; above P/L only with the buyer’s approval)',
      ['caseworker', 'service'],
    ),
    body: AmendmentBody,
    status: 201,
    problems: [401, 403, 404, 409, 422],
    handler: async ({ params, body, res }) => {
      const { contract } = await amendContract(deps, actorOf(res), params.id, body);
      return view(contract);
    },
  });
}

function registerProposalRoutes(api: Api, deps: Deps, auth: Auth, view: View): void {
  api.route({
    ...lifecycle(
      auth,
      'amendment-proposals',
      'Propose an amendment by agreement; the other party gets a letter and decides',
      ['caseworker', 'supplier'],
    ),
    description:
      'Either party of an active (or amended) contract proposes changes from a closed list (services, the daily basis and additional tariffs, the agreed end date) with a reason. The contract stays as it is until the other party accepts. One proposal awaits an answer at a time: 409 `proposal-pending`. 422 `invalid-amendment-proposal` names the field (a day before the start or before the price in force, an end before the change applies).',
    body: AmendmentProposalBody,
    status: 201,
    problems: [401, 403, 404, 409, 422],
    handler: async ({ params, body, res }) =>
      view(await proposeAmendment(deps, actorOf(res), params.id, body)),
  });
  api.route({
    ...lifecycle(
      auth,
      'amendment-proposals/:number/decision',
      'The other party accepts (a numbered amendment and a new version) or declines a proposal',
      ['caseworker', 'supplier'],
    ),
    description:
      'Only the party that did not propose decides: 409 `own-proposal` (field `decision`) for the proposer, 409 `proposal-decided` (field `number`) for a proposal already decided. The proposer gets a letter of the decision. A price change is assessed against the price in force with the P/L rate of its day and recorded as approved by the buyer.',
    params: ProposalParams,
    body: ProposalDecisionBody,
    problems: [401, 403, 404, 409, 422, 503],
    handler: async ({ params, body, res }) =>
      view(await decideAmendmentProposal(deps, actorOf(res), params.id, params.number, body)),
  });
}

function registerEndingRoutes(api: Api, deps: Deps, auth: Auth, view: View): void {
  api.route({
    ...lifecycle(
      auth,
      'termination',
      'Terminate with notice (to the end of a month); a letter goes to the other party',
      ['caseworker', 'supplier'],
    ),
    body: TerminationBody,
    handler: async ({ params, body, res }) =>
      view(await terminate(deps, actorOf(res), params.id, body)),
  });
  api.route({
    ...lifecycle(
      auth,
      'rescission',
      'Terminate at once (ophævelse) with a reason; a letter goes to the other party',
      ['caseworker', 'supplier'],
    ),
    description:
      'Ends a running contract on `effectiveOn` (default today). 422 `invalid-rescission-date` when that day is after today (a later end is notice) or before the contract started.',
    body: RescissionBody,
    problems: [401, 403, 404, 409, 422],
    handler: async ({ params, body, res }) =>
      view(await rescind(deps, actorOf(res), params.id, body)),
  });
  api.route({
    ...lifecycle(
      auth,
      'withdrawal',
      'The buyer withdraws a contract not yet signed; the supplier is told if it was sent it',
      ['caseworker'],
    ),
    body: CancellationBody,
    handler: async ({ params, body, res }) =>
      view(await withdraw(deps, actorOf(res), params.id, body)),
  });
  api.route({
    ...lifecycle(
      auth,
      'rejection',
      'The supplier rejects the draft it was sent, with a reason; the buyer gets a letter',
      ['supplier'],
    ),
    body: CancellationBody,
    handler: async ({ params, body, res }) =>
      view(await reject(deps, actorOf(res), params.id, body)),
  });
}

function registerExtractRoute(api: Api, deps: Deps, auth: Auth): void {
  api.route({
    method: 'post',
    path: '/access-log/extract',
    summary:
      "Who read or changed a citizen's contracts, when and why (the reference is sent in the body, never in the URL)",
    description:
      "The contracts' part of a citizen's extract; the order portal's `POST /api/access-log/extract` gives the orders' part.",
    tags: ['privacy'],
    security: 'bearer',
    before: [auth, requireRole('caseworker', 'secretariat')],
    body: CitizenExtractRequest,
    response: CitizenExtractView,
    problems: [401, 403],
    handler: ({ body, res }) => contractsExtract(deps, actorOf(res), body),
  });
}
