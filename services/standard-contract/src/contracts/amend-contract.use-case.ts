import type { Actor } from '@rammeaftale/auth';
import { RejectedError } from '@rammeaftale/domain';
import { ensureCurrentDocument } from '../documents/ensure-document.use-case';
import { contractLetterKey } from '../letters/contract-letter.rules';
import { tryDeliverLetter } from '../letters/deliver-letters.use-case';
import { actorRef, isBuyer } from './contract.access';
import { assessPriceChange, priceRecord } from './contract.rules';
import type {
  Amendment,
  AmendmentKind,
  BuyerApproval,
  Contract,
  LetterRecord,
  PriceHistoryEntry,
} from './contract.types';
import { changeContract, type ContractChange } from './change-contract';
import type { LifecycleDeps } from './contract-lifecycle.use-case';
import type { PolicySource } from '../policy/policy-values.client';

export interface AmendmentInput {
  kind: AmendmentKind;
  effectiveFrom: string;
  description?: string;
  dailyBasisTariffOre?: number;
  additionalTariffs?: { description: string; dailyOre: number }[];
  tariffYear?: number;
  buyerApproval?: { reference: string; approvedBy?: string; approvedOn?: string };
  /** Internal only (never from a request): the tariff change this amendment carries out. */
  tariffChangeId?: string;
  /**
   * Internal only: the policy values the tariff change was decided on, so the amendment records
   * the same values as the decision even if the registry learned a correction in between.
   */
  policy?: { year: number; effectiveFrom: string; plRateBp: number };
}

export type AmendDeps = LifecycleDeps & { policies: PolicySource };

export type PriceChange = Required<Pick<Amendment, 'price' | 'change'>> &
  Pick<Amendment, 'approval'>;

/**
 * A numbered amendment to an active contract; it makes a new contract version with its own PDF,
 * and the supplier gets a letter about it. A price change is assessed against the daily price in
 * force: an increase strictly above P/L applies only with the buyer's approval recorded (the
 * tariff flow passes the approval it obtained). The P/L rate is the one in force on the effective
 * date in the policy registry (no answer from the registry: 503, nothing changes); the values used
 * are recorded with the change.
 */
export async function amendContract(
  deps: AmendDeps,
  actor: Actor,
  id: string,
  input: AmendmentInput,
): Promise<{ contract: Contract; amendment: Amendment }> {
  const updated = await changeContract(deps, actor, id, 'amend', {
    who: 'the acting municipality or the tariff flow',
    mayAct: (c) => isBuyer(actor, c) || actor.role === 'service',
    build: async (c, now, scope) => {
      // The current version's PDF is stored before the contract moves on: it cannot be re-made later.
      await ensureCurrentDocument(deps, scope, c);
      const priceChange =
        input.kind === 'price-change'
          ? await assessedPriceChange(deps, actor, input, c, now)
          : undefined;
      return amendmentChange(actor, input, c, now, priceChange);
    },
    after: async (contract, scope) => {
      await ensureCurrentDocument(deps, scope, contract).catch((err: unknown) =>
        deps.logger.warn(
          { err, contractId: id },
          'rendering the amendment failed; retried on read',
        ),
      );
      await tryDeliverLetter(
        deps,
        scope,
        contract,
        contractLetterKey(contract.id, contract.version),
      );
    },
  });
  return { contract: updated, amendment: updated.amendments[updated.amendments.length - 1]! };
}

/**
 * The new price against the one in force, with the P/L rate of its date; refused (422) when it
 * would apply before the price in force, or rises above P/L without the buyer's approval.
 */
export async function assessedPriceChange(
  deps: AmendDeps,
  actor: Actor,
  input: AmendmentInput,
  c: Contract,
  now: Date,
): Promise<PriceChange> {
  const lastPriceFrom = c.priceHistory[c.priceHistory.length - 1]?.validFrom ?? c.startDate;
  if (input.effectiveFrom < lastPriceFrom)
    throw new RejectedError('A price change cannot apply before the price in force', {
      code: 'invalid-amendment',
      issues: [{ field: 'effectiveFrom', message: `must be on or after ${lastPriceFrom}` }],
      part: 'body',
    });
  const price = priceRecord({
    dailyBasisTariffOre: input.dailyBasisTariffOre!,
    additionalTariffs: input.additionalTariffs ?? c.price.additionalTariffs,
    tariffYear: input.tariffYear ?? c.price.tariffYear,
  });
  const policy = input.policy ?? (await deps.policies.inForceOn(input.effectiveFrom));
  const change = {
    ...assessPriceChange(c.price.dailyTotalOre, price.dailyTotalOre, policy.plRateBp),
    policyYear: policy.year,
    policyEffectiveFrom: policy.effectiveFrom,
  };
  if (change.exceedsPl && !input.buyerApproval)
    throw new RejectedError(
      `The increase of ${change.increasePercent} is above P/L (${policy.plRateBp / 100} % in ${policy.year}); it applies only with the buyer's approval`,
      {
        code: 'buyer-approval-required',
        issues: [
          {
            field: 'buyerApproval',
            message: 'required for an increase above P/L: the reference of the buyer’s approval',
          },
        ],
        part: 'body',
      },
    );
  const approval: BuyerApproval | undefined = input.buyerApproval && {
    reference: input.buyerApproval.reference,
    approvedBy: input.buyerApproval.approvedBy ?? actor.userId,
    approvedOn: input.buyerApproval.approvedOn ?? now.toISOString().slice(0, 10),
  };
  return { price, change, ...(approval ? { approval } : {}) };
}

/**
 * The amendment, its price history entry, the new version and its letter, as one write. An
 * amendment the parties agreed through a proposal brings its own letter (`letter: false`).
 */
export function amendmentChange(
  actor: Actor,
  input: AmendmentInput,
  c: Contract,
  now: Date,
  priceChange: PriceChange | undefined,
  opts: { letter: boolean } = { letter: true },
): ContractChange {
  const number = c.amendments.length + 1;
  const version = c.version + 1;
  const by = actorRef(actor);
  const amendment: Amendment = {
    number,
    kind: input.kind,
    description:
      input.description ??
      (input.kind === 'price-change' ? 'Ændring af prisen' : 'Ændring af kontraktens vilkår'),
    effectiveFrom: input.effectiveFrom,
    version,
    ...priceChange,
    ...(input.tariffChangeId ? { tariffChangeId: input.tariffChangeId } : {}),
    createdAt: now,
    createdBy: by,
  };
  const letter: LetterRecord = {
    key: contractLetterKey(c.id, version),
    version,
    status: 'pending',
    attempts: 0,
    createdAt: now,
  };
  const history: PriceHistoryEntry | undefined = priceChange && {
    validFrom: input.effectiveFrom,
    ...priceChange,
    source: 'amendment',
    amendmentNumber: number,
    recordedAt: now,
    recordedBy: by,
  };
  return {
    update: {
      $set: { version, ...(priceChange ? { price: priceChange.price } : {}) },
      $push: {
        amendments: amendment,
        versions: { number: version, createdAt: now, reason: `Tillæg nr. ${number}` },
        ...(opts.letter ? { letters: letter } : {}),
        ...(history ? { priceHistory: history } : {}),
      },
    },
    version,
    detail: amendmentDetail(input, number, priceChange),
  };
}

/** What the audit trail records of an amendment (no prices: those are on the amendment). */
function amendmentDetail(
  input: AmendmentInput,
  number: number,
  priceChange: PriceChange | undefined,
): Record<string, unknown> {
  return {
    amendment: number,
    kind: input.kind,
    ...(priceChange
      ? {
          increasePercent: priceChange.change.increasePercent,
          exceedsPl: priceChange.change.exceedsPl,
          plRateBp: priceChange.change.plRateBp,
          policyYear: priceChange.change.policyYear,
        }
      : {}),
    ...(priceChange?.approval ? { approvalReference: priceChange.approval.reference } : {}),
    ...(input.tariffChangeId ? { tariffChangeId: input.tariffChangeId } : {}),
  };
}
