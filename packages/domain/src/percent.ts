/**
 * Exact percentages for tariff increases.
 *
 * An increase is kept as a fraction of bigints, (new - old) / old, and compared to thresholds by
 * cross-multiplication. Floating point is not good enough: 2.000,00 kr. → 2.100,00 kr. is exactly
 * 5 %, yet `2100 / 2000 - 1` is 0.050000000000000044 and would wrongly be "above 5 %".
 *
 * Rounding rule for display and storage (`toPercentString`, `toBasisPointsRounded`): round to
 * whole basis points (hundredths of a percent), with halves rounded AWAY FROM ZERO
 * (4,005 % → 4,01 %; -4,005 % → -4,01 %). Rounding is only for people and reports; every decision
 * uses the exact fraction, so 4,001 % shows as "4,00 %" but is still above a 4 % P/L rate.
 */
import { DomainValidationError } from './errors';
import { assertOre, groupThousands } from './money';

export interface Ratio {
  readonly num: bigint;
  /** Always positive after `normalizeRatio`. */
  readonly den: bigint;
}

const BASIS_POINTS_PER_UNIT = 10_000n;

/** (newOre - oldOre) / oldOre, reduced. The old tariff must be positive, the new not negative. */
export function increaseRatio(oldOre: number, newOre: number): Ratio {
  assertOre(oldOre, 'oldOre');
  assertOre(newOre, 'newOre');
  if (oldOre <= 0) {
    throw new DomainValidationError(
      'OLD_TARIFF_NOT_POSITIVE',
      'The tariff in force must be positive to compute an increase',
    );
  }
  if (newOre < 0) {
    throw new DomainValidationError('NEGATIVE_TARIFF', 'A tariff cannot be negative');
  }
  return normalizeRatio({ num: BigInt(newOre) - BigInt(oldOre), den: BigInt(oldOre) });
}

/** Reduces the fraction and moves the sign to the numerator. */
export function normalizeRatio(ratio: Ratio): Ratio {
  if (ratio.den === 0n) throw new RangeError('Ratio denominator must not be zero');
  const sign = ratio.den < 0n ? -1n : 1n;
  const divisor = gcd(abs(ratio.num), abs(ratio.den));
  return { num: (sign * ratio.num) / divisor, den: (sign * ratio.den) / divisor };
}

/** True when the ratio is STRICTLY greater than `basisPoints` / 10 000. */
export function exceedsBasisPoints(ratio: Ratio, basisPoints: number): boolean {
  assertBasisPoints(basisPoints);
  const { num, den } = normalizeRatio(ratio);
  return num * BASIS_POINTS_PER_UNIT > BigInt(basisPoints) * den;
}

/** Signed comparison of the ratio with `basisPoints` / 10 000: -1, 0 or 1. */
export function compareToBasisPoints(ratio: Ratio, basisPoints: number): -1 | 0 | 1 {
  assertBasisPoints(basisPoints);
  const { num, den } = normalizeRatio(ratio);
  const left = num * BASIS_POINTS_PER_UNIT;
  const right = BigInt(basisPoints) * den;
  return left > right ? 1 : left < right ? -1 : 0;
}

/** Whole basis points, rounded half away from zero. Throws RangeError beyond safe integers. */
export function toBasisPointsRounded(ratio: Ratio): number {
  const rounded = basisPointsRoundedBigInt(ratio);
  if (rounded > BigInt(Number.MAX_SAFE_INTEGER) || rounded < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('Ratio is too large to express in basis points');
  }
  return Number(rounded);
}

/** '5,01 %': two decimals, Danish decimal comma and thousands dots, rounded as documented above. */
export function toPercentString(ratio: Ratio): string {
  const rounded = basisPointsRoundedBigInt(ratio);
  const sign = rounded < 0n ? '-' : '';
  const absolute = abs(rounded);
  const whole = groupThousands((absolute / 100n).toString());
  const hundredths = (absolute % 100n).toString().padStart(2, '0');
  return `${sign}${whole},${hundredths} %`;
}

/** num / den rounded to an integer, halves away from zero. */
export function divideRoundHalfAwayFromZero(num: bigint, den: bigint): bigint {
  if (den === 0n) throw new RangeError('Division by zero');
  const negative = num < 0n !== den < 0n;
  const n = abs(num);
  const d = abs(den);
  const magnitude = (2n * n + d) / (2n * d);
  return negative ? -magnitude : magnitude;
}

function basisPointsRoundedBigInt(ratio: Ratio): bigint {
  const { num, den } = normalizeRatio(ratio);
  return divideRoundHalfAwayFromZero(num * BASIS_POINTS_PER_UNIT, den);
}

function assertBasisPoints(basisPoints: number): void {
  if (!Number.isSafeInteger(basisPoints)) {
    throw new RangeError('Basis points must be a safe integer');
  }
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}
