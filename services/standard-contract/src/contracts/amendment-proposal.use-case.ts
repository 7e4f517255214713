import type { Actor } from '@rammeaftale/auth';
import { crossTenant, withLease, type TenantScope } from '@rammeaftale/db';
import { ConflictError, RejectedError } from '@rammeaftale/domain';
import { ensureCurrentDocument } from '../documents/ensure-document.use-case';
import { amendmentLetterKey, type AmendmentLetterKind } from '../letters/amendment-letter.rules';
import { tryDeliverLetter } from '../letters/deliver-letters.use-case';
import { isoDay } from '../tariffs/tariff-change.rules';
import {
  amendmentChange,
  assessedPriceChange,
  type AmendDeps,
  type AmendmentInput,
} from './amend-contract.use-case';
import {
  changedWords,
  changesPrice,
  decisionRefusal,
  proposalProblems,
  type ProposalInput,
} from './amendment-proposal.rules';
import { actorRef, isBuyer, isSupplier } from './contract.access';
import { otherSide, type ContractSide } from './contract-ending.rules';
import type { ContractParty } from './contract.repository';
import type { AmendmentProposal, Contract, LetterRecord } from './contract.types';
import { changeContract, type ChangeSteps, type ContractChange } from './change-contract';

/**
 * Amendments by agreement (the standard contract's "ændringer efter aftale"): one party of a
 * running contract proposes a change — services, price outside the tariff path, the agreed end —
 * and the other party accepts or declines it. The proposal leaves the contract as it is; an
 * acceptance makes it a numbered amendment and a new version (with its PDF), the proposal kept
 * beside it. Each step tells the other party by letter, recorded in the same write (the outbox).
 * At most one proposal awaits an answer at a time: the contract's `pendingProposal` guards the
 * write, so a decision cannot be taken twice nor a second proposal slip in beside the first.
 */

const PARTIES = 'the acting municipality or the supplier';
const sideOf = (actor: Actor): ContractSide => (actor.role === 'supplier' ? 'supplier' : 'buyer');
const isParty = (actor: Actor, c: Contract) => isBuyer(actor, c) || isSupplier(actor, c);

/**
 * The letter about a proposal to `to`, pushed with the change and handed over after it; `numberOf`
 * names the proposal on the contract as read before the change.
 */
function withLetter(
  deps: AmendDeps,
  kind: AmendmentLetterKind,
  to: (c: Contract) => ContractSide,
  numberOf: (c: Contract) => number,
  build: (
    c: Contract,
    now: Date,
    scope: TenantScope<ContractParty>,
  ) => ContractChange | Promise<ContractChange>,
): Pick<ChangeSteps, 'build' | 'after'> {
  return {
    build: async (c, now, scope) => {
      const change = await build(c, now, scope);
      const number = numberOf(c);
      const letter: LetterRecord = {
        key: amendmentLetterKey(c.id, kind, number),
        version: change.version ?? c.version,
        kind,
        to: to(c),
        proposal: number,
        status: 'pending',
        attempts: 0,
        createdAt: now,
      };
      const push = (change.update.$push ?? {}) as Record<string, unknown>;
      return { ...change, update: { ...change.update, $push: { ...push, letters: letter } } };
    },
    // The letter this change recorded is the newest of its kind.
    after: async (updated, scope) => {
      const letter = updated.letters.filter((l) => l.kind === kind).at(-1);
      if (letter) await tryDeliverLetter(deps, scope, updated, letter.key);
    },
  };
}

/**
 * Runs a proposal step holding the contract's proposal lease: two answers at once (a double
 * click, two people) are taken one after the other, so the second reads the first's outcome
 * and is refused as decided. The guarded write alone decides this on MongoDB only (ADR 0002).
 */
const oneAtATime = <T>(deps: AmendDeps, contractId: string, work: () => Promise<T>) =>
  withLease(
    deps.contracts.locks,
    crossTenant('a lease names one contract, whoever holds it'),
    `contract-proposals:${contractId}`,
    work,
    {
      busy: () =>
        new ConflictError("Another step on this contract's proposals is being stored; try again"),
    },
  );

const refused = (issue: { field: string; code?: string; message: string }, detail: string) =>
  new ConflictError(detail, { code: issue.code, issues: [issue], part: 'body' });

/** One party proposes; the other party gets a letter (and the portal tells its people). */
export function proposeAmendment(
  deps: AmendDeps,
  actor: Actor,
  id: string,
  input: ProposalInput,
): Promise<Contract> {
  const side = sideOf(actor);
  const numberOf = (c: Contract) => c.amendmentProposals.length + 1;
  const letter = withLetter(
    deps,
    'amendment-proposed',
    () => otherSide(side),
    numberOf,
    (c, now) => {
      if (c.pendingProposal !== undefined)
        throw refused(
          {
            field: 'changes',
            code: 'proposal-pending',
            message: `proposal ${c.pendingProposal} awaits an answer`,
          },
          `Proposal ${c.pendingProposal} awaits the other party; it is decided before another is made`,
        );
      const problems = proposalProblems(c, input);
      if (problems.length)
        throw new RejectedError(`The amendment cannot be proposed: ${problems[0]!.message}`, {
          code: 'invalid-amendment-proposal',
          issues: problems,
          part: 'body',
        });
      const number = numberOf(c);
      const proposal: AmendmentProposal = {
        number,
        status: 'pending',
        party: side,
        proposedBy: actorRef(actor),
        proposedAt: now,
        basedOnVersion: c.version,
        effectiveFrom: input.effectiveFrom,
        reason: input.reason,
        changes: input.changes,
      };
      return {
        update: { $set: { pendingProposal: number }, $push: { amendmentProposals: proposal } },
        detail: { proposal: number, party: side, changes: Object.keys(input.changes) },
      };
    },
  );
  return oneAtATime(deps, id, () =>
    changeContract(deps, actor, id, 'propose-amendment', {
      who: PARTIES,
      mayAct: (c) => isParty(actor, c),
      pendingProposal: null,
      ...letter,
    }),
  );
}

/** The proposal as decided: the whole list, rewritten (it is short, and kept in one write). */
const decided = (
  c: Contract,
  number: number,
  decision: AmendmentProposal['decision'],
  status: 'accepted' | 'declined',
) => c.amendmentProposals.map((p) => (p.number === number ? { ...p, status, decision } : p));

/** The contract's terms an accepted proposal changes besides the price (the amendment has that). */
function termsSet(p: AmendmentProposal): Record<string, unknown> {
  return {
    ...(p.changes.services ? { services: p.changes.services } : {}),
    ...(p.changes.endDate ? { endDate: p.changes.endDate } : {}),
  };
}

/**
 * The other party accepts or declines proposal `number`. Accepted: a numbered amendment and a new
 * version, the price (if it changes) assessed against the price in force with the P/L rate of its
 * day and recorded as approved by the buyer, who is a party to the agreement either way. The
 * proposer gets a letter of the decision. The proposer cannot decide (409 `own-proposal`), nor can
 * anyone decide a decided proposal (409 `proposal-decided`).
 */
export function decideAmendmentProposal(
  deps: AmendDeps,
  actor: Actor,
  id: string,
  number: number,
  input: { decision: 'accept' | 'decline'; comment?: string },
): Promise<Contract> {
  const side = sideOf(actor);
  const accept = input.decision === 'accept';
  const letter = withLetter(
    deps,
    accept ? 'amendment-accepted' : 'amendment-declined',
    () => otherSide(side),
    () => number,
    async (c, now, scope) => {
      const p = c.amendmentProposals.find((x) => x.number === number);
      const refusal = decisionRefusal(p, side);
      if (refusal || !p)
        throw refused(refusal!, `The proposal cannot be decided: ${refusal!.message}`);
      const by = actorRef(actor);
      const comment = input.comment ? { comment: input.comment } : {};
      if (!accept)
        return {
          update: {
            $set: {
              amendmentProposals: decided(c, number, { by, at: now, ...comment }, 'declined'),
            },
            $unset: { pendingProposal: '' },
          },
          detail: { proposal: number, decision: 'declined' },
        };
      return acceptedChange(deps, scope, actor, c, p, now, comment);
    },
  );
  return oneAtATime(deps, id, () =>
    changeContract(deps, actor, id, accept ? 'accept-amendment' : 'decline-amendment', {
      who: PARTIES,
      mayAct: (c) => isParty(actor, c),
      pendingProposal: number,
      build: letter.build,
      after: async (updated, scope) => {
        if (accept)
          await ensureCurrentDocument(deps, scope, updated).catch((err: unknown) =>
            deps.logger.warn(
              { err, contractId: id },
              'rendering the amendment failed; retried on read',
            ),
          );
        await letter.after?.(updated, scope);
      },
    }),
  );
}

/** The accepted proposal as an amendment (no letter of its own: the decision letter tells it). */
async function acceptedChange(
  deps: AmendDeps,
  scope: TenantScope<ContractParty>,
  actor: Actor,
  c: Contract,
  p: AmendmentProposal,
  now: Date,
  comment: { comment?: string },
): Promise<ContractChange> {
  // The current version's PDF is stored before the contract moves on: it cannot be re-made later.
  await ensureCurrentDocument(deps, scope, c);
  const buyer = p.party === 'buyer' ? p.proposedBy : actorRef(actor);
  const input: AmendmentInput = {
    kind: changesPrice(p.changes) ? 'price-change' : 'terms',
    effectiveFrom: p.effectiveFrom,
    description: `Ændring efter aftale (forslag nr. ${p.number}): ${changedWords(p.changes)}`,
    ...(changesPrice(p.changes)
      ? {
          dailyBasisTariffOre: p.changes.dailyBasisTariffOre ?? c.price.dailyBasisTariffOre,
          additionalTariffs: p.changes.additionalTariffs ?? c.price.additionalTariffs,
          buyerApproval: {
            reference: `amendment-proposal:${c.id}:${p.number}`,
            approvedBy: buyer.userId,
            approvedOn: isoDay(now),
          },
        }
      : {}),
  };
  const priceChange =
    input.kind === 'price-change'
      ? await assessedPriceChange(deps, actor, input, c, now)
      : undefined;
  const change = amendmentChange(actor, input, c, now, priceChange, { letter: false });
  const amendmentNumber = c.amendments.length + 1;
  const decision = {
    by: actorRef(actor),
    at: now,
    ...comment,
    amendmentNumber,
    version: change.version,
  };
  return {
    ...change,
    update: {
      ...change.update,
      $set: {
        ...(change.update.$set ?? {}),
        ...termsSet(p),
        amendmentProposals: decided(c, p.number, decision, 'accepted'),
      },
      $unset: { pendingProposal: '' },
    },
    detail: { ...change.detail, proposal: p.number, decision: 'accepted' },
  };
}
