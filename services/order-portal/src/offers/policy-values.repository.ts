import type { Connection } from 'mongoose';
import type { PolicyValues } from '@rammeaftale/domain';
import { policyValuesModel, type PolicyValuesDoc } from './policy-values.model';
import type { RecordedBy } from './offer.model';

export type StoredPolicyValues = PolicyValues & { createdBy: RecordedBy; createdAt: Date };

const toPolicy = ({ _id: _ignored, ...rest }: PolicyValuesDoc): StoredPolicyValues => rest;

/**
 * Policy values are agreement-wide (not owned by any one party), so these queries carry no
 * tenant scope; writing them is the secretariat's, checked in the use case.
 */
export function policyValuesRepository(conn: Connection) {
  const Policy = policyValuesModel(conn);
  return {
    async all(): Promise<StoredPolicyValues[]> {
      const docs = await Policy.find({}).sort({ effectiveFrom: 1 }).lean<PolicyValuesDoc[]>();
      return docs.map(toPolicy);
    },
    async ofYear(year: number): Promise<StoredPolicyValues[]> {
      const docs = await Policy.find({ year }).sort({ effectiveFrom: 1 }).lean<PolicyValuesDoc[]>();
      return docs.map(toPolicy);
    },
    /** Inserts unless values with the same effective date exist; `created: false` then. */
    async create(
      values: PolicyValues,
      createdBy: RecordedBy,
    ): Promise<{ created: boolean; stored: StoredPolicyValues }> {
      const res = await Policy.findOneAndUpdate(
        { _id: values.effectiveFrom },
        { $setOnInsert: { ...values, createdBy, createdAt: new Date() } },
        { upsert: true, new: true, includeResultMetadata: true, lean: true, timestamps: false },
      );
      return {
        created: !res.lastErrorObject?.updatedExisting,
        stored: toPolicy(res.value as PolicyValuesDoc),
      };
    },
  };
}

export type PolicyValuesRepository = ReturnType<typeof policyValuesRepository>;
