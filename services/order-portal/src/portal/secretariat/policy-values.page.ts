import type { Response, Router } from 'express';
import type { z } from 'zod';
import { UnavailableError } from '@rammeaftale/domain';
import { tokenIn } from '../session';
import { PolicyValuesBody } from '../../offers/offer.schemas';
import {
  createPolicyValues,
  listPolicyValues,
  type PolicyDeps,
} from '../../offers/policy-values.use-case';
import { intFromField, isoFromDateField } from '../kit/format';
import { readForm, type FormSpec } from '../kit/form-kit';
import { withNotice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { formPage, submitForm, type FormState } from '../kit/submit';
import { requirePortalRole } from '../session';
import { policyValuesView, type PolicyUsage } from './policy-values.view';

export const POLICY_PATH = '/sekretariat/satser';

/**
 * A percentage as typed ("4", "3,75", "4 %") as basis points; NaN when it is no percentage with
 * at most two decimals, so the API's schema refuses it with its own code.
 */
export function bpFromPercentField(text: string): number {
  const m = /^(\d{1,3})(?:[,.](\d{1,2}))?\s*%?$/.exec(text.trim());
  if (!m) return NaN;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** The form as the API's `PolicyValuesBody` (POST /api/policy-values). */
export const POLICY_FORM: FormSpec<z.infer<typeof PolicyValuesBody>> = {
  name: 'policyValues',
  fields: ['year', 'effectiveFrom', 'plRate', 'privateReportThreshold', 'publicReportThreshold'],
  schema: PolicyValuesBody,
  toBody: (v) => ({
    year: intFromField(v.year ?? '') ?? NaN,
    effectiveFrom: isoFromDateField(v.effectiveFrom ?? ''),
    plRateBp: bpFromPercentField(v.plRate ?? ''),
    privateReportThresholdBp: bpFromPercentField(v.privateReportThreshold ?? ''),
    publicReportThresholdBp: bpFromPercentField(v.publicReportThreshold ?? ''),
  }),
  paths: {
    plRateBp: 'plRate',
    privateReportThresholdBp: 'privateReportThreshold',
    publicReportThresholdBp: 'publicReportThreshold',
  },
};

const NOTICES = { oprettet: 'Satserne er registreret.' };

export const policiesOf = (kit: PageKit): PolicyDeps => {
  if (!kit.deps.policies)
    throw new UnavailableError('Policy values are not wired', 60, { code: 'not-connected' });
  return kit.deps.policies;
};

/**
 * How many tariff changes and decisions used each year's values, from the contracts service
 * (which keeps the decisions); undefined when it is not connected or does not answer now.
 */
async function usageOf(kit: PageKit, res: Response): Promise<PolicyUsage | undefined> {
  if (!kit.deps.contracts) return undefined;
  try {
    const { items } = await kit.deps.contracts.policyUsage(tokenIn(res));
    return new Map(items.map((u) => [u.year, u]));
  } catch (err) {
    if (err instanceof UnavailableError) return undefined;
    throw err;
  }
}

/** P/L and the report thresholds of every year; the secretariat adds a year's set. */
export function registerPolicyValuesPages(portal: Router, kit: PageKit): void {
  const only = requirePortalRole('secretariat');
  const show = async (res: Response, state: Partial<FormState> = {}) => {
    const [{ items }, usage] = await Promise.all([
      listPolicyValues(policiesOf(kit)),
      usageOf(kit, res),
    ]);
    await kit.render(
      res.req,
      res,
      policyValuesView({ items, usage, ...formPage(res, state, NOTICES), now: new Date() }),
    );
  };

  portal.get(POLICY_PATH, only, (_req, res) => show(res));

  portal.post(POLICY_PATH, only, ...kit.forms, (req, res) =>
    submitForm(res, {
      spec: POLICY_FORM,
      values: readForm(req, POLICY_FORM.fields),
      run: async (body) => {
        await createPolicyValues(policiesOf(kit), signedInActor(res), body);
        return withNotice(POLICY_PATH, 'oprettet');
      },
      show: (state) => show(res, state),
    }),
  );
}
