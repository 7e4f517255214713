/**
 * Pure rules of amendments the parties agree on: one party proposes a change to a running
 * contract, the other accepts or declines it. No I/O; the use case throws what these find.
 */
import type { FieldIssue } from '@rammeaftale/domain';
import type { ContractSide } from './contract-ending.rules';
import type { AmendmentProposal, Contract, ProposedChanges } from './contract.types';

export interface ProposalInput {
  effectiveFrom: string;
  reason: string;
  changes: ProposedChanges;
}

export const changesPrice = (changes: ProposedChanges): boolean =>
  changes.dailyBasisTariffOre !== undefined || changes.additionalTariffs !== undefined;

/** The day the latest recorded price applies from: a price change cannot apply before it. */
export const lastPriceFrom = (c: Pick<Contract, 'priceHistory' | 'startDate'>): string =>
  c.priceHistory[c.priceHistory.length - 1]?.validFrom ?? c.startDate;

/**
 * What a proposal cannot ask for on this contract, by field: a change before the contract
 * started, a price before the price in force, an end before the changes apply.
 */
export function proposalProblems(
  c: Pick<Contract, 'activatedOn' | 'startDate' | 'priceHistory'>,
  input: ProposalInput,
): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const started = c.activatedOn ?? c.startDate;
  if (input.effectiveFrom < started)
    problems.push({
      field: 'effectiveFrom',
      code: 'before-start',
      message: `must be on or after the day the contract started (${started})`,
    });
  const priceFrom = lastPriceFrom(c);
  if (changesPrice(input.changes) && input.effectiveFrom < priceFrom)
    problems.push({
      field: 'effectiveFrom',
      code: 'before-price-in-force',
      message: `a price change must apply on or after ${priceFrom}, the day the price in force applies from`,
    });
  const end = input.changes.endDate;
  if (end !== undefined && end < input.effectiveFrom)
    problems.push({
      field: 'changes.endDate',
      code: 'end-before-effective',
      message: 'the contract cannot end before the change applies',
    });
  return problems;
}

/**
 * Why the party `side` cannot decide proposal `p` (undefined: it can). Only the other party
 * decides: whoever proposed cannot accept (or decline) their own proposal; a decided proposal
 * stays decided.
 */
export function decisionRefusal(
  p: AmendmentProposal | undefined,
  side: ContractSide,
): FieldIssue | undefined {
  if (!p) return { field: 'number', code: 'no-such-proposal', message: 'no such proposal' };
  if (p.status !== 'pending')
    return {
      field: 'number',
      code: 'proposal-decided',
      message: `proposal ${p.number} is already ${p.status}`,
    };
  if (p.party === side)
    return {
      field: 'decision',
      code: 'own-proposal',
      message: 'only the other party can accept or decline a proposal',
    };
  return undefined;
}

const CHANGE_WORDS: Record<keyof ProposedChanges, string> = {
  services: 'ydelserne',
  dailyBasisTariffOre: 'grundtaksten',
  additionalTariffs: 'tillægstaksterne',
  endDate: 'slutdatoen',
};

/** What a proposal changes, in Danish words for a letter or a page ("ydelserne og slutdatoen"). */
export function changedWords(changes: ProposedChanges): string {
  const words = (Object.keys(CHANGE_WORDS) as (keyof ProposedChanges)[])
    .filter((k) => changes[k] !== undefined)
    .map((k) => CHANGE_WORDS[k]);
  return words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} og ${words[words.length - 1]}`;
}
