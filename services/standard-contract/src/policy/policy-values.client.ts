import type { ServiceTokenSource } from '@rammeaftale/auth';
import { UnavailableError, validatePolicyValues, type PolicyValues } from '@rammeaftale/domain';
import { correlationHeaders } from '@rammeaftale/logging';
import { z } from 'zod';

/**
 * The policy values (P/L rate, report thresholds) in force on a date, as the order portal's
 * registry records them. Every price decision reads them here and stores the copy it used.
 */
export interface PolicyInForce extends PolicyValues {
  plRateText: string;
  privateReportThresholdText: string;
  publicReportThresholdText: string;
  /** When the secretariat recorded these values: part of the record of which values were used. */
  createdAt: string;
  createdByOrganisationId: string;
}

const PolicyAnswer = z.object({
  year: z.number().int(),
  effectiveFrom: z.string(),
  plRateBp: z.number().int(),
  privateReportThresholdBp: z.number().int(),
  publicReportThresholdBp: z.number().int(),
  plRateText: z.string(),
  privateReportThresholdText: z.string(),
  publicReportThresholdText: z.string(),
  createdAt: z.string(),
  createdByOrganisationId: z.string(),
});

/**
 * No policy values can be had for the date: none recorded (`none`) or the registry did not answer
 * (`unreachable`). There is deliberately no built-in fallback: a decision made on guessed values
 * would be recorded as if they were the agreed ones, so the decision waits instead.
 */
export class PolicyUnavailableError extends UnavailableError {
  constructor(
    readonly reason: 'none' | 'unreachable',
    date: string,
    /** For the log only: what went wrong with the registry. */
    readonly detail: string,
  ) {
    super(
      reason === 'none'
        ? `No policy values (P/L, report thresholds) are in force on ${date}; the decision waits until the secretariat records them`
        : `The policy values in force on ${date} cannot be read right now; try again shortly`,
      reason === 'none' ? 300 : 10,
    );
  }
}

export interface PolicySource {
  inForceOn: (isoDate: string) => Promise<PolicyInForce>;
}

/**
 * Reads `GET {ORDER_PORTAL_URL}/api/policy-values/in-force?date=` with this service's own token.
 * Answers are reused for `cacheMs` (the registry never changes a recorded set; a correction is a
 * new set, which the cache picks up within `cacheMs`). Failures are not cached.
 */
export function policyValuesClient(opts: {
  baseUrl: string;
  tokens: ServiceTokenSource;
  cacheMs: number;
  timeoutMs?: number;
  now?: () => number;
}): PolicySource {
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { at: number; value: PolicyInForce }>();
  const base = opts.baseUrl.replace(/\/+$/, '');
  return {
    async inForceOn(isoDate) {
      const hit = cache.get(isoDate);
      if (hit && now() - hit.at < opts.cacheMs) return hit.value;
      let res: Response;
      try {
        res = await fetch(
          `${base}/api/policy-values/in-force?date=${encodeURIComponent(isoDate)}`,
          {
            headers: {
              ...correlationHeaders(),
              authorization: `Bearer ${await opts.tokens()}`,
              accept: 'application/json',
            },
            signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
          },
        );
      } catch (err) {
        throw new PolicyUnavailableError('unreachable', isoDate, (err as Error).message);
      }
      if (res.status === 404) throw new PolicyUnavailableError('none', isoDate, 'none recorded');
      if (!res.ok)
        throw new PolicyUnavailableError('unreachable', isoDate, `registry answered ${res.status}`);
      const parsed = PolicyAnswer.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success || validatePolicyValues(parsed.data).length > 0)
        throw new PolicyUnavailableError('unreachable', isoDate, 'the answer is malformed');
      if (parsed.data.effectiveFrom > isoDate)
        throw new PolicyUnavailableError('unreachable', isoDate, 'the answer is not in force');
      if (cache.size > 1000) cache.clear();
      cache.set(isoDate, { at: now(), value: parsed.data });
      return parsed.data;
    },
  };
}

/** The copy of the values a decision stores. */
export function policyUsed(p: PolicyInForce): PolicyValues & { recordedAt: string } {
  return {
    year: p.year,
    effectiveFrom: p.effectiveFrom,
    plRateBp: p.plRateBp,
    privateReportThresholdBp: p.privateReportThresholdBp,
    publicReportThresholdBp: p.publicReportThresholdBp,
    recordedAt: p.createdAt,
  };
}
