import { assertOre } from './money';
import { isPublicOperator, type OperatorKind } from './organisations';
import {
  exceedsBasisPoints,
  increaseRatio,
  toBasisPointsRounded,
  toPercentString,
  type Ratio,
} from './percent';
import { assertPolicyValues, type PolicyValues } from './policy';

/**
 * How an announced tariff compares with the tariff in force. All comparisons are exact and
 * strict: an increase of exactly the P/L rate needs no approval, one of exactly the report
 * threshold is not reported.
 */

export type TariffChangeKind = 'decrease' | 'unchanged' | 'within_pl' | 'above_pl';

export interface TariffChangeInput {
  currentDailyOre: number;
  newDailyOre: number;
  operatorKind: OperatorKind;
  policy: PolicyValues;
}

export interface TariffClassification {
  /** Exact (new - current) / current. */
  ratio: Ratio;
  /** For display only, e.g. '5,01 %'. */
  increasePercent: string;
  /** For storage and statistics only; decisions use `ratio`. */
  increaseBasisPointsRounded: number;
  kind: TariffChangeKind;
  requiresBuyerApproval: boolean;
  reportToAuthority: boolean;
  /** The report threshold that applied to this operator kind. */
  thresholdUsedBp: number;
  /** Copy of the values used, so the decision stays explainable after the policy changes. */
  policy: Readonly<PolicyValues>;
}

export function classifyTariffChange(input: TariffChangeInput): TariffClassification {
  const { currentDailyOre, newDailyOre, operatorKind, policy } = input;
  assertOre(currentDailyOre, 'currentDailyOre');
  assertOre(newDailyOre, 'newDailyOre');
  assertPolicyValues(policy);
  const ratio = increaseRatio(currentDailyOre, newDailyOre);
  const thresholdUsedBp = reportThresholdBp(policy, operatorKind);
  const requiresBuyerApproval = exceedsBasisPoints(ratio, policy.plRateBp);
  return {
    ratio,
    increasePercent: toPercentString(ratio),
    increaseBasisPointsRounded: toBasisPointsRounded(ratio),
    kind: changeKind(ratio, requiresBuyerApproval),
    requiresBuyerApproval,
    reportToAuthority: exceedsBasisPoints(ratio, thresholdUsedBp),
    thresholdUsedBp,
    policy: Object.freeze({ ...policy }),
  };
}

/** Public offers get the higher threshold because of the wage effect of public agreements. */
export function reportThresholdBp(policy: PolicyValues, operatorKind: OperatorKind): number {
  return isPublicOperator(operatorKind)
    ? policy.publicReportThresholdBp
    : policy.privateReportThresholdBp;
}

function changeKind(ratio: Ratio, aboveInflation: boolean): TariffChangeKind {
  if (ratio.num < 0n) return 'decrease';
  if (ratio.num === 0n) return 'unchanged';
  return aboveInflation ? 'above_pl' : 'within_pl';
}
