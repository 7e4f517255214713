import { z } from 'zod';
import { json, personCaller, type Call } from '../service-call';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RejectedError,
  UnavailableError,
  type FieldIssue,
} from '@rammeaftale/domain';
import { oversightCalls } from './oversight.client';
import { purchaseVolumeCalls } from '../market/purchase-volume.client';
import {
  ContractPage,
  ContractView,
  TariffChangeSummaryView,
  TariffChangeView,
  type AmendmentProposalBody,
  type BuyerDecisionBody,
  type CancellationBody,
  type ProposalDecisionBody,
  type RescissionBody,
  type TerminationBody,
  type JustificationBody,
  type TariffAnnouncementBody,
} from '@rammeaftale/service-api';

/**
 * The contracts service as the portal's pages use it. Every call carries the signed-in person's
 * own access token: the portal is their front end, and the contracts service decides from that
 * token what they may see and do (its tenant rules stay in one place; ADR 0009). Its answers come
 * back as the domain's refusals (packages/domain), so the pages need no HTTP: 404 not found, 403
 * forbidden, 409 conflict, 400 invalid fields, 422 rejected; unreachable, 5xx or a token it does
 * not take (401) is "unavailable".
 */
export type ContractsClient = ReturnType<typeof contractsClient>;

const Problem = z.object({
  type: z.string().optional(),
  detail: z.string().optional(),
  errors: z
    .array(z.object({ field: z.string(), message: z.string(), code: z.string().optional() }))
    .optional(),
});

const PROBLEM_TYPES = 'https://rammeaftale-sjaelland.dk/problems/';

/** The code of the problem type (`…/problems/tariff-change-pending` → `tariff-change-pending`). */
const codeOf = (type: string | undefined) =>
  type?.startsWith(PROBLEM_TYPES) ? type.slice(PROBLEM_TYPES.length) : undefined;

/** The callee's field problems ("body.offerId") as issues of the input ("offerId"). */
const issuesOf = (errors: { field: string; message: string; code?: string }[] = []): FieldIssue[] =>
  errors.map((e) => ({
    field: e.field.replace(/^(body|query|params)\./, ''),
    message: e.message,
    ...(e.code ? { code: e.code } : {}),
  }));

/** The contracts service's refusal as the domain's, by its status. */
async function refusalOf(res: Response): Promise<Error> {
  if (res.status >= 500 || res.status === 401 || res.status === 429)
    return unavailable(`The contracts service answered ${res.status}`);
  const parsed = Problem.safeParse(await res.json().catch(() => ({})));
  const p = parsed.success ? parsed.data : {};
  const detail = p.detail ?? `The contracts service answered ${res.status}`;
  const code = codeOf(p.type);
  const issues = issuesOf(p.errors);
  switch (res.status) {
    case 400:
      return new InvalidInputError(issues);
    case 403:
      return new ForbiddenError(detail, { code });
    case 404:
      return new NotFoundError('Contracts resource', { code });
    case 409:
      return new ConflictError(detail, { code, issues });
    default:
      return new RejectedError(detail, { code: code ?? `status-${res.status}`, issues });
  }
}

const unavailable = (detail: string) =>
  new UnavailableError(detail, 5, { code: 'contracts-unavailable' });

/** One HTTP call with the person's token; a refusal or an outage is thrown as the domain's. */
const caller = (opts: { baseUrl: string; timeoutMs?: number }): Call =>
  personCaller({
    ...opts,
    unreachable: () => unavailable('The contracts service cannot be reached'),
    refusalOf,
  });
const id = encodeURIComponent;

/** Contracts: the list, one contract, a version's PDF and the steps of its life. */
function contractCalls(call: Call) {
  const post = (token: string, path: string, body: unknown) => call(token, 'POST', path, body);
  return {
    contracts: async (token: string) =>
      (await json(ContractPage, await call(token, 'GET', '/contracts?limit=200'))).items,
    contract: async (token: string, contractId: string) =>
      json(ContractView, await call(token, 'GET', `/contracts/${id(contractId)}`)),
    /** The stored PDF of one version, with the hash the contracts service recorded. */
    pdf: async (token: string, contractId: string, version: number) => {
      const res = await call(token, 'GET', `/contracts/${id(contractId)}/versions/${version}/pdf`);
      return {
        bytes: Buffer.from(await res.arrayBuffer()),
        sha256: res.headers.get('x-content-sha256') ?? undefined,
      };
    },
    send: async (token: string, contractId: string) =>
      json(ContractView, await post(token, `/contracts/${id(contractId)}/send`, {})),
    accept: async (token: string, contractId: string, version: number) =>
      json(ContractView, await post(token, `/contracts/${id(contractId)}/accept`, { version })),
    sign: async (token: string, contractId: string, version: number) =>
      json(ContractView, await post(token, `/contracts/${id(contractId)}/sign`, { version })),
    /** The buyer withdraws a contract not yet signed; the supplier rejects a draft it was sent. */
    withdraw: async (token: string, contractId: string, body: z.infer<typeof CancellationBody>) =>
      json(ContractView, await post(token, `/contracts/${id(contractId)}/withdrawal`, body)),
    reject: async (token: string, contractId: string, body: z.infer<typeof CancellationBody>) =>
      json(ContractView, await post(token, `/contracts/${id(contractId)}/rejection`, body)),
    /** Termination with notice (opsigelse), and at once (ophævelse); either party. */
    terminate: async (token: string, contractId: string, body: z.infer<typeof TerminationBody>) =>
      json(ContractView, await post(token, `/contracts/${id(contractId)}/termination`, body)),
    rescind: async (token: string, contractId: string, body: z.infer<typeof RescissionBody>) =>
      json(ContractView, await post(token, `/contracts/${id(contractId)}/rescission`, body)),
    /** One party proposes an amendment; the other party accepts or declines it. */
    proposeAmendment: async (
      token: string,
      contractId: string,
      body: z.infer<typeof AmendmentProposalBody>,
    ) =>
      json(
        ContractView,
        await post(token, `/contracts/${id(contractId)}/amendment-proposals`, body),
      ),
    decideAmendmentProposal: async (
      token: string,
      contractId: string,
      proposal: number,
      body: z.infer<typeof ProposalDecisionBody>,
    ) =>
      json(
        ContractView,
        await post(
          token,
          `/contracts/${id(contractId)}/amendment-proposals/${proposal}/decision`,
          body,
        ),
      ),
    activate: async (token: string, contractId: string, startedOn?: string) =>
      json(
        ContractView,
        await post(token, `/contracts/${id(contractId)}/activate`, startedOn ? { startedOn } : {}),
      ),
  };
}

/** Tariff changes: a supplier's announcement, the list, one change, decision, justification. */
function tariffChangeCalls(call: Call) {
  const post = (token: string, path: string, body: unknown) => call(token, 'POST', path, body);
  return {
    announce: async (token: string, body: z.infer<typeof TariffAnnouncementBody>) =>
      json(
        z.object({ created: z.boolean(), change: TariffChangeView }),
        await post(token, '/tariff-changes', body),
      ),
    tariffChanges: async (token: string) =>
      json(z.array(TariffChangeSummaryView), await call(token, 'GET', '/tariff-changes?limit=200')),
    tariffChange: async (token: string, changeId: string) =>
      json(TariffChangeView, await call(token, 'GET', `/tariff-changes/${id(changeId)}`)),
    decide: async (token: string, changeId: string, body: z.infer<typeof BuyerDecisionBody>) =>
      json(
        z.object({ decided: z.array(z.string()), change: TariffChangeView }),
        await post(token, `/tariff-changes/${id(changeId)}/decision`, body),
      ),
    justify: async (token: string, changeId: string, body: z.infer<typeof JustificationBody>) =>
      json(
        TariffChangeView,
        await post(token, `/tariff-changes/${id(changeId)}/justifications`, body),
      ),
  };
}

export function contractsClient(opts: { baseUrl: string; timeoutMs?: number }) {
  const call = caller(opts);
  return {
    ...contractCalls(call),
    ...tariffChangeCalls(call),
    ...oversightCalls(call),
    ...purchaseVolumeCalls(call),
  };
}
