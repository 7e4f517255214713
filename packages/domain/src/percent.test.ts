import fc from 'fast-check';
import { DomainValidationError } from './errors';
import {
  compareToBasisPoints,
  divideRoundHalfAwayFromZero,
  exceedsBasisPoints,
  increaseRatio,
  normalizeRatio,
  toBasisPointsRounded,
  toPercentString,
} from './percent';

describe('increaseRatio', () => {
  it('is the reduced exact fraction (new - old) / old', () => {
    expect(increaseRatio(200000, 210000)).toEqual({ num: 1n, den: 20n });
    expect(increaseRatio(3, 2)).toEqual({ num: -1n, den: 3n });
    expect(increaseRatio(100, 100)).toEqual({ num: 0n, den: 1n });
  });

  it('throws a domain error when the old tariff is 0 or negative', () => {
    expect(() => increaseRatio(0, 100)).toThrow(DomainValidationError);
    expect(() => increaseRatio(-1, 100)).toThrow(
      expect.objectContaining({ code: 'OLD_TARIFF_NOT_POSITIVE' }) as Error,
    );
  });

  it('throws a domain error for a negative new tariff', () => {
    expect(() => increaseRatio(100, -1)).toThrow(
      expect.objectContaining({ code: 'NEGATIVE_TARIFF' }) as Error,
    );
  });

  it('throws RangeError for values that are not øre', () => {
    expect(() => increaseRatio(100.5, 101)).toThrow(RangeError);
    expect(() => increaseRatio(100, Number.NaN)).toThrow(RangeError);
  });
});

describe('exceedsBasisPoints', () => {
  it('is exact where floating point is not', () => {
    // 2.000 kr. → 2.100 kr. is exactly 5 %, but 2100 / 2000 - 1 > 0.05 in floating point.
    expect(2100 / 2000 - 1 > 0.05).toBe(true);
    expect(exceedsBasisPoints(increaseRatio(200000, 210000), 500)).toBe(false);
    expect(exceedsBasisPoints(increaseRatio(200000, 210001), 500)).toBe(true);
  });

  it('is strictly greater', () => {
    expect(exceedsBasisPoints({ num: 4n, den: 100n }, 400)).toBe(false);
    expect(exceedsBasisPoints({ num: 40001n, den: 1000000n }, 400)).toBe(true);
    expect(exceedsBasisPoints({ num: -1n, den: 100n }, 0)).toBe(false);
  });

  it('accepts unnormalised ratios with a negative denominator', () => {
    expect(exceedsBasisPoints({ num: -6n, den: -100n }, 500)).toBe(true);
    expect(() => exceedsBasisPoints({ num: 1n, den: 0n }, 500)).toThrow(RangeError);
  });

  it('agrees with compareToBasisPoints', () => {
    expect(compareToBasisPoints({ num: 1n, den: 20n }, 500)).toBe(0);
    expect(compareToBasisPoints({ num: 1n, den: 20n }, 501)).toBe(-1);
    expect(compareToBasisPoints({ num: 1n, den: 20n }, 499)).toBe(1);
  });
});

describe('rounding (half away from zero, to whole basis points)', () => {
  it.each([
    [{ num: 4005n, den: 100000n }, 401, '4,01 %'],
    [{ num: 40049n, den: 1000000n }, 400, '4,00 %'],
    [{ num: -4005n, den: 100000n }, -401, '-4,01 %'],
    [{ num: -40049n, den: 1000000n }, -400, '-4,00 %'],
    [{ num: 1n, den: 20n }, 500, '5,00 %'],
    [{ num: 501n, den: 10000n }, 501, '5,01 %'],
    [{ num: 1n, den: 3n }, 3333, '33,33 %'],
    [{ num: 2n, den: 3n }, 6667, '66,67 %'],
    [{ num: -1n, den: 3_000_000n }, 0, '0,00 %'],
    [{ num: 0n, den: 1n }, 0, '0,00 %'],
    [{ num: 12n, den: 1n }, 120000, '1.200,00 %'],
  ])('%p → %p bp, %p', (ratio, bp, text) => {
    expect(toBasisPointsRounded(ratio)).toBe(bp);
    expect(toPercentString(ratio)).toBe(text);
  });

  it('throws RangeError when basis points leave the safe integer range', () => {
    const huge = increaseRatio(1, Number.MAX_SAFE_INTEGER);
    expect(() => toBasisPointsRounded(huge)).toThrow(RangeError);
    expect(toPercentString(huge)).toMatch(/^[\d.]+,00 %$/);
  });

  it('divideRoundHalfAwayFromZero handles every sign combination', () => {
    expect(divideRoundHalfAwayFromZero(5n, 2n)).toBe(3n);
    expect(divideRoundHalfAwayFromZero(-5n, 2n)).toBe(-3n);
    expect(divideRoundHalfAwayFromZero(5n, -2n)).toBe(-3n);
    expect(divideRoundHalfAwayFromZero(-5n, -2n)).toBe(3n);
    expect(divideRoundHalfAwayFromZero(7n, 3n)).toBe(2n);
    expect(() => divideRoundHalfAwayFromZero(1n, 0n)).toThrow(RangeError);
  });

  it('the string and the basis points always agree', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 11n), max: 10n ** 11n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        (num, den) => {
          const bp = toBasisPointsRounded({ num, den });
          const digits = toPercentString({ num, den }).replace(/[.,]| %$/g, '');
          return Number(digits) === bp;
        },
      ),
    );
  });

  it('rounded value is within half a basis point of the exact value', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 11n), max: 10n ** 11n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        (num, den) => {
          const bp = BigInt(toBasisPointsRounded({ num, den }));
          // |num * 10000 / den - bp| <= 1/2  ⇔  |2 * (num * 10000 - bp * den)| <= den
          const diff = 2n * (num * 10000n - bp * den);
          return (diff < 0n ? -diff : diff) <= den;
        },
      ),
    );
  });

  it('normalizeRatio reduces and keeps the value', () => {
    expect(normalizeRatio({ num: 10n, den: -40n })).toEqual({ num: -1n, den: 4n });
    expect(normalizeRatio({ num: 0n, den: -7n })).toEqual({ num: 0n, den: 1n });
  });
});
