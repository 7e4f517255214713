import type { Connection, Model } from 'mongoose';
import { requireCrossTenant, type CrossTenantScope } from '@rammeaftale/db';
import type { PolicyValues } from '@rammeaftale/domain';
import { policyValuesModel, type PolicyValuesDoc } from './policy-values.model';
import type { RecordedBy } from './offer.model';

export type StoredPolicyValues = PolicyValues & { createdBy: RecordedBy; createdAt: Date };

const toPolicy = ({ _id: _ignored, ...rest }: PolicyValuesDoc): StoredPolicyValues => rest;

/**
 * Policy values are agreement-wide (owned by no one party), so every method takes a cross-tenant
 * scope; writing them is the secretariat's, checked in the use case.
 */
export class PolicyValuesRepository {
  private readonly Policy: Model<PolicyValuesDoc>;

  constructor(conn: Connection) {
    this.Policy = policyValuesModel(conn);
  }

  async all(scope: CrossTenantScope): Promise<StoredPolicyValues[]> {
    requireCrossTenant(scope);
    const docs = await this.Policy.find({}).sort({ effectiveFrom: 1 }).lean<PolicyValuesDoc[]>();
    return docs.map(toPolicy);
  }

  async ofYear(scope: CrossTenantScope, year: number): Promise<StoredPolicyValues[]> {
    requireCrossTenant(scope);
    const docs = await this.Policy.find({ year })
      .sort({ effectiveFrom: 1 })
      .lean<PolicyValuesDoc[]>();
    return docs.map(toPolicy);
  }

  /** Inserts unless values with the same effective date exist; `created: false` then. */
  async create(
    scope: CrossTenantScope,
    values: PolicyValues,
    createdBy: RecordedBy,
  ): Promise<{ created: boolean; stored: StoredPolicyValues }> {
    requireCrossTenant(scope);
    const res = await this.Policy.findOneAndUpdate(
      { _id: values.effectiveFrom },
      { $setOnInsert: { ...values, createdBy, createdAt: new Date() } },
      { upsert: true, new: true, includeResultMetadata: true, lean: true, timestamps: false },
    );
    return {
      created: !res.lastErrorObject?.updatedExisting,
      stored: toPolicy(res.value as PolicyValuesDoc),
    };
  }
}
