import { ConflictError, NotFoundError } from '@rammeaftale/domain';

/** The two refusals every order use case shares. */
export const orderNotFound = () => new NotFoundError('Order');
export const concurrentChange = () =>
  new ConflictError('The order was changed by someone else; reload and try again');
