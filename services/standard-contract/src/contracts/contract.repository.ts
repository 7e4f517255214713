import type { Connection, Model, UpdateQuery } from 'mongoose';
import {
  LeaseRepository,
  requireCrossTenant,
  scopeFilter,
  trusted,
  type ScopeFilters,
  type TenantScope,
} from '@rammeaftale/db';
import { literalPattern, type ListPosition } from './contract-list.rules';
import { contractModel, type ContractDoc } from './contract.model';
import type { Contract, ContractStatus, LetterRecord } from './contract.types';

/**
 * The parties that see contracts of their own: the municipalities that act or pay (by their tenant
 * keys) and the supplier. Every query carries the caller's scope, so a case worker of another
 * municipality or another supplier cannot tell a contract exists (404, zero bytes).
 */
export type ContractParty = 'municipality' | 'supplier';

const CONTRACT_FILTERS: ScopeFilters<ContractParty> = {
  municipality: (id) => ({ 'access.municipalities': id }),
  supplier: (id) => ({ 'access.supplier': id }),
};

/** Purchase volume for an authority: the contracts on the offers it supervises. */
const SUPERVISED_FILTERS: ScopeFilters<'authority'> = {
  authority: (name) => ({ 'offer.supervisingAuthority': name }),
};

/** What purchase volume is computed from: only the fields it needs. */
export type VolumeContract = Pick<
  Contract,
  | 'id'
  | 'status'
  | 'supplier'
  | 'payingMunicipality'
  | 'offer'
  | 'startDate'
  | 'activatedOn'
  | 'priceHistory'
  | 'termination'
>;

// Empty arrays and objects may be left out of the stored document; the plain object always has them.
const toContract = ({ _id, pendingEvents: _events, ...rest }: ContractDoc): Contract => ({
  id: _id,
  ...rest,
  signatures: rest.signatures ?? {},
  amendments: rest.amendments ?? [],
  amendmentProposals: rest.amendmentProposals ?? [],
  priceHistory: rest.priceHistory ?? [],
  versions: rest.versions ?? [],
  audit: rest.audit ?? [],
  letters: rest.letters ?? [],
});

/** What the contract list can be narrowed by (`GET /contracts`). */
export interface ContractListFilter {
  status?: ContractStatus;
  supplierId?: string;
  municipalityId?: string;
  offerId?: string;
  q?: string;
}

function listFilters(f: ContractListFilter): object[] {
  const parts: object[] = [{}];
  if (f.status) parts.push({ status: f.status });
  if (f.supplierId) parts.push({ 'access.supplier': f.supplierId });
  if (f.municipalityId) parts.push({ 'access.municipalities': f.municipalityId });
  if (f.offerId) parts.push({ 'offer.offerId': f.offerId });
  if (f.q) {
    const like = trusted({ $regex: literalPattern(f.q), $options: 'i' });
    parts.push({
      $or: trusted([
        { _id: f.q },
        { orderId: f.q },
        { 'offer.name': like },
        { 'supplier.name': like },
      ]),
    });
  }
  return parts;
}

const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;

/** Plain objects in and out: no mongoose document leaves this file. */
export class ContractRepository {
  private readonly Contract: Model<ContractDoc>;

  /** Settles once the unique orderId index of older databases is gone (ADR 0015). */
  private readonly oneContractPerOrderIndexGone: Promise<void>;

  /**
   * Short leases (`contract_locks`, a unique `_id` insert) that serialise the steps on a contract
   * whose guarded write alone is not atomic on FerretDB 1.x (ADR 0002): amendment proposals and
   * their decisions.
   */
  readonly locks: LeaseRepository;

  constructor(conn: Connection) {
    this.Contract = contractModel(conn);
    this.locks = new LeaseRepository(conn, { model: 'ContractLock', collection: 'contract_locks' });
    this.oneContractPerOrderIndexGone = this.Contract.collection.dropIndex('orderId_1').then(
      () => undefined,
      // No such index (a new database) or no collection yet: nothing to drop.
      () => undefined,
    );
  }

  /** Every contract of one order (its live one and those ended before coming into force), oldest first. */
  async forOrder(scope: TenantScope<ContractParty>, orderId: string): Promise<Contract[]> {
    const docs = await this.Contract.find({ orderId, ...scopeFilter(scope, CONTRACT_FILTERS) })
      .sort({ createdAt: 1, _id: 1 })
      .limit(100)
      .lean();
    return docs.map(toContract);
  }

  /**
   * Inserts the draft unless a contract with this id exists; returns the stored one either way.
   * Two deliveries of the same event racing each other: one upsert wins, the other reads it.
   * Drafts are made by the service from a selected order, so only a cross-tenant scope drafts.
   */
  async insertDraft(
    scope: TenantScope<ContractParty>,
    doc: ContractDoc,
  ): Promise<{ contract: Contract; created: boolean }> {
    requireCrossTenant(scope);
    await this.oneContractPerOrderIndexGone;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.Contract.findOneAndUpdate(
          { _id: doc._id },
          { $setOnInsert: doc },
          // Timestamps come with the document: a repeated draft must not touch the stored one.
          { upsert: true, new: true, includeResultMetadata: true, lean: true, timestamps: false },
        );
        return {
          contract: toContract(res.value!),
          created: !res.lastErrorObject?.updatedExisting,
        };
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= 2) throw err;
      }
    }
  }

  async get(scope: TenantScope<ContractParty>, id: string): Promise<Contract | undefined> {
    const doc = await this.Contract.findOne({
      _id: id,
      ...scopeFilter(scope, CONTRACT_FILTERS),
    }).lean();
    return doc ? toContract(doc) : undefined;
  }

  /**
   * One page of the contracts in `scope` that match, newest change first (the id breaks ties),
   * starting after `after`; and how many match on all pages. The filters are their own `$and`
   * part, so a filter on the same field as the tenant's can narrow it but never replace it.
   */
  async list(
    scope: TenantScope<ContractParty>,
    filter: ContractListFilter,
    page: { limit: number; after?: ListPosition },
  ): Promise<{ contracts: Contract[]; count: number }> {
    const match = { ...scopeFilter(scope, CONTRACT_FILTERS), $and: trusted(listFilters(filter)) };
    const after = page.after
      ? {
          $or: trusted([
            { updatedAt: trusted({ $lt: page.after.updatedAt }) },
            { updatedAt: page.after.updatedAt, _id: trusted({ $lt: page.after.id }) },
          ]),
        }
      : {};
    const [docs, count] = await Promise.all([
      this.Contract.find({ ...match, ...after })
        .sort({ updatedAt: -1, _id: -1 })
        .limit(page.limit)
        .lean(),
      this.Contract.countDocuments(match),
    ]);
    return { contracts: docs.map(toContract), count };
  }

  /**
   * The one way a contract changes: a guarded single-document update. It applies only if the
   * contract is visible in `scope`, is in one of `from`, and (when given) still at `version`,
   * so concurrent or repeated requests cannot both succeed.
   */
  async update(
    scope: TenantScope<ContractParty>,
    id: string,
    guard: {
      from: readonly ContractStatus[];
      version?: number;
      /** The proposal that must be pending (a number), or none may be (null). */
      pendingProposal?: number | null;
    },
    update: UpdateQuery<ContractDoc>,
  ): Promise<Contract | undefined> {
    const pending = guard.pendingProposal;
    const doc = await this.Contract.findOneAndUpdate(
      {
        _id: id,
        ...scopeFilter(scope, CONTRACT_FILTERS),
        status: trusted({ $in: [...guard.from] }),
        ...(guard.version !== undefined ? { version: guard.version } : {}),
        ...(pending === null ? { pendingProposal: trusted({ $exists: false }) } : {}),
        ...(typeof pending === 'number' ? { pendingProposal: pending } : {}),
      },
      update,
      { new: true, lean: true },
    );
    return doc ? toContract(doc) : undefined;
  }

  /** The running (active or amended) contracts in `scope` on one offer. */
  async runningOnOffer(scope: TenantScope<ContractParty>, offerId: string): Promise<Contract[]> {
    const docs = await this.Contract.find({
      ...scopeFilter(scope, CONTRACT_FILTERS),
      'offer.offerId': offerId,
      status: trusted({ $in: ['active', 'amended'] }),
    })
      .sort({ _id: 1 })
      .limit(5000)
      .lean();
    return docs.map(toContract);
  }

  /**
   * What purchase volume is computed from: contracts that have run (active, amended or
   * terminated), with only the fields needed; an authority's scope holds the offers it supervises.
   */
  async forPurchaseVolume(
    scope: TenantScope<'authority'>,
    limit: number,
  ): Promise<VolumeContract[]> {
    const docs = await this.Contract.find(
      {
        ...scopeFilter(scope, SUPERVISED_FILTERS),
        status: trusted({ $in: ['active', 'amended', 'terminated'] }),
      },
      {
        status: 1,
        supplier: 1,
        payingMunicipality: 1,
        offer: 1,
        startDate: 1,
        activatedOn: 1,
        priceHistory: 1,
        termination: 1,
      },
    )
      .limit(limit)
      .lean();
    return docs.map(({ _id, ...c }) => ({
      id: _id,
      status: c.status,
      supplier: c.supplier,
      payingMunicipality: c.payingMunicipality,
      offer: c.offer,
      startDate: c.startDate,
      activatedOn: c.activatedOn,
      priceHistory: c.priceHistory ?? [],
      termination: c.termination,
    }));
  }

  /** Records the hash of a version's stored PDF (once; the first stored document wins). */
  async setDocumentHash(
    scope: TenantScope<ContractParty>,
    id: string,
    version: number,
    hash: string,
  ): Promise<void> {
    await this.Contract.updateOne(
      { _id: id, ...scopeFilter(scope, CONTRACT_FILTERS) },
      { $set: { [`versions.${version - 1}.documentHash`]: hash } },
    );
  }

  async updateLetter(
    scope: TenantScope<ContractParty>,
    id: string,
    key: string,
    set: Partial<Pick<LetterRecord, 'status' | 'lastError' | 'acceptedAt'>>,
    opts: { countAttempt: boolean },
  ): Promise<void> {
    const tenant = scopeFilter(scope, CONTRACT_FILTERS);
    const doc = await this.Contract.findOne({ _id: id, ...tenant }, { letters: 1 }).lean();
    const index = (doc?.letters ?? []).findIndex((l) => l.key === key);
    if (index < 0) return;
    const prefix = `letters.${index}`;
    await this.Contract.updateOne(
      { _id: id, ...tenant, [`${prefix}.key`]: key, [`${prefix}.status`]: 'pending' },
      {
        $set: Object.fromEntries(Object.entries(set).map(([k, v]) => [`${prefix}.${k}`, v])),
        ...(opts.countAttempt ? { $inc: { [`${prefix}.attempts`]: 1 } } : {}),
      },
    );
  }

  /**
   * What became of a letter the notifications worker took (status `accepted`): delivered, or
   * failed for good (a bounce among them). Guarded on `accepted`, so it is recorded once.
   */
  async recordLetterDelivery(
    scope: TenantScope<ContractParty>,
    id: string,
    key: string,
    set: Partial<Pick<LetterRecord, 'status' | 'lastError' | 'deliveredAt' | 'bouncedAt'>>,
  ): Promise<void> {
    const tenant = scopeFilter(scope, CONTRACT_FILTERS);
    const doc = await this.Contract.findOne({ _id: id, ...tenant }, { letters: 1 }).lean();
    const index = (doc?.letters ?? []).findIndex((l) => l.key === key);
    if (index < 0) return;
    const prefix = `letters.${index}`;
    await this.Contract.updateOne(
      { _id: id, ...tenant, [`${prefix}.key`]: key, [`${prefix}.status`]: 'accepted' },
      { $set: Object.fromEntries(Object.entries(set).map(([k, v]) => [`${prefix}.${k}`, v])) },
    );
  }

  /**
   * Contracts with a letter handed over since `since` (the follow-up's window: longer than the
   * notifications worker retries a letter); the caller picks the letters whose delivery is not
   * known yet. A dotted comparison, not `$elemMatch`, which FerretDB refuses here.
   */
  async withLettersHandedOverSince(
    scope: TenantScope<ContractParty>,
    since: Date,
    limit: number,
  ): Promise<Contract[]> {
    requireCrossTenant(scope);
    const docs = await this.Contract.find({
      'letters.status': 'accepted',
      'letters.acceptedAt': trusted({ $gte: since }),
    })
      .limit(limit)
      .lean();
    return docs.map(toContract);
  }

  /**
   * Contracts with a letter the notifications worker has not taken yet, untouched since `before`:
   * the reconciler's sweep over every tenant's outbox.
   */
  async withPendingLetters(
    scope: TenantScope<ContractParty>,
    before: Date,
    limit: number,
  ): Promise<Contract[]> {
    requireCrossTenant(scope);
    const docs = await this.Contract.find({
      'letters.status': 'pending',
      updatedAt: trusted({ $lt: before }),
    })
      .limit(limit)
      .lean();
    return docs.map(toContract);
  }
}
