import fc from 'fast-check';
import type { OperatorKind } from './organisations';
import { DEFAULT_POLICY_2025, policyInForce, type PolicyValues } from './policy';
import {
  classifyTariffChange,
  reportThresholdBp,
  type TariffChangeKind,
  type TariffClassification,
} from './tariff-classification';

const policy2025: PolicyValues = { ...DEFAULT_POLICY_2025 };
const BASE = 100_000; // 1.000,00 kr. per day

function classify(
  newDailyOre: number,
  operatorKind: OperatorKind = 'private',
  policy: PolicyValues = policy2025,
  currentDailyOre = BASE,
): TariffClassification {
  return classifyTariffChange({ currentDailyOre, newDailyOre, operatorKind, policy });
}

describe('classifyTariffChange: kinds', () => {
  it('classifies decreases and unchanged tariffs', () => {
    expect(classify(99_999)).toMatchObject({
      kind: 'decrease',
      requiresBuyerApproval: false,
      reportToAuthority: false,
      increasePercent: '0,00 %',
      increaseBasisPointsRounded: 0,
    });
    expect(classify(90_000)).toMatchObject({ kind: 'decrease', increasePercent: '-10,00 %' });
    expect(classify(BASE)).toMatchObject({ kind: 'unchanged', increasePercent: '0,00 %' });
  });

  it('throws for a tariff in force of 0', () => {
    expect(() => classify(100, 'private', policy2025, 0)).toThrow(
      expect.objectContaining({ code: 'OLD_TARIFF_NOT_POSITIVE' }) as Error,
    );
  });

  it('rejects invalid policy values', () => {
    expect(() => classify(BASE, 'private', { ...policy2025, plRateBp: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_POLICY' }) as Error,
    );
  });
});

describe('classifyTariffChange: P/L boundary (4 %)', () => {
  it('4,00 % is within P/L and needs no approval', () => {
    expect(classify(104_000)).toMatchObject({
      kind: 'within_pl',
      requiresBuyerApproval: false,
      increasePercent: '4,00 %',
      increaseBasisPointsRounded: 400,
    });
  });

  it('4,01 % is above P/L and needs approval', () => {
    expect(classify(104_010)).toMatchObject({
      kind: 'above_pl',
      requiresBuyerApproval: true,
      reportToAuthority: false,
      increasePercent: '4,01 %',
    });
  });

  it('decides on the exact value even when the rounded display reads 4,00 %', () => {
    expect(classify(104_001)).toMatchObject({
      kind: 'above_pl',
      requiresBuyerApproval: true,
      increasePercent: '4,00 %',
      increaseBasisPointsRounded: 400,
    });
  });
});

describe('classifyTariffChange: report thresholds', () => {
  it.each<[OperatorKind, number, boolean, string]>([
    ['private', 105_000, false, '5,00 %'],
    ['private', 105_010, true, '5,01 %'],
    ['private', 105_001, true, '5,00 %'],
    ['municipal', 105_010, false, '5,01 %'],
    ['regional', 105_010, false, '5,01 %'],
    ['municipal', 108_000, false, '8,00 %'],
    ['municipal', 108_010, true, '8,01 %'],
    ['regional', 108_000, false, '8,00 %'],
    ['regional', 108_010, true, '8,01 %'],
    ['private', 108_000, true, '8,00 %'],
  ])('%s offer at %p øre: report = %p (%s)', (operatorKind, newDailyOre, report, percent) => {
    const result = classify(newDailyOre, operatorKind);
    expect(result.reportToAuthority).toBe(report);
    expect(result.increasePercent).toBe(percent);
    expect(result.requiresBuyerApproval).toBe(true);
    expect(result.thresholdUsedBp).toBe(operatorKind === 'private' ? 500 : 800);
  });

  it('is exact where floating point says otherwise (2.000 kr. → 2.100 kr. is exactly 5 %)', () => {
    expect(2100 / 2000 - 1 > 0.05).toBe(true);
    expect(classify(210_000, 'private', policy2025, 200_000).reportToAuthority).toBe(false);
  });
});

describe('classifyTariffChange: policy values differ per year', () => {
  const policy2026: PolicyValues = {
    year: 2026,
    effectiveFrom: '2026-01-01',
    plRateBp: 300,
    privateReportThresholdBp: 450,
    publicReportThresholdBp: 700,
  };
  const policies = [policy2025, policy2026];

  it('the same increase is judged by the policy in force on the date', () => {
    const in2025 = classify(104_600, 'private', policyInForce(policies, '2025-12-31'));
    const in2026 = classify(104_600, 'private', policyInForce(policies, '2026-01-01'));
    expect(in2025).toMatchObject({
      kind: 'above_pl',
      reportToAuthority: false,
      thresholdUsedBp: 500,
    });
    expect(in2026).toMatchObject({
      kind: 'above_pl',
      reportToAuthority: true,
      thresholdUsedBp: 450,
    });
    // Exactly at the 2026 private threshold (4,50 %) is not above it.
    expect(classify(104_500, 'private', policy2026).reportToAuthority).toBe(false);
    expect(in2025.policy.year).toBe(2025);
    expect(in2026.policy.year).toBe(2026);

    const publicIn2026 = classify(107_500, 'municipal', policy2026);
    expect(publicIn2026.reportToAuthority).toBe(true);
    expect(classify(107_500, 'municipal', policy2025).reportToAuthority).toBe(false);
    expect(classify(103_500, 'private', policy2026).requiresBuyerApproval).toBe(true);
    expect(classify(103_500, 'private', policy2025).requiresBuyerApproval).toBe(false);
  });

  it('records a frozen copy of the policy used', () => {
    const mutable = { ...policy2026 };
    const result = classify(104_500, 'private', mutable);
    mutable.plRateBp = 9_999;
    expect(result.policy.plRateBp).toBe(300);
    expect(Object.isFrozen(result.policy)).toBe(true);
  });

  it('reportThresholdBp picks the public threshold for municipal and regional offers', () => {
    expect(reportThresholdBp(policy2026, 'municipal')).toBe(700);
    expect(reportThresholdBp(policy2026, 'regional')).toBe(700);
    expect(reportThresholdBp(policy2026, 'private')).toBe(450);
  });
});

/** Slow reference: multiplied-out bigint comparisons and digit-by-digit rounding. */
function reference(
  current: number,
  next: number,
  operatorKind: OperatorKind,
  policy: PolicyValues,
) {
  const cur = BigInt(current);
  const nxt = BigInt(next);
  const above = (bp: number) => nxt * 10_000n > cur * (10_000n + BigInt(bp));
  const threshold =
    operatorKind === 'private' ? policy.privateReportThresholdBp : policy.publicReportThresholdBp;
  const kind: TariffChangeKind =
    nxt < cur
      ? 'decrease'
      : nxt === cur
        ? 'unchanged'
        : above(policy.plRateBp)
          ? 'above_pl'
          : 'within_pl';

  // Hundredths of a basis point, truncated; the last digit decides rounding half away from zero.
  const delta = nxt - cur;
  const magnitude = ((delta < 0n ? -delta : delta) * 100_000n) / cur;
  const roundedMagnitude = magnitude / 10n + (magnitude % 10n >= 5n ? 1n : 0n);
  const rounded = delta < 0n ? -roundedMagnitude : roundedMagnitude;

  const sign = rounded < 0n ? '-' : '';
  const absolute = (rounded < 0n ? -rounded : rounded).toString().padStart(3, '0');
  let whole = absolute.slice(0, -2);
  let grouped = '';
  while (whole.length > 3) {
    grouped = `.${whole.slice(-3)}${grouped}`;
    whole = whole.slice(0, -3);
  }
  const percent = `${sign}${whole}${grouped},${absolute.slice(-2)} %`;

  return {
    kind,
    requiresBuyerApproval: above(policy.plRateBp),
    reportToAuthority: above(threshold),
    thresholdUsedBp: threshold,
    increaseBasisPointsRounded: Number(rounded),
    increasePercent: percent,
  };
}

const policyArb: fc.Arbitrary<PolicyValues> = fc
  .record({
    year: fc.integer({ min: 2020, max: 2040 }),
    plRateBp: fc.integer({ min: 0, max: 2_000 }),
    privateReportThresholdBp: fc.integer({ min: 0, max: 3_000 }),
    publicReportThresholdBp: fc.integer({ min: 0, max: 3_000 }),
  })
  .map((values) => ({ ...values, effectiveFrom: `${values.year}-01-01` }));

const operatorKindArb = fc.constantFrom<OperatorKind>('municipal', 'regional', 'private');
const MAX_DAILY_ORE = 1_000_000_000; // 10 million kr. per day: far above any real tariff

/** New tariffs anywhere, or within a few øre of one of the policy boundaries. */
function newTariffArb(current: number, policy: PolicyValues): fc.Arbitrary<number> {
  const boundaries = [
    0,
    policy.plRateBp,
    policy.privateReportThresholdBp,
    policy.publicReportThresholdBp,
  ].map((bp) => Number((BigInt(current) * BigInt(10_000 + bp)) / 10_000n));
  return fc.oneof(
    fc.integer({ min: 0, max: 2 * MAX_DAILY_ORE }),
    fc
      .tuple(fc.constantFrom(...boundaries), fc.integer({ min: -3, max: 3 }))
      .map(([boundary, offset]) => Math.max(0, boundary + offset)),
  );
}

const scenarioArb = fc
  .record({
    // Multiples of 100 kr. make the exact boundaries reachable, so strictness is exercised.
    current: fc.oneof(
      fc.integer({ min: 1, max: MAX_DAILY_ORE }),
      fc.integer({ min: 1, max: MAX_DAILY_ORE / 10_000 }).map((hundreds) => hundreds * 10_000),
    ),
    policy: policyArb,
    operatorKind: operatorKindArb,
  })
  .chain((base) =>
    fc.record({
      base: fc.constant(base),
      a: newTariffArb(base.current, base.policy),
      b: newTariffArb(base.current, base.policy),
    }),
  );

describe('classifyTariffChange: properties', () => {
  it('matches the slow bigint reference', () => {
    fc.assert(
      fc.property(scenarioArb, ({ base, a }) => {
        const actual = classify(a, base.operatorKind, base.policy, base.current);
        expect(actual).toMatchObject(reference(base.current, a, base.operatorKind, base.policy));
      }),
      { numRuns: 2_000 },
    );
  });

  it('is monotone in the new tariff', () => {
    const rank: Record<TariffChangeKind, number> = {
      decrease: 0,
      unchanged: 1,
      within_pl: 2,
      above_pl: 3,
    };
    fc.assert(
      fc.property(scenarioArb, ({ base, a, b }) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const lower = classify(low, base.operatorKind, base.policy, base.current);
        const higher = classify(high, base.operatorKind, base.policy, base.current);
        expect(rank[lower.kind]).toBeLessThanOrEqual(rank[higher.kind]);
        expect(!lower.requiresBuyerApproval || higher.requiresBuyerApproval).toBe(true);
        expect(!lower.reportToAuthority || higher.reportToAuthority).toBe(true);
        expect(lower.increaseBasisPointsRounded).toBeLessThanOrEqual(
          higher.increaseBasisPointsRounded,
        );
      }),
      { numRuns: 2_000 },
    );
  });
});
