import type { Connection, Model } from 'mongoose';
import { requireCrossTenant, trusted, type CrossTenantScope } from '@rammeaftale/db';
import { orderModel, type OrderDoc } from './order.model';

export interface StoredCpr {
  orderId: string;
  citizenRef: string;
  ciphertext: string;
  lookupToken: string;
}

/**
 * The one cross-tenant view of orders' protected CPR numbers: for key rotation by an operator,
 * never for a request, so every method takes a `crossTenant(reason)` scope. It returns the stored
 * fields only (ciphertext, token, pseudonym).
 */
export class CprKeyRotationRepository {
  private readonly Order: Model<OrderDoc>;

  constructor(conn: Connection) {
    this.Order = orderModel(conn);
  }

  /** Orders holding a CPR number, by id after `afterId`. */
  async page(
    scope: CrossTenantScope,
    afterId: string | undefined,
    limit: number,
  ): Promise<StoredCpr[]> {
    requireCrossTenant(scope);
    const docs = await this.Order.find(
      {
        'citizen.cpr.ciphertext': trusted({ $exists: true }),
        ...(afterId ? { _id: trusted({ $gt: afterId }) } : {}),
      },
      { 'citizen.reference': 1, 'citizen.cpr': 1 },
    )
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Pick<OrderDoc, '_id' | 'citizen'>[]>();
    return docs.flatMap((d) =>
      d.citizen.cpr
        ? [
            {
              orderId: d._id,
              citizenRef: d.citizen.reference,
              ciphertext: d.citizen.cpr.ciphertext,
              lookupToken: d.citizen.cpr.lookupToken,
            },
          ]
        : [],
    );
  }

  /**
   * Stores the re-protected number. By `_id` alone (FerretDB scans for any other filter); the
   * CPR of an order is never changed after it is created, so there is no write to race with.
   * No timestamp: a key rotation is not a change of the case.
   */
  async replace(
    scope: CrossTenantScope,
    orderId: string,
    next: { ciphertext: string; lookupToken: string },
  ): Promise<void> {
    requireCrossTenant(scope);
    await this.Order.updateOne(
      { _id: orderId },
      { $set: { 'citizen.cpr': next } },
      { timestamps: false },
    );
  }
}
