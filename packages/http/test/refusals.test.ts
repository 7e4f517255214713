import {
  ConflictError,
  DomainValidationError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RejectedError,
  UnavailableError,
} from '@rammeaftale/domain';
import { problemFromRefusal } from '../src';

const body = (err: unknown) => problemFromRefusal(err)?.toBody('/x', 'cid');

describe('the one mapping of refusals to problem+json', () => {
  it('When a use case refuses, then each kind of refusal has its status', () => {
    expect(body(new NotFoundError('Order'))).toMatchObject({
      status: 404,
      detail: 'Order not found',
    });
    expect(body(new ForbiddenError('Only case workers'))).toMatchObject({ status: 403 });
    expect(body(new ConflictError('Changed meanwhile'))).toMatchObject({
      status: 409,
      title: 'Conflict',
    });
    expect(body(new UnavailableError('Policy values not there yet', 30))).toMatchObject({
      status: 503,
    });
    expect(problemFromRefusal(new UnavailableError('x', 30))?.extra.headers).toEqual({
      'Retry-After': '30',
    });
  });

  it('When input fields are refused, then each field is named with its request part', () => {
    const err = new InvalidInputError([
      { field: 'citizen.cpr', code: 'invalid_cpr', message: 'not a valid CPR number' },
    ]);
    expect(body(err)).toMatchObject({
      status: 400,
      title: 'Validation Failed',
      errors: [
        { field: 'body.citizen.cpr', code: 'invalid_cpr', message: 'not a valid CPR number' },
      ],
    });
    expect(
      body(new InvalidInputError([{ field: 'limit', message: 'too big' }], 'query')),
    ).toMatchObject({
      errors: [{ field: 'query.limit' }],
    });
  });

  it('When a rule refuses input as a whole, then 422 with the code as type and title, rows kept', () => {
    const err = new RejectedError('The file cannot be imported; nothing was stored', {
      code: 'import-rejected',
      issues: [{ row: 3, field: 'places', code: 'NOT_A_NUMBER', message: 'not a number' }],
    });
    expect(body(err)).toMatchObject({
      status: 422,
      title: 'Import Rejected',
      type: 'https://rammeaftale-sjaelland.dk/problems/import-rejected',
      errors: [{ row: 3, field: 'places', code: 'NOT_A_NUMBER' }],
    });
  });

  it('When a refusal names fields of the request body, then the API prefixes them with the part', () => {
    const err = new RejectedError('The template cannot be loaded', {
      code: 'invalid-template',
      issues: [{ field: 'defaults.paymentDays', message: 'at most 30 days' }],
      part: 'body',
    });
    expect(body(err)).toMatchObject({
      status: 422,
      title: 'Invalid Template',
      errors: [{ field: 'body.defaults.paymentDays' }],
    });
  });

  it('When a business rule is broken, then 422 with its code as type, an illegal move 409', () => {
    expect(
      body(new DomainValidationError('PRIVATE_CHOICE_REASON_REQUIRED', 'A reason is required')),
    ).toMatchObject({
      status: 422,
      type: 'https://rammeaftale-sjaelland.dk/problems/private-choice-reason-required',
    });
    expect(body(new DomainValidationError('ILLEGAL_TRANSITION', 'Not from draft'))).toMatchObject({
      status: 409,
      type: 'https://rammeaftale-sjaelland.dk/problems/illegal-transition',
    });
  });

  it('When the error is no refusal, then it is not mapped here (a bug stays a 500)', () => {
    expect(problemFromRefusal(new Error('bug'))).toBeUndefined();
    expect(problemFromRefusal(new RangeError('12.5 øre'))).toBeUndefined();
  });
});
