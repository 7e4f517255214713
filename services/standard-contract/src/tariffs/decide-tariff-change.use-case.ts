import type { Actor } from '@rammeaftale/auth';
import { partyScope, type TenantScope } from '@rammeaftale/db';
import { ConflictError, ForbiddenError, NotFoundError } from '@rammeaftale/domain';
import { actorRef } from '../contracts/contract.access';
import { tariffScopeFor } from './tariff-change.access';
import { decisionLetter } from './tariff-letter.rules';
import type { TariffParty } from './tariff-change.repository';
import { progressTariffChange, type TariffDeps } from './progress-tariff-change.use-case';
import type { TariffChange, TariffDecision } from './tariff-change.types';

export interface BuyerDecisionInput {
  decision: 'approve' | 'reject';
  /** Only these of the municipality's contracts; default: all of them still undecided. */
  contractIds?: string[];
  comment?: string;
  /** The municipality's own reference (e.g. a journal number); default `tariff-change:<id>`. */
  reference?: string;
}

/**
 * A case worker of the acting municipality approves or rejects an increase above P/L for the
 * municipality's contracts in the change (after the deadline too: an overdue change stays open
 * until decided). Approved contracts get the new price as an amendment with the approval
 * recorded; rejected ones keep the price in force. Each contract's decision is one guarded write,
 * so two case workers deciding at once decide each contract once.
 */
export async function decideTariffChange(
  deps: TariffDeps,
  actor: Actor,
  id: string,
  input: BuyerDecisionInput,
): Promise<{ change: TariffChange; decided: string[] }> {
  const scope = tariffScopeFor(actor, deps.authorities);
  const change = scope && (await deps.tariffChanges.get(scope, id));
  if (!scope || !change) throw new NotFoundError('Tariff change');
  const awaiting = awaitingYourDecision(change, actor, input);
  const decided = await recordDecisions(deps, scope, actor, change, awaiting, input);
  if (decided.length === 0)
    throw new ConflictError('The change was decided at the same moment by someone else; reload it');
  // The supplier is told what was decided, with the comment: one letter per decision.
  const municipalityId = awaiting[0]!.buyer.organisationId;
  const verdict = input.decision === 'approve' ? 'approved' : 'rejected';
  await deps.tariffChanges.addLetter(
    scope,
    id,
    decisionLetter(change, municipalityId, verdict, decided, deps.now()),
  );
  deps.logger.info(
    { changeId: id, decision: input.decision, contracts: decided.length },
    'buyer decided on tariff increase',
  );
  await progressTariffChange(deps, id).catch((err: unknown) =>
    deps.logger.warn({ err, changeId: id }, 'decision stored; the flow applies it later'),
  );
  return { change: (await deps.tariffChanges.get(scope, id))!, decided };
}

/**
 * The decisions the case worker may make now: contracts of the change its municipality reads
 * (others named: 404), acts for as buyer (none: 403), and that still await a decision (none: 409).
 */
function awaitingYourDecision(
  change: TariffChange,
  actor: Actor,
  input: BuyerDecisionInput,
): TariffDecision[] {
  const visible = change.decisions.filter((d) => d.readerKeys.includes(actor.organisationId));
  const unknown = (input.contractIds ?? []).filter((c) => !visible.some((d) => d.contractId === c));
  if (unknown.length > 0)
    throw new NotFoundError('Contract in this tariff change', {
      issues: unknown.map(() => ({ field: 'contractIds', message: 'not in this change' })),
      part: 'body',
    });
  const mine = visible.filter(
    (d) =>
      d.buyerKeys.includes(actor.organisationId) &&
      (!input.contractIds || input.contractIds.includes(d.contractId)),
  );
  if (mine.length === 0)
    throw new ForbiddenError(
      'Only case workers of the acting municipality decide on a tariff increase',
    );
  const awaiting = mine.filter((d) => d.status === 'awaiting_approval');
  if (awaiting.length === 0)
    throw new ConflictError(
      'Nothing in this change awaits your decision (already decided or not needed)',
    );
  return awaiting;
}

/** One guarded write per contract; returns the contracts this request decided. */
async function recordDecisions(
  deps: TariffDeps,
  scope: TenantScope<TariffParty>,
  actor: Actor,
  change: TariffChange,
  awaiting: TariffDecision[],
  input: BuyerDecisionInput,
): Promise<string[]> {
  const now = deps.now();
  const by = actorRef(actor);
  const approve = input.decision === 'approve';
  const decided: string[] = [];
  for (const d of awaiting) {
    const ok = await deps.tariffChanges.updateDecision(
      scope,
      { id: change.id, contractId: d.contractId },
      ['awaiting_approval'],
      {
        status: approve ? 'to_apply' : 'rejected',
        buyerDecision: {
          decision: approve ? 'approved' : 'rejected',
          by,
          at: now,
          ...(approve ? { reference: input.reference ?? `tariff-change:${change.id}` } : {}),
          ...(input.comment ? { comment: input.comment } : {}),
        },
      },
      {
        at: now,
        action: approve ? 'approved' : 'rejected',
        by,
        detail: {
          contractId: d.contractId,
          ...(input.comment ? { comment: input.comment } : {}),
          overdue: now.toISOString().slice(0, 10) > change.approvalDeadline,
        },
      },
    );
    if (ok) decided.push(d.contractId);
  }
  return decided;
}

/** The supplier adds its justification (a document reference and/or a note) to its change. */
export async function addJustification(
  deps: TariffDeps,
  actor: Actor,
  id: string,
  input: { documentReference?: string; note?: string },
): Promise<TariffChange> {
  const scope = partyScope('supplier', actor.organisationId);
  const existing = await deps.tariffChanges.get(scope, id);
  if (!existing) throw new NotFoundError('Tariff change');
  if (existing.justifications.length >= 20)
    throw new ConflictError('This change has the most justifications one change can hold (20)');
  const now = deps.now();
  const by = actorRef(actor);
  const updated = await deps.tariffChanges.addJustification(
    scope,
    id,
    { ...input, at: now, by },
    { at: now, action: 'justified', by, detail: { ...input } },
  );
  if (!updated) throw new NotFoundError('Tariff change');
  return updated;
}
