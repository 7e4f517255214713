import type { Connection, UpdateQuery } from 'mongoose';
import { trusted } from '@rammeaftale/db';
import { contractModel, type ContractDoc } from './contract.model';
import type { Contract, ContractStatus, LetterRecord } from './contract.types';

/**
 * Whose contracts a caller may see. Every query of a contract carries one, so a case worker of
 * another municipality or another supplier cannot tell a contract exists (404, zero bytes).
 */
export type ContractScope =
  | { kind: 'all' }
  | { kind: 'municipality'; organisationId: string }
  | { kind: 'supplier'; organisationId: string };

const scopeFilter = (scope: ContractScope): Record<string, string> =>
  scope.kind === 'municipality'
    ? { 'access.municipalities': scope.organisationId }
    : scope.kind === 'supplier'
      ? { 'access.supplier': scope.organisationId }
      : {};

// Empty arrays and objects may be left out of the stored document; the plain object always has them.
const toContract = ({ _id, ...rest }: ContractDoc): Contract => ({
  id: _id,
  ...rest,
  signatures: rest.signatures ?? {},
  amendments: rest.amendments ?? [],
  priceHistory: rest.priceHistory ?? [],
  versions: rest.versions ?? [],
  audit: rest.audit ?? [],
  letters: rest.letters ?? [],
});

const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;

/** Plain objects in and out: no mongoose document leaves this file. */
export function contractRepository(conn: Connection) {
  const Contract = contractModel(conn);
  return {
    /**
     * Inserts the draft unless a contract with this id exists; returns the stored one either way.
     * Two deliveries of the same event racing each other: one upsert wins, the other reads it.
     */
    async insertDraft(doc: ContractDoc): Promise<{ contract: Contract; created: boolean }> {
      for (let attempt = 0; ; attempt++) {
        try {
          const res = await Contract.findOneAndUpdate(
            { _id: doc._id },
            { $setOnInsert: doc },
            // Timestamps come with the document: a repeated draft must not touch the stored one.
            { upsert: true, new: true, includeResultMetadata: true, lean: true, timestamps: false },
          );
          return {
            contract: toContract(res.value as ContractDoc),
            created: !res.lastErrorObject?.updatedExisting,
          };
        } catch (err) {
          if (!isDuplicateKey(err) || attempt >= 2) throw err;
        }
      }
    },
    async get(id: string, scope: ContractScope): Promise<Contract | undefined> {
      const doc = await Contract.findOne({ _id: id, ...scopeFilter(scope) }).lean();
      return doc ? toContract(doc as ContractDoc) : undefined;
    },
    async getByOrder(orderId: string): Promise<Contract | undefined> {
      const doc = await Contract.findOne({ orderId }).lean();
      return doc ? toContract(doc as ContractDoc) : undefined;
    },
    async list(
      scope: ContractScope,
      filter: { status?: ContractStatus },
      limit: number,
    ): Promise<Contract[]> {
      const docs = await Contract.find({
        ...scopeFilter(scope),
        ...(filter.status ? { status: filter.status } : {}),
      })
        .sort({ updatedAt: -1 })
        .limit(limit)
        .lean();
      return (docs as ContractDoc[]).map(toContract);
    },
    /**
     * The one way a contract changes: a guarded single-document update. It applies only if the
     * contract is visible in `scope`, is in one of `from`, and (when given) still at `version`,
     * so concurrent or repeated requests cannot both succeed.
     */
    async update(
      id: string,
      scope: ContractScope,
      guard: { from: readonly ContractStatus[]; version?: number },
      update: UpdateQuery<ContractDoc>,
    ): Promise<Contract | undefined> {
      const doc = await Contract.findOneAndUpdate(
        {
          _id: id,
          ...scopeFilter(scope),
          status: trusted({ $in: [...guard.from] }),
          ...(guard.version !== undefined ? { version: guard.version } : {}),
        },
        update,
        { new: true, lean: true },
      );
      return doc ? toContract(doc as ContractDoc) : undefined;
    },
    /** The supplier's running (active or amended) contracts on one of its offers. */
    async runningOnOffer(offerId: string, supplierOrganisationId: string): Promise<Contract[]> {
      const docs = await Contract.find({
        'offer.offerId': offerId,
        'access.supplier': supplierOrganisationId,
        status: trusted({ $in: ['active', 'amended'] }),
      })
        .sort({ _id: 1 })
        .limit(5000)
        .lean();
      return (docs as ContractDoc[]).map(toContract);
    },
    /**
     * What purchase volume is computed from: contracts that have run (active, amended or
     * terminated), with only the fields needed, optionally for the offers of one authority.
     */
    async forPurchaseVolume(
      filter: { supervisingAuthority?: string },
      limit: number,
    ): Promise<
      Pick<
        Contract,
        | 'id'
        | 'status'
        | 'supplier'
        | 'offer'
        | 'startDate'
        | 'activatedOn'
        | 'priceHistory'
        | 'termination'
      >[]
    > {
      const docs = await Contract.find(
        {
          status: trusted({ $in: ['active', 'amended', 'terminated'] }),
          ...(filter.supervisingAuthority
            ? { 'offer.supervisingAuthority': filter.supervisingAuthority }
            : {}),
        },
        {
          status: 1,
          supplier: 1,
          offer: 1,
          startDate: 1,
          activatedOn: 1,
          priceHistory: 1,
          termination: 1,
        },
      )
        .limit(limit)
        .lean();
      return (docs as ContractDoc[]).map(({ _id, ...c }) => ({
        id: _id,
        status: c.status,
        supplier: c.supplier,
        offer: c.offer,
        startDate: c.startDate,
        activatedOn: c.activatedOn,
        priceHistory: c.priceHistory ?? [],
        termination: c.termination,
      }));
    },
    /** Records the hash of a version's stored PDF (once; the first stored document wins). */
    async setDocumentHash(id: string, version: number, hash: string): Promise<void> {
      await Contract.updateOne(
        { _id: id },
        { $set: { [`versions.${version - 1}.documentHash`]: hash } },
      );
    },
    async updateLetter(
      id: string,
      key: string,
      set: Partial<Pick<LetterRecord, 'status' | 'lastError' | 'acceptedAt'>>,
      opts: { countAttempt: boolean },
    ): Promise<void> {
      const doc = await Contract.findById(id, { letters: 1 }).lean();
      const index = (doc?.letters ?? []).findIndex((l) => l.key === key);
      if (index < 0) return;
      const prefix = `letters.${index}`;
      await Contract.updateOne(
        { _id: id, [`${prefix}.key`]: key, [`${prefix}.status`]: 'pending' },
        {
          $set: Object.fromEntries(Object.entries(set).map(([k, v]) => [`${prefix}.${k}`, v])),
          ...(opts.countAttempt ? { $inc: { [`${prefix}.attempts`]: 1 } } : {}),
        },
      );
    },
    /** Contracts with a letter the notifications worker has not taken yet, untouched since `before`. */
    async withPendingLetters(before: Date, limit: number): Promise<Contract[]> {
      const docs = await Contract.find({
        'letters.status': 'pending',
        updatedAt: trusted({ $lt: before }),
      })
        .limit(limit)
        .lean();
      return (docs as ContractDoc[]).map(toContract);
    },
  };
}

export type ContractRepository = ReturnType<typeof contractRepository>;
