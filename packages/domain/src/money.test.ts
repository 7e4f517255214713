import fc from 'fast-check';
import { DomainValidationError } from './errors';
import {
  assertOre,
  formatDkk,
  parseDanishAmount,
  parseDanishDecimal,
  parseDanishPercentToBasisPoints,
} from './money';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof DomainValidationError ? error.code : 'not-a-domain-error';
  }
  return undefined;
}

describe('assertOre', () => {
  it('accepts safe integers and rejects everything else with RangeError', () => {
    expect(() => assertOre(0)).not.toThrow();
    expect(() => assertOre(-123)).not.toThrow();
    for (const bad of [0.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => assertOre(bad)).toThrow(RangeError);
    }
  });
});

describe('parseDanishAmount', () => {
  it.each([
    ['1.234,50', 123450],
    ['1234,5', 123450],
    ['1234', 123400],
    ['1 234,50', 123450],
    ['1\u00A0234,50', 123450],
    ['1.234.567,89', 123456789],
    ['1.234,50 kr.', 123450],
    ['1.234,50 kr', 123450],
    ['1.234,50kr.', 123450],
    ['1.234,50 DKK', 123450],
    ['1.234,50 dkk', 123450],
    ['  42 kr.  ', 4200],
    ['-1.234,50', -123450],
    ['\u22121.234,50 kr.', -123450],
    ['0,05', 5],
    ['0', 0],
    ['-0,00', 0],
    // The unambiguous dot-decimal form: one dot followed by 1–2 digits and no comma.
    ['1234.50', 123450],
    ['1234.5', 123450],
    ['12.5', 1250],
    // A dot followed by three digits is Danish thousands grouping, never a decimal point.
    ['1.234', 123400],
    ['12.345', 1234500],
  ])('parses %p as %p øre', (text, ore) => {
    expect(Object.is(parseDanishAmount(text), ore)).toBe(true);
  });

  it.each([
    '',
    'kr.',
    'abc',
    '1,234',
    '1.234,567',
    '1.23.45',
    '1.234.50',
    '1234,',
    ',50',
    '.50',
    '12.3456',
    '1.234 567',
    '1,234.50',
    '12,34,56',
    '- 12',
    '+12',
    '1 2',
    'kr. 12',
    '12 %',
  ])('rejects %p with INVALID_AMOUNT', (text) => {
    expect(codeOf(() => parseDanishAmount(text))).toBe('INVALID_AMOUNT');
  });

  it('rejects amounts outside the safe integer range', () => {
    expect(codeOf(() => parseDanishAmount('900.719.925.474.099,92'))).toBe('OUT_OF_RANGE');
    expect(parseDanishAmount('90.071.992.547.409,91')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('never echoes the input in the error message', () => {
    try {
      parseDanishAmount('010190-1234');
      throw new Error('expected a failure');
    } catch (error) {
      expect((error as Error).message).not.toContain('010190');
    }
  });
});

describe('formatDkk', () => {
  it.each([
    [123450, '1.234,50 kr.'],
    [0, '0,00 kr.'],
    [5, '0,05 kr.'],
    [100, '1,00 kr.'],
    [123456789, '1.234.567,89 kr.'],
    [-123450, '-1.234,50 kr.'],
    [-5, '-0,05 kr.'],
    [Number.MAX_SAFE_INTEGER, '90.071.992.547.409,91 kr.'],
  ])('formats %p øre as %p', (ore, text) => {
    expect(formatDkk(ore)).toBe(text);
  });

  it('rejects non-øre values', () => {
    expect(() => formatDkk(1.5)).toThrow(RangeError);
  });

  it('round-trips through parseDanishAmount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        (ore) => parseDanishAmount(formatDkk(ore)) === ore,
      ),
    );
  });
});

describe('parseDanishDecimal', () => {
  it.each([
    ['4,5', 2, 450],
    ['4,5', 1, 45],
    ['4', 0, 4],
    ['-0,125', 3, -125],
    ['1.234,5678', 4, 12345678],
    ['4.5', 2, 450],
  ])('parses %p with %p decimals as %p', (text, decimals, expected) => {
    expect(parseDanishDecimal(text, decimals)).toBe(expected);
  });

  it('rejects more decimals than allowed rather than rounding', () => {
    expect(codeOf(() => parseDanishDecimal('4,555', 2))).toBe('INVALID_NUMBER');
    expect(codeOf(() => parseDanishDecimal('4,5', 0))).toBe('INVALID_NUMBER');
    expect(codeOf(() => parseDanishDecimal('4.5', 0))).toBe('INVALID_NUMBER');
  });

  it('guards maxDecimals as a programming error', () => {
    expect(() => parseDanishDecimal('1', -1)).toThrow(RangeError);
    expect(() => parseDanishDecimal('1', 1.5)).toThrow(RangeError);
  });
});

describe('parseDanishPercentToBasisPoints', () => {
  it.each([
    ['4,5 %', 450],
    ['4,5%', 450],
    ['4,5', 450],
    ['4 %', 400],
    ['8,00 %', 800],
    ['0,01 %', 1],
    ['-2,25 %', -225],
    ['4.5 %', 450],
  ])('parses %p as %p basis points', (text, bp) => {
    expect(parseDanishPercentToBasisPoints(text)).toBe(bp);
  });

  it.each(['4,555 %', '%', 'fire procent', '4,5 % %'])(
    'rejects %p with INVALID_PERCENT',
    (text) => {
      expect(codeOf(() => parseDanishPercentToBasisPoints(text))).toBe('INVALID_PERCENT');
    },
  );
});
