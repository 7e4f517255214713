import type { ServiceTokenSource } from '@rammeaftale/auth';
import { UnavailableError } from '@rammeaftale/domain';
import { correlationHeaders } from '@rammeaftale/logging';
import { ContractBasis } from '@rammeaftale/service-api';

/** The order portal answered that this basis will never come (unknown order, not selected). */
export class BasisUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BasisUnavailableError';
  }
}

/**
 * Reads the contract basis of a selected order from the order portal with this service's own
 * token. An unreachable portal or a 5xx is `UnavailableError` (the job is retried); answers that
 * cannot change by waiting throw `BasisUnavailableError`.
 */
export function contractBasisClient(opts: {
  baseUrl: string;
  tokens: ServiceTokenSource;
  timeoutMs?: number;
}) {
  return {
    async fetch(orderId: string): Promise<ContractBasis> {
      const url = `${opts.baseUrl.replace(/\/+$/, '')}/internal/orders/${encodeURIComponent(orderId)}/contract-basis`;
      const authorization = `Bearer ${await opts.tokens()}`;
      const res = await fetch(url, {
        headers: { ...correlationHeaders(), authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
      }).catch((err: unknown) => {
        throw new UnavailableError(`order portal unreachable: ${(err as Error).message}`);
      });
      if (res.status === 404 || res.status === 409 || res.status === 410 || res.status === 422)
        throw new BasisUnavailableError(
          `order portal answered ${res.status} for the contract basis`,
        );
      if (!res.ok) throw new UnavailableError(`order portal answered ${res.status}`);
      const parsed = ContractBasis.safeParse(await res.json());
      if (!parsed.success)
        throw new BasisUnavailableError(
          `contract basis is malformed: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
        );
      return parsed.data;
    },
  };
}

export type ContractBasisClient = ReturnType<typeof contractBasisClient>;
