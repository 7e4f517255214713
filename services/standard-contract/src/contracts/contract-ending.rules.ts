/**
 * Pure rules of how a contract ends: who the other party is, and when an immediate termination
 * (ophævelse) may take effect. No I/O; the use cases throw what these find.
 */
import type { FieldIssue } from '@rammeaftale/domain';
import type { Contract } from './contract.types';

export type ContractSide = 'buyer' | 'supplier';

/** The party that is told: a letter always goes to the other side of the contract. */
export const otherSide = (side: ContractSide): ContractSide =>
  side === 'buyer' ? 'supplier' : 'buyer';

/**
 * The last day of a contract ended at once (ophævelse): the day given, or today. It takes effect
 * at once, so it is never after today (a later end is notice, `POST …/termination`), and never
 * before the contract started (activation, or its start date when the activation has no date).
 */
export function rescissionDate(
  c: Pick<Contract, 'activatedOn' | 'startDate'>,
  effectiveOn: string | undefined,
  today: string,
): { date: string } | { issue: FieldIssue } {
  const date = effectiveOn ?? today;
  const started = c.activatedOn ?? c.startDate;
  if (date > today)
    return {
      issue: {
        field: 'effectiveOn',
        code: 'rescission-in-future',
        message: `an immediate termination takes effect at once: on or before ${today}; a later end is a termination with notice`,
      },
    };
  if (date < started)
    return {
      issue: {
        field: 'effectiveOn',
        code: 'rescission-before-start',
        message: `must be on or after the day the contract started (${started})`,
      },
    };
  return { date };
}
