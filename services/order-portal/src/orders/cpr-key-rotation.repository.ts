import type { Connection, Model } from 'mongoose';
import { requireCrossTenant, trusted, type CrossTenantScope } from '@rammeaftale/db';
import { CITIZEN_TEXT_FIELDS, type CitizenTextField } from './citizen-texts';
import { orderModel, type OrderDoc } from './order.model';

export interface StoredCpr {
  orderId: string;
  citizenRef: string;
  ciphertext: string;
  lookupToken: string;
}

/** What an order holds under the CPR keys: its CPR number (if any) and its free texts. */
export interface StoredProtected {
  orderId: string;
  citizenRef: string;
  cpr?: { ciphertext: string; lookupToken: string };
  /** The stored form of each free text present (encrypted, or in clear from before keys). */
  texts: Partial<Record<CitizenTextField, string>>;
}

/**
 * The one cross-tenant view of orders' protected CPR numbers and free texts: for key rotation by
 * an operator, never for a request, so every method takes a `crossTenant(reason)` scope. It
 * returns the stored fields only (ciphertexts, token, pseudonym).
 */
export class CprKeyRotationRepository {
  private readonly Order: Model<OrderDoc>;

  constructor(conn: Connection) {
    this.Order = orderModel(conn);
  }

  /** Every order, by id after `afterId`: its CPR number if any and its free texts, as stored. */
  async protectedPage(
    scope: CrossTenantScope,
    afterId: string | undefined,
    limit: number,
  ): Promise<StoredProtected[]> {
    requireCrossTenant(scope);
    const docs = await this.Order.find(afterId ? { _id: trusted({ $gt: afterId }) } : {}, {
      'citizen.reference': 1,
      'citizen.cpr': 1,
      'need.needs': 1,
      'need.specialRequirements': 1,
    })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Pick<OrderDoc, '_id' | 'citizen' | 'need'>[]>();
    return docs.map((d) => {
      const texts: StoredProtected['texts'] = {};
      for (const field of CITIZEN_TEXT_FIELDS) {
        const value = d.need?.[field];
        if (typeof value === 'string' && value !== '') texts[field] = value;
      }
      const cpr = d.citizen.cpr;
      return {
        orderId: d._id,
        citizenRef: d.citizen.reference,
        ...(cpr ? { cpr: { ciphertext: cpr.ciphertext, lookupToken: cpr.lookupToken } } : {}),
        texts,
      };
    });
  }

  /**
   * Stores the re-protected free texts, each only if it is still the value read (so a text that
   * retention has anonymised in the meantime is not written back). No timestamp, as below.
   */
  async replaceTexts(
    scope: CrossTenantScope,
    orderId: string,
    read: Partial<Record<CitizenTextField, string>>,
    next: Partial<Record<CitizenTextField, string>>,
  ): Promise<void> {
    requireCrossTenant(scope);
    const fields = Object.keys(next) as CitizenTextField[];
    if (fields.length === 0) return;
    await this.Order.updateOne(
      { _id: orderId, ...Object.fromEntries(fields.map((f) => [`need.${f}`, read[f]])) },
      { $set: Object.fromEntries(fields.map((f) => [`need.${f}`, next[f]])) },
      { timestamps: false },
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
