import fc from 'fast-check';
import {
  isStale,
  occupancyBasisPoints,
  operatorAdjustmentRange,
  validateCapacity,
  withinOperatorAdjustment,
} from './capacity';

const valid = { placesInOperation: 10, occupied: 7, free: 3, waitingList: 4 };

describe('validateCapacity', () => {
  it('accepts consistent reports', () => {
    expect(validateCapacity(valid)).toEqual([]);
    expect(validateCapacity({ ...valid, occupied: 5, free: 2 })).toEqual([]); // places out of use
    expect(
      validateCapacity({ placesInOperation: 0, occupied: 0, free: 0, waitingList: 0 }),
    ).toEqual([]);
  });

  it('reports every field that is not a non-negative integer', () => {
    const problems = validateCapacity({
      placesInOperation: -1,
      occupied: 1.5,
      free: Number.NaN,
      waitingList: Infinity,
    });
    expect(problems.map((problem) => problem.field)).toEqual([
      'placesInOperation',
      'occupied',
      'free',
      'waitingList',
    ]);
    expect(problems.every((problem) => problem.code === 'NOT_A_COUNT')).toBe(true);
  });

  it('reports more free places than places in operation once, on the free field', () => {
    expect(validateCapacity({ ...valid, occupied: 0, free: 11 })).toEqual([
      expect.objectContaining({ field: 'free', code: 'FREE_EXCEEDS_PLACES' }),
    ]);
  });

  it('reports occupied plus free above places in operation', () => {
    expect(validateCapacity({ ...valid, occupied: 8, free: 3 })).toEqual([
      expect.objectContaining({ field: 'occupied', code: 'OCCUPIED_AND_FREE_EXCEED_PLACES' }),
    ]);
  });

  it('gives Danish messages for the supplier', () => {
    const [problem] = validateCapacity({ ...valid, free: 11 });
    expect(problem?.message).toMatch(/ledige pladser/);
  });

  it('never accepts a report where occupied + free exceeds places in operation', () => {
    const count = fc.integer({ min: 0, max: 1_000 });
    fc.assert(
      fc.property(count, count, count, count, (placesInOperation, occupied, free, waitingList) => {
        const problems = validateCapacity({ placesInOperation, occupied, free, waitingList });
        return (problems.length === 0) === occupied + free <= placesInOperation;
      }),
    );
  });
});

describe('isStale', () => {
  it('is stale only when older than the limit', () => {
    expect(isStale('2025-03-01', '2025-03-08', 7)).toBe(false);
    expect(isStale('2025-03-01', '2025-03-08T00:00:00.001Z', 7)).toBe(true);
    expect(isStale('2025-03-01T10:00:00Z', '2025-03-08T09:59:59Z', 7)).toBe(false);
    expect(isStale('2025-03-01T10:00:00+01:00', '2025-03-08T09:00:01Z', 7)).toBe(true);
  });

  it('counts real elapsed time across daylight saving changes', () => {
    // 30 March 2025 has 23 hours in Denmark.
    expect(isStale('2025-03-29T12:00:00+01:00', '2025-03-30T12:00:00+02:00', 1)).toBe(false);
    expect(isStale('2025-03-29T12:00:00+01:00', '2025-03-30T13:00:01+02:00', 1)).toBe(true);
  });

  it('treats confirmations from the future as fresh', () => {
    expect(isStale('2025-03-10', '2025-03-01', 0)).toBe(false);
  });

  it('rejects bad input', () => {
    expect(() => isStale('2025-03-01', '2025-03-08', -1)).toThrow(RangeError);
    expect(() => isStale('2025-03-01', '2025-03-08', 1.5)).toThrow(RangeError);
    expect(() => isStale('yesterday', '2025-03-08', 7)).toThrow(
      expect.objectContaining({ code: 'INVALID_TIMESTAMP' }) as Error,
    );
  });
});

describe('occupancyBasisPoints', () => {
  it.each([
    [7, 10, 7_000],
    [10, 10, 10_000],
    [0, 10, 0],
    [1, 3, 3_333],
    [2, 3, 6_667],
    [1, 8, 1_250],
    [1, 20_000, 1], // exactly half a basis point rounds up
    [1, 20_001, 0],
  ])('%p of %p places → %p bp', (occupied, places, bp) => {
    expect(occupancyBasisPoints(occupied, places)).toBe(bp);
  });

  it('is null without places in operation', () => {
    expect(occupancyBasisPoints(0, 0)).toBeNull();
  });

  it('rejects non-counts', () => {
    expect(() => occupancyBasisPoints(-1, 10)).toThrow(RangeError);
    expect(() => occupancyBasisPoints(1, 2.5)).toThrow(RangeError);
  });
});

describe('operator ±20 % adjustment', () => {
  it.each([
    [10, 8, true],
    [10, 12, true],
    [10, 7, false],
    [10, 13, false],
    [12, 14, true], // +16,7 %
    [12, 15, false], // +25 %
    [4, 5, false], // +25 %: small offers cannot move a whole place
    [5, 6, true],
    [5, 4, true],
    [0, 0, true],
    [0, 1, false],
  ])('approved %p → %p places allowed: %p', (approved, next, allowed) => {
    expect(withinOperatorAdjustment(approved, next)).toBe(allowed);
  });

  it('the range helper agrees with the rule', () => {
    expect(operatorAdjustmentRange(10)).toEqual({ min: 8, max: 12 });
    expect(operatorAdjustmentRange(4)).toEqual({ min: 4, max: 4 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        (a, n) => {
          const { min, max } = operatorAdjustmentRange(a);
          return withinOperatorAdjustment(a, n) === (n >= min && n <= max);
        },
      ),
    );
  });

  it('rejects non-counts', () => {
    expect(() => withinOperatorAdjustment(-10, 10)).toThrow(RangeError);
    expect(() => withinOperatorAdjustment(10, 9.5)).toThrow(RangeError);
  });
});
