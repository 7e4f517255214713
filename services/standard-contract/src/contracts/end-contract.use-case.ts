import type { Actor } from '@rammeaftale/auth';
import { ConflictError, RejectedError } from '@rammeaftale/domain';
import { endingLetterKey, type EndingLetterKind } from '../letters/ending-letter.rules';
import { tryDeliverLetter } from '../letters/deliver-letters.use-case';
import { isoDay } from '../tariffs/tariff-change.rules';
import { actorRef, isBuyer, isSupplier } from './contract.access';
import { otherSide, rescissionDate, type ContractSide } from './contract-ending.rules';
import type { LifecycleDeps } from './contract-lifecycle.use-case';
import { danishDate, terminationEffectiveDate, type ContractAction } from './contract.rules';
import type { Contract, LetterRecord } from './contract.types';
import { changeContract, type ContractChange, type ChangeSteps } from './change-contract';

/**
 * How a contract ends, each with a letter to the other party recorded in the same write (the
 * outbox) and an event for the order portal: termination with notice or at once (ophævelse) of a
 * running contract, the buyer withdrawing one not yet signed, the supplier rejecting the draft it
 * was sent.
 */

const sideOf = (actor: Actor): ContractSide => (actor.role === 'supplier' ? 'supplier' : 'buyer');

/** The letter to the other side, recorded with the change; handed over right after it. */
function withLetter(
  deps: LifecycleDeps,
  kind: EndingLetterKind,
  to: ContractSide,
  build: (c: Contract, now: Date) => ContractChange,
): Pick<ChangeSteps, 'build' | 'after'> {
  return {
    build: (c, now) => {
      const change = build(c, now);
      const letter: LetterRecord = {
        key: endingLetterKey(c.id, kind),
        version: c.version,
        kind,
        to,
        status: 'pending',
        attempts: 0,
        createdAt: now,
      };
      const push = (change.update.$push ?? {}) as Record<string, unknown>;
      return { ...change, update: { ...change.update, $push: { ...push, letters: letter } } };
    },
    after: (updated, scope) =>
      tryDeliverLetter(deps, scope, updated, endingLetterKey(updated.id, kind)),
  };
}

function ending(
  deps: LifecycleDeps,
  actor: Actor,
  id: string,
  action: ContractAction,
  kind: EndingLetterKind,
  build: (c: Contract, now: Date) => ContractChange,
) {
  return changeContract(deps, actor, id, action, {
    who: 'the acting municipality or the supplier',
    mayAct: (c) => isBuyer(actor, c) || isSupplier(actor, c),
    ...withLetter(deps, kind, otherSide(sideOf(actor)), build),
  });
}

/**
 * Termination with notice, by the buyer or the supplier, each with its own notice period from the
 * template; notice runs to the end of a month.
 */
export function terminate(
  deps: LifecycleDeps,
  actor: Actor,
  id: string,
  input: { noticeGivenOn: string; reason: string },
) {
  return ending(deps, actor, id, 'terminate', 'terminated', (c, now) => {
    const party = sideOf(actor);
    const noticeMonths = party === 'supplier' ? c.notice.supplierMonths : c.notice.buyerMonths;
    if (c.activatedOn && input.noticeGivenOn < c.activatedOn)
      throw new ConflictError(
        `Notice cannot be given before the contract started (${danishDate(c.activatedOn)})`,
      );
    const termination = {
      kind: 'notice' as const,
      party,
      noticeGivenOn: input.noticeGivenOn,
      noticeMonths,
      effectiveDate: terminationEffectiveDate(input.noticeGivenOn, noticeMonths),
      reason: input.reason,
      by: actorRef(actor),
      at: now,
    };
    return {
      update: { $set: { termination } },
      detail: { party, noticeMonths, effectiveDate: termination.effectiveDate },
      event: {
        type: 'contract.terminated',
        refs: { kind: 'notice', party, effectiveDate: termination.effectiveDate },
      },
    };
  });
}

/**
 * Immediate termination (ophævelse), e.g. for a material breach: no notice, the contract ends on
 * the day given (today by default), with the reason recorded. 422 `invalid-rescission-date` when
 * the day is after today or before the contract started (contract-ending.rules).
 */
export function rescind(
  deps: LifecycleDeps,
  actor: Actor,
  id: string,
  input: { effectiveOn?: string; reason: string },
) {
  return ending(deps, actor, id, 'rescind', 'rescinded', (c, now) => {
    const party = sideOf(actor);
    const found = rescissionDate(c, input.effectiveOn, isoDay(now));
    if ('issue' in found)
      throw new RejectedError('The contract cannot be ended at once on that day', {
        code: 'invalid-rescission-date',
        issues: [found.issue],
        part: 'body',
      });
    const termination = {
      kind: 'immediate' as const,
      party,
      noticeGivenOn: found.date,
      noticeMonths: 0,
      effectiveDate: found.date,
      reason: input.reason,
      by: actorRef(actor),
      at: now,
    };
    return {
      update: { $set: { termination } },
      detail: { party, effectiveDate: found.date },
      event: {
        type: 'contract.terminated',
        refs: { kind: 'immediate', party, effectiveDate: found.date },
      },
    };
  });
}

const cancellation = (actor: Actor, kind: 'withdrawn' | 'rejected', reason: string, now: Date) => ({
  kind,
  party: sideOf(actor),
  reason,
  by: actorRef(actor),
  at: now,
});

/**
 * The buyer withdraws a contract it has not signed (a draft, or one sent to or accepted by the
 * supplier). The supplier is told only if it was sent the contract: a draft it never saw needs no
 * letter.
 */
export function withdraw(deps: LifecycleDeps, actor: Actor, id: string, input: { reason: string }) {
  const change = (c: Contract, now: Date): ContractChange => ({
    update: { $set: { cancellation: cancellation(actor, 'withdrawn', input.reason, now) } },
    detail: { from: c.status },
    event: { type: 'contract.cancelled', refs: { kind: 'withdrawn' } },
  });
  return changeContract(deps, actor, id, 'withdraw', {
    who: 'a case worker of the acting municipality',
    mayAct: (c) => isBuyer(actor, c),
    build: (c, now, scope) =>
      c.status === 'draft'
        ? change(c, now)
        : withLetter(deps, 'withdrawn', 'supplier', change).build(c, now, scope),
    after: (updated, scope) =>
      tryDeliverLetter(deps, scope, updated, endingLetterKey(updated.id, 'withdrawn')),
  });
}

/** The supplier rejects the draft it was sent, with a reason; the buyer gets a letter. */
export function reject(deps: LifecycleDeps, actor: Actor, id: string, input: { reason: string }) {
  return changeContract(deps, actor, id, 'reject', {
    who: 'the supplier',
    mayAct: (c) => isSupplier(actor, c),
    ...withLetter(deps, 'rejected', 'buyer', (c, now) => ({
      update: { $set: { cancellation: cancellation(actor, 'rejected', input.reason, now) } },
      detail: { from: c.status },
      event: { type: 'contract.cancelled', refs: { kind: 'rejected' } },
    })),
  });
}
