import { ProblemError, conflict, notFound } from '@rammeaftale/http';
import { isDomainValidationError } from '@rammeaftale/domain';

export const orderNotFound = () => notFound('Order');
export const concurrentChange = () =>
  conflict('The order was changed by someone else; reload and try again');

/** Domain rule violations become 409/422 problems with the rule's code as type. */
export function asProblem(err: unknown): unknown {
  if (!isDomainValidationError(err)) return err;
  const status = err.code === 'ILLEGAL_TRANSITION' ? 409 : 422;
  return new ProblemError(status, err.message, {
    type: `https://rammeaftale-sjaelland.dk/problems/${err.code.toLowerCase().replace(/_/g, '-')}`,
  });
}

export async function mapDomain<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw asProblem(err);
  }
}
