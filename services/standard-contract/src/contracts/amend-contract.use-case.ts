import type { Actor } from '@rammeaftale/auth';
import { ProblemError } from '@rammeaftale/http';
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
import { changeContract } from './change-contract';
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
    build: async (c, now) => {
      // The current version's PDF is stored before the contract moves on: it cannot be re-made later.
      await ensureCurrentDocument(deps, c);
      const number = c.amendments.length + 1;
      const version = c.version + 1;
      const by = actorRef(actor);
      let priceChange: Pick<Amendment, 'price' | 'change' | 'approval'> = {};
      const set: Record<string, unknown> = { version };
      const push: Record<string, unknown> = {};
      const lastPriceFrom = c.priceHistory[c.priceHistory.length - 1]?.validFrom ?? c.startDate;
      if (input.kind === 'price-change' && input.effectiveFrom < lastPriceFrom)
        throw new ProblemError(422, 'A price change cannot apply before the price in force', {
          title: 'Invalid Amendment',
          errors: [
            { field: 'body.effectiveFrom', message: `must be on or after ${lastPriceFrom}` },
          ],
        });
      if (input.kind === 'price-change') {
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
          throw new ProblemError(
            422,
            `The increase of ${change.increasePercent} is above P/L (${policy.plRateBp / 100} % in ${policy.year}); it applies only with the buyer's approval`,
            {
              title: 'Buyer Approval Required',
              errors: [
                {
                  field: 'body.buyerApproval',
                  message:
                    'required for an increase above P/L: the reference of the buyer’s approval',
                },
              ],
            },
          );
        const approval: BuyerApproval | undefined = input.buyerApproval && {
          reference: input.buyerApproval.reference,
          approvedBy: input.buyerApproval.approvedBy ?? actor.userId,
          approvedOn: input.buyerApproval.approvedOn ?? now.toISOString().slice(0, 10),
        };
        priceChange = { price, change, ...(approval ? { approval } : {}) };
        const history: PriceHistoryEntry = {
          validFrom: input.effectiveFrom,
          price,
          source: 'amendment',
          amendmentNumber: number,
          change,
          ...(approval ? { approval } : {}),
          recordedAt: now,
          recordedBy: by,
        };
        set.price = price;
        push.priceHistory = history;
      }
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
      push.amendments = amendment;
      push.versions = { number: version, createdAt: now, reason: `Tillæg nr. ${number}` };
      push.letters = letter;
      return {
        update: { $set: set, $push: push },
        version,
        detail: {
          amendment: number,
          kind: input.kind,
          ...(priceChange.change
            ? {
                increasePercent: priceChange.change.increasePercent,
                exceedsPl: priceChange.change.exceedsPl,
                plRateBp: priceChange.change.plRateBp,
                policyYear: priceChange.change.policyYear,
              }
            : {}),
          ...(priceChange.approval ? { approvalReference: priceChange.approval.reference } : {}),
          ...(input.tariffChangeId ? { tariffChangeId: input.tariffChangeId } : {}),
        },
      };
    },
  });
  const amendment = updated.amendments[updated.amendments.length - 1]!;
  await ensureCurrentDocument(deps, updated).catch((err: unknown) =>
    deps.logger.warn({ err, contractId: id }, 'rendering the amendment failed; retried on read'),
  );
  await tryDeliverLetter(deps, updated, contractLetterKey(updated.id, updated.version));
  return { contract: updated, amendment };
}
