import type { Actor } from '@rammeaftale/auth';
import type { z } from 'zod';
import type { Logger } from '@rammeaftale/logging';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  isDomainValidationError,
  policyInForce,
  toPercentString,
  validatePolicyValues,
  type PolicyValues,
} from '@rammeaftale/domain';
import { crossTenant } from '@rammeaftale/db';
import type { PolicyValuesRepository, StoredPolicyValues } from './policy-values.repository';
import type { PolicyValuesView } from './offer.schemas';

export interface PolicyDeps {
  policies: PolicyValuesRepository;
  logger: Logger;
}

/** P/L and the report thresholds are the agreement's numbers, public to every party. */
const AGREEMENT_WIDE = crossTenant('policy values are agreement-wide numbers, not tenant data');

const bpText = (bp: number) => toPercentString({ num: BigInt(bp), den: 10_000n });

function view(p: StoredPolicyValues): z.infer<typeof PolicyValuesView> {
  return {
    year: p.year,
    effectiveFrom: p.effectiveFrom,
    plRateBp: p.plRateBp,
    privateReportThresholdBp: p.privateReportThresholdBp,
    publicReportThresholdBp: p.publicReportThresholdBp,
    plRateText: bpText(p.plRateBp),
    privateReportThresholdText: bpText(p.privateReportThresholdBp),
    publicReportThresholdText: bpText(p.publicReportThresholdBp),
    createdAt: p.createdAt.toISOString(),
    createdByOrganisationId: p.createdBy.organisationId,
  };
}

export async function listPolicyValues(deps: PolicyDeps, year?: number) {
  const items =
    year === undefined
      ? await deps.policies.all(AGREEMENT_WIDE)
      : await deps.policies.ofYear(AGREEMENT_WIDE, year);
  if (year !== undefined && items.length === 0)
    throw new NotFoundError(`Policy values for ${year}`);
  return { items: items.map(view) };
}

export async function policyValuesInForce(deps: PolicyDeps, isoDate: string) {
  const all = await deps.policies.all(AGREEMENT_WIDE);
  try {
    const inForce = policyInForce(all, isoDate);
    return view(inForce as StoredPolicyValues);
  } catch (err) {
    if (isDomainValidationError(err) && err.code === 'NO_POLICY_IN_FORCE')
      throw new NotFoundError('Policy values in force on that date');
    if (isDomainValidationError(err) && err.code === 'INVALID_DATE') {
      throw new InvalidInputError(
        [{ field: 'date', code: err.code, message: err.message }],
        'query',
      );
    }
    throw err;
  }
}

/**
 * The secretariat records the P/L rate and both report thresholds for a year. Values are never
 * changed afterwards (decisions keep a copy of what they used); a correction is a new set with a
 * later effective date.
 */
export async function createPolicyValues(deps: PolicyDeps, actor: Actor, values: PolicyValues) {
  if (actor.role !== 'secretariat')
    throw new ForbiddenError('Only the secretariat sets policy values');
  const problems = validatePolicyValues(values).map((p) => ({
    field: p.field,
    code: 'INVALID_POLICY',
    message: p.message,
  }));
  if (!problems.length && Number(values.effectiveFrom.slice(0, 4)) !== values.year) {
    problems.push({
      field: 'effectiveFrom',
      code: 'YEAR_MISMATCH',
      message: 'effectiveFrom must fall in the given year',
    });
  }
  if (problems.length) throw new InvalidInputError(problems);
  const { created, stored } = await deps.policies.create(AGREEMENT_WIDE, values, {
    userId: actor.userId,
    role: actor.role,
    organisationId: actor.organisationId,
  });
  if (!created)
    throw new ConflictError(`Policy values effective from ${values.effectiveFrom} already exist`);
  deps.logger.info(
    { year: values.year, effectiveFrom: values.effectiveFrom },
    'policy values created',
  );
  return view(stored);
}
