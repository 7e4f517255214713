import { DomainValidationError } from './errors';
import { isIsoDate } from './iso-date';

/**
 * The policy numbers of the framework agreement. They change from year to year, so they are
 * always passed in, and every decision records the values it used.
 */
export interface PolicyValues {
  year: number;
  /** ISO date YYYY-MM-DD from which these values apply. */
  effectiveFrom: string;
  /** P/L (price and wage index) rate: increases strictly above it need the buyer's approval. */
  plRateBp: number;
  /** Increases strictly above this are reported to Socialtilsyn Øst for private offers. */
  privateReportThresholdBp: number;
  /** Same for municipal and regional offers (higher because of public wage agreements). */
  publicReportThresholdBp: number;
}

/**
 * Demo data matching the 2025–26 decisions. Production code must load policy values from
 * configuration or storage and never fall back to this constant.
 */
export const DEFAULT_POLICY_2025: Readonly<PolicyValues> = Object.freeze({
  year: 2025,
  effectiveFrom: '2025-01-01',
  plRateBp: 400,
  privateReportThresholdBp: 500,
  publicReportThresholdBp: 800,
});

export interface PolicyProblem {
  field: keyof PolicyValues;
  message: string;
}

export function validatePolicyValues(policy: PolicyValues): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  if (!Number.isSafeInteger(policy.year) || policy.year < 1900 || policy.year > 9999) {
    problems.push({ field: 'year', message: 'Year must be a four-digit integer' });
  }
  if (!isIsoDate(policy.effectiveFrom)) {
    problems.push({ field: 'effectiveFrom', message: 'Must be a calendar date as YYYY-MM-DD' });
  }
  const rates = ['plRateBp', 'privateReportThresholdBp', 'publicReportThresholdBp'] as const;
  for (const field of rates) {
    if (!isNonNegativeSafeInteger(policy[field])) {
      problems.push({ field, message: 'Must be a non-negative integer number of basis points' });
    }
  }
  return problems;
}

export function assertPolicyValues(policy: PolicyValues): void {
  const problems = validatePolicyValues(policy);
  if (problems.length > 0) {
    const fields = problems.map((problem) => problem.field).join(', ');
    throw new DomainValidationError('INVALID_POLICY', `Invalid policy values: ${fields}`);
  }
}

/**
 * The policy with the latest `effectiveFrom` on or before `isoDate`. Two policies starting on the
 * same day are rejected, because the recorded decision must not depend on list order.
 */
export function policyInForce(policies: readonly PolicyValues[], isoDate: string): PolicyValues {
  if (!isIsoDate(isoDate)) {
    throw new DomainValidationError('INVALID_DATE', 'Expected a calendar date as YYYY-MM-DD');
  }
  policies.forEach(assertPolicyValues);
  // Plain string comparison is chronological for validated YYYY-MM-DD dates.
  const started = policies.filter((policy) => policy.effectiveFrom <= isoDate);
  const latestStart = started.reduce<string | null>(
    (latest, policy) =>
      latest === null || policy.effectiveFrom > latest ? policy.effectiveFrom : latest,
    null,
  );
  const candidates = started.filter((policy) => policy.effectiveFrom === latestStart);
  const [inForce, ...others] = candidates;
  if (!inForce) {
    throw new DomainValidationError(
      'NO_POLICY_IN_FORCE',
      'No policy values are in force on that date',
    );
  }
  if (others.length > 0) {
    throw new DomainValidationError(
      'AMBIGUOUS_POLICY',
      'More than one set of policy values starts on the same date',
    );
  }
  return inForce;
}

function isNonNegativeSafeInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}
