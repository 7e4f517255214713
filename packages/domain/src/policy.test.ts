import {
  assertPolicyValues,
  DEFAULT_POLICY_2025,
  policyInForce,
  validatePolicyValues,
  type PolicyValues,
} from './policy';

const policy2024: PolicyValues = {
  year: 2024,
  effectiveFrom: '2024-01-01',
  plRateBp: 350,
  privateReportThresholdBp: 500,
  publicReportThresholdBp: 700,
};
const policy2025: PolicyValues = { ...DEFAULT_POLICY_2025 };
const policy2026: PolicyValues = {
  year: 2026,
  effectiveFrom: '2026-01-01',
  plRateBp: 310,
  privateReportThresholdBp: 450,
  publicReportThresholdBp: 650,
};

describe('DEFAULT_POLICY_2025', () => {
  it('holds the 2025 demo values and cannot be mutated', () => {
    expect(DEFAULT_POLICY_2025).toEqual({
      year: 2025,
      effectiveFrom: '2025-01-01',
      plRateBp: 400,
      privateReportThresholdBp: 500,
      publicReportThresholdBp: 800,
    });
    expect(Object.isFrozen(DEFAULT_POLICY_2025)).toBe(true);
  });
});

describe('policyInForce', () => {
  const policies = [policy2026, policy2024, policy2025];

  it.each([
    ['2024-01-01', policy2024],
    ['2024-12-31', policy2024],
    ['2025-01-01', policy2025],
    ['2025-07-15', policy2025],
    ['2026-01-01', policy2026],
    ['2030-01-01', policy2026],
  ])('on %p uses the latest policy that has started', (date, expected) => {
    expect(policyInForce(policies, date)).toBe(expected);
  });

  it('throws NO_POLICY_IN_FORCE before the first policy and for an empty list', () => {
    expect(() => policyInForce(policies, '2023-12-31')).toThrow(
      expect.objectContaining({ code: 'NO_POLICY_IN_FORCE' }) as Error,
    );
    expect(() => policyInForce([], '2025-01-01')).toThrow(
      expect.objectContaining({ code: 'NO_POLICY_IN_FORCE' }) as Error,
    );
  });

  it('handles a mid-year change', () => {
    const midYear = { ...policy2025, effectiveFrom: '2025-07-01', plRateBp: 450 };
    expect(policyInForce([policy2025, midYear], '2025-06-30')).toBe(policy2025);
    expect(policyInForce([policy2025, midYear], '2025-07-01')).toBe(midYear);
  });

  it('rejects two policies starting on the same date', () => {
    const twin = { ...policy2025, plRateBp: 450 };
    expect(() => policyInForce([policy2025, twin], '2025-03-01')).toThrow(
      expect.objectContaining({ code: 'AMBIGUOUS_POLICY' }) as Error,
    );
    // Duplicates that are not in force do not matter.
    expect(policyInForce([policy2025, twin, policy2026], '2026-03-01')).toBe(policy2026);
  });

  it('rejects an invalid date or invalid policy values', () => {
    expect(() => policyInForce(policies, '2025-13-01')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }) as Error,
    );
    expect(() => policyInForce(policies, '1/1/2025')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }) as Error,
    );
    const broken = { ...policy2025, effectiveFrom: '2025-1-1' };
    expect(() => policyInForce([broken], '2025-03-01')).toThrow(
      expect.objectContaining({ code: 'INVALID_POLICY' }) as Error,
    );
  });
});

describe('validatePolicyValues', () => {
  it('accepts valid values', () => {
    expect(validatePolicyValues(policy2025)).toEqual([]);
    expect(() => assertPolicyValues(policy2025)).not.toThrow();
  });

  it('lists every invalid field', () => {
    const problems = validatePolicyValues({
      year: 25,
      effectiveFrom: '2025-02-30',
      plRateBp: 4.5,
      privateReportThresholdBp: -1,
      publicReportThresholdBp: Number.NaN,
    });
    expect(problems.map((problem) => problem.field)).toEqual([
      'year',
      'effectiveFrom',
      'plRateBp',
      'privateReportThresholdBp',
      'publicReportThresholdBp',
    ]);
  });
});
