import { DomainValidationError, isDomainValidationError } from './errors';

describe('DomainValidationError', () => {
  it('carries a code and is an Error', () => {
    const error = new DomainValidationError('INVALID_AMOUNT', 'Not an amount');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('INVALID_AMOUNT');
    expect(error.name).toBe('DomainValidationError');
    expect(error.message).toBe('Not an amount');
    expect(isDomainValidationError(error)).toBe(true);
    expect(isDomainValidationError(new Error('x'))).toBe(false);
  });
});
