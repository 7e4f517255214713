import type { Connection } from 'mongoose';
import { crossTenant, LeaseRepository, withLease as withDbLease } from '@rammeaftale/db';
import { ConflictError } from '@rammeaftale/domain';

/**
 * Short leases that serialise read-modify-write of one offer's tariffs (the no-overlap rule spans
 * all periods of a service, so it needs a consistent read) and of its capacity. The lease itself is
 * packages/db's (`LeaseRepository`: a unique `_id` insert, atomic on MongoDB and FerretDB alike);
 * the offers' leases live in `offer_locks`. Leases guard writes to the registry as a whole (the
 * secretariat's tariff import), so they take a cross-tenant scope.
 */
export class OfferLockRepository extends LeaseRepository {
  constructor(conn: Connection) {
    super(conn, { model: 'OfferLock', collection: 'offer_locks' });
  }
}

/**
 * Runs `work` holding the lease of one key, waiting up to `waitMs` for another holder to finish;
 * still held by then → ConflictError (409, "try again"). For a read-modify-write of one offer that
 * two requests may make at once: FerretDB 1.x applies even a single `$push` as read, modify, write
 * back, so two concurrent ones can lose one (ADR 0002); the lease's unique insert cannot.
 */
export function withLease<T>(
  locks: OfferLockRepository,
  key: string,
  work: () => Promise<T>,
  opts: { waitMs?: number; ttlMs?: number } = {},
): Promise<T> {
  return withDbLease(locks, crossTenant('a lease names one offer, whoever holds it'), key, work, {
    ...opts,
    busy: () => new ConflictError('Another change of this offer is being stored; try again'),
  });
}
