import fc from 'fast-check';
import { DomainValidationError } from './errors';
import {
  CPR_PATTERN,
  isValidCpr,
  isValidCvr,
  isValidEan,
  looksLikeCpr,
  parseCpr,
  redactCprNumbers,
} from './identifiers';

describe('isValidCvr', () => {
  it.each(['29190976', '55133018', '10103940', '44023911'])('accepts %p', (cvr) => {
    expect(isValidCvr(cvr)).toBe(true);
  });

  it.each([
    '29190977',
    '12345678',
    '02919097',
    '2919097',
    '291909760',
    '2919 0976',
    'abcdefgh',
    '',
  ])('rejects %p', (cvr) => {
    expect(isValidCvr(cvr)).toBe(false);
  });

  it('detects every single-digit change (weights are coprime to 11)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 1, max: 9 }),
        (index, shift) => {
          const digits = [...'29190976'].map(Number);
          digits[index] = ((digits[index] ?? 0) + shift) % 10;
          return !isValidCvr(digits.join(''));
        },
      ),
    );
  });
});

describe('isValidEan', () => {
  it.each(['4006381333931', '5798000000001', '5798000416604'])('accepts %p', (ean) => {
    expect(isValidEan(ean)).toBe(true);
  });

  it.each(['4006381333932', '5798000000000', '579800000000', '57980000000011', '579800000000a'])(
    'rejects %p',
    (ean) => {
      expect(isValidEan(ean)).toBe(false);
    },
  );

  it('has exactly one valid check digit for any 12-digit body', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), (body) => {
        const valid = '0123456789'.split('').filter((digit) => isValidEan(body + digit));
        return valid.length === 1;
      }),
    );
  });
});

describe('parseCpr', () => {
  function failsModulus11(cpr: string): boolean {
    const weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
    const sum = weights.reduce((total, weight, index) => total + weight * Number(cpr[index]), 0);
    return sum % 11 !== 0;
  }

  it('accepts both formats and normalises', () => {
    expect(parseCpr('010190-1234')).toEqual({ birthDate: '1990-01-01', normalized: '0101901234' });
    expect(parseCpr('0101901234')).toEqual({ birthDate: '1990-01-01', normalized: '0101901234' });
    expect(parseCpr(' 010190-1234 ').normalized).toBe('0101901234');
  });

  it('does not apply the modulus-11 check (numbers without it are issued since 2007)', () => {
    expect(failsModulus11('0101901234')).toBe(true);
    expect(isValidCpr('010190-1234')).toBe(true);
  });

  it.each([
    // 7th digit 0–3: 1900s
    ['010100-0000', '1900-01-01'],
    ['311299-3999', '1999-12-31'],
    // 7th digit 4 and 9: 2000s up to YY 36, otherwise 1900s
    ['010136-4000', '2036-01-01'],
    ['010137-4000', '1937-01-01'],
    ['010100-9000', '2000-01-01'],
    ['010136-9000', '2036-01-01'],
    ['010137-9000', '1937-01-01'],
    // 7th digit 5–8: 2000s up to YY 57, otherwise 1800s
    ['010157-5000', '2057-01-01'],
    ['010158-5000', '1858-01-01'],
    ['010157-8000', '2057-01-01'],
    ['010199-8000', '1899-01-01'],
    ['150625-6000', '2025-06-15'],
  ])('derives the century: %p → %p', (cpr, birthDate) => {
    expect(parseCpr(cpr).birthDate).toBe(birthDate);
  });

  it('validates the date in the derived century', () => {
    expect(parseCpr('290200-4000').birthDate).toBe('2000-02-29');
    expect(isValidCpr('290200-0000')).toBe(false); // 1900 was not a leap year
    expect(isValidCpr('290201-4000')).toBe(false);
    expect(parseCpr('290296-1000').birthDate).toBe('1996-02-29');
  });

  it.each([
    '310490-1234',
    '000190-1234',
    '320190-1234',
    '011390-1234',
    '010090-1234',
    '010190 1234',
    '010190--1234',
    '01019-01234',
    '010190-123',
    '010190-12345',
    '01019012345',
    'abcdef-ghij',
    '',
  ])('rejects %p with INVALID_CPR', (text) => {
    expect(() => parseCpr(text)).toThrow(expect.objectContaining({ code: 'INVALID_CPR' }) as Error);
    expect(isValidCpr(text)).toBe(false);
  });

  it('never puts the CPR number or its parts into the error message', () => {
    for (const text of ['310490-1234', '3104901234', '310490-12345']) {
      try {
        parseCpr(text);
        throw new Error('expected a failure');
      } catch (error) {
        expect(error).toBeInstanceOf(DomainValidationError);
        const message = (error as Error).message;
        expect(message).not.toMatch(/\d/);
      }
    }
  });

  it('agrees with an independent date check for every 10-digit input', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-3]\d[01]\d{7}$/), (cpr) => {
        const dd = Number(cpr.slice(0, 2));
        const mm = Number(cpr.slice(2, 4));
        const yy = Number(cpr.slice(4, 6));
        const seventh = Number(cpr[6]);
        const century =
          seventh <= 3
            ? 1900
            : seventh === 4 || seventh === 9
              ? yy <= 36
                ? 2000
                : 1900
              : yy <= 57
                ? 2000
                : 1800;
        const date = new Date(Date.UTC(2000, mm - 1, dd));
        date.setUTCFullYear(century + yy);
        const expectedValid =
          mm >= 1 &&
          mm <= 12 &&
          dd >= 1 &&
          date.getUTCDate() === dd &&
          date.getUTCMonth() === mm - 1;
        return isValidCpr(cpr) === expectedValid;
      }),
    );
  });
});

describe('CPR_PATTERN and looksLikeCpr', () => {
  it.each([
    'cpr 010190-1234 here',
    '0101901234',
    '010190 1234',
    'x0101901234y',
    '(010190-1234)',
    'name=Jens;cpr=3104901234',
  ])('finds a CPR-like number in %p', (text) => {
    expect(looksLikeCpr(text)).toBe(true);
  });

  it.each([
    '12345678',
    '01019012345',
    '1010190-1234',
    '010190-12345',
    '010190--1234',
    'order 2025-01-01',
    '',
  ])('does not flag %p', (text) => {
    expect(looksLikeCpr(text)).toBe(false);
  });

  it('is not affected by the global flag state between calls', () => {
    expect(looksLikeCpr('010190-1234')).toBe(true);
    expect(looksLikeCpr('010190-1234')).toBe(true);
    CPR_PATTERN.lastIndex = 5;
    expect(looksLikeCpr('010190-1234')).toBe(true);
    CPR_PATTERN.lastIndex = 0;
  });

  it('redacts every occurrence', () => {
    expect(redactCprNumbers('A 010190-1234 and 0202021234, not 12345678901.')).toBe(
      'A [CPR] and [CPR], not 12345678901.',
    );
    expect('x 010190 1234 y'.replace(CPR_PATTERN, '***')).toBe('x *** y');
    expect([...'010190-1234 0202021234'.matchAll(CPR_PATTERN)]).toHaveLength(2);
  });
});
