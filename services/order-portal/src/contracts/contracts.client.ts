import { z } from 'zod';
import { ProblemError } from '@rammeaftale/http';
import {
  ContractSummary,
  ContractView,
  TariffChangeSummaryView,
  TariffChangeView,
} from '@rammeaftale/service-api';

/**
 * The contracts service as the portal's pages use it. Every call carries the signed-in person's
 * own access token: the portal is their front end, and the contracts service decides from that
 * token what they may see and do (its tenant rules stay in one place; ADR 0009). A refusal comes
 * back as a ProblemError with the callee's status and field errors; an unreachable service as 503.
 */
export type ContractsClient = ReturnType<typeof contractsClient>;

const Problem = z.object({
  detail: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

export function contractsClient(opts: { baseUrl: string; timeoutMs?: number }) {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const call = async (token: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
    } catch {
      throw new ProblemError(503, 'The contracts service cannot be reached');
    }
    if (res.ok) return res;
    if (res.status >= 500 || res.status === 401)
      throw new ProblemError(503, `The contracts service answered ${res.status}`);
    const problem = Problem.safeParse(await res.json().catch(() => ({})));
    const p = problem.success ? problem.data : {};
    throw new ProblemError(res.status, p.detail ?? `The contracts service answered ${res.status}`, {
      errors: p.errors,
    });
  };
  const json = async <S extends z.ZodType>(schema: S, res: Response): Promise<z.infer<S>> =>
    schema.parse(await res.json());
  const post = (token: string, path: string, body: unknown) => call(token, 'POST', path, body);
  const id = encodeURIComponent;

  return {
    contracts: async (token: string) =>
      json(z.array(ContractSummary), await call(token, 'GET', '/contracts?limit=200')),
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
    activate: async (token: string, contractId: string, startedOn?: string) =>
      json(
        ContractView,
        await post(token, `/contracts/${id(contractId)}/activate`, startedOn ? { startedOn } : {}),
      ),

    /** A supplier announces a new daily basis tariff for one of its offers. */
    announce: async (
      token: string,
      body: { offerId: string; effectiveFrom: string; dailyBasisTariffOre: number; reason: string },
    ) =>
      json(
        z.object({ created: z.boolean(), change: TariffChangeView }),
        await post(token, '/tariff-changes', body),
      ),
    tariffChanges: async (token: string) =>
      json(z.array(TariffChangeSummaryView), await call(token, 'GET', '/tariff-changes?limit=200')),
    tariffChange: async (token: string, changeId: string) =>
      json(TariffChangeView, await call(token, 'GET', `/tariff-changes/${id(changeId)}`)),
    decide: async (
      token: string,
      changeId: string,
      body: { decision: 'approve' | 'reject'; comment?: string; reference?: string },
    ) =>
      json(
        z.object({ decided: z.array(z.string()), change: TariffChangeView }),
        await post(token, `/tariff-changes/${id(changeId)}/decision`, body),
      ),
    justify: async (
      token: string,
      changeId: string,
      body: { note?: string; documentReference?: string },
    ) =>
      json(
        TariffChangeView,
        await post(token, `/tariff-changes/${id(changeId)}/justifications`, body),
      ),
  };
}
