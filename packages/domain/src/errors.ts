/**
 * Two kinds of failure, kept apart on purpose:
 * - `DomainValidationError`: the data breaks a business rule (a typed amount that is not an
 *   amount, a tariff of 0, no policy in force). Callers map `code` to a Danish text for people.
 * - `RangeError`: the caller broke the contract of a function (e.g. passed 12.5 as øre). That is
 *   a bug, not something to show a user.
 *
 * Messages are English and never echo the rejected input: a value typed into the wrong field may
 * be a CPR number or other personal data, and error messages end up in logs.
 */
export type DomainErrorCode =
  | 'INVALID_AMOUNT'
  | 'INVALID_NUMBER'
  | 'INVALID_PERCENT'
  | 'OUT_OF_RANGE'
  | 'OLD_TARIFF_NOT_POSITIVE'
  | 'NEGATIVE_TARIFF'
  | 'INVALID_POLICY'
  | 'NO_POLICY_IN_FORCE'
  | 'AMBIGUOUS_POLICY'
  | 'INVALID_DATE'
  | 'INVALID_TIMESTAMP'
  | 'INVALID_CPR'
  | 'ILLEGAL_TRANSITION'
  | 'PRIVATE_CHOICE_REASON_REQUIRED'
  | 'SHARED_OFFER_CHECK_REQUIRED';

export class DomainValidationError extends Error {
  override readonly name = 'DomainValidationError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isDomainValidationError(value: unknown): value is DomainValidationError {
  return value instanceof DomainValidationError;
}
