import type { Connection } from 'mongoose';
import { trusted } from '@rammeaftale/db';
import { orderModel, type OrderDoc } from './order.model';

export interface StoredCpr {
  orderId: string;
  citizenRef: string;
  ciphertext: string;
  lookupToken: string;
}

/**
 * The one cross-tenant view of orders' protected CPR numbers: for key rotation by an operator,
 * never for a request. It returns the stored fields only (ciphertext, token, pseudonym).
 */
export function cprKeyRotationRepository(conn: Connection) {
  const Order = orderModel(conn);
  return {
    /** Orders holding a CPR number, by id after `afterId`. */
    async page(afterId: string | undefined, limit: number): Promise<StoredCpr[]> {
      const docs = await Order.find(
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
    },

    /**
     * Stores the re-protected number. By `_id` alone (FerretDB scans for any other filter); the
     * CPR of an order is never changed after it is created, so there is no write to race with.
     * No timestamp: a key rotation is not a change of the case.
     */
    async replace(orderId: string, next: { ciphertext: string; lookupToken: string }) {
      await Order.updateOne(
        { _id: orderId },
        { $set: { 'citizen.cpr': next } },
        { timestamps: false },
      );
    },
  };
}
export type CprKeyRotationRepository = ReturnType<typeof cprKeyRotationRepository>;
