import type { Actor } from '@rammeaftale/auth';
import { ProblemError, conflict, forbidden, notFound } from '@rammeaftale/http';
import { actorRef } from '../contracts/contract.access';
import { tariffScopeFor } from './tariff-change.access';
import { progressTariffChange, type TariffDeps } from './progress-tariff-change.use-case';
import type { TariffChange } from './tariff-change.types';

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
  const change = scope && (await deps.tariffChanges.get(id, scope));
  if (!change) throw notFound('Tariff change');
  const visible = change.decisions.filter((d) => d.readerKeys.includes(actor.organisationId));
  const unknown = (input.contractIds ?? []).filter((c) => !visible.some((d) => d.contractId === c));
  if (unknown.length > 0)
    throw new ProblemError(404, 'Contract not part of this tariff change', {
      errors: unknown.map(() => ({ field: 'body.contractIds', message: 'not in this change' })),
    });
  const mine = visible.filter(
    (d) =>
      d.buyerKeys.includes(actor.organisationId) &&
      (!input.contractIds || input.contractIds.includes(d.contractId)),
  );
  if (mine.length === 0)
    throw forbidden('Only case workers of the acting municipality decide on a tariff increase');
  const awaiting = mine.filter((d) => d.status === 'awaiting_approval');
  if (awaiting.length === 0)
    throw conflict('Nothing in this change awaits your decision (already decided or not needed)');

  const now = deps.now();
  const by = actorRef(actor);
  const approve = input.decision === 'approve';
  const decided: string[] = [];
  for (const d of awaiting) {
    const ok = await deps.tariffChanges.updateDecision(
      id,
      d.contractId,
      ['awaiting_approval'],
      {
        status: approve ? 'to_apply' : 'rejected',
        buyerDecision: {
          decision: approve ? 'approved' : 'rejected',
          by,
          at: now,
          ...(approve ? { reference: input.reference ?? `tariff-change:${id}` } : {}),
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
  if (decided.length === 0)
    throw conflict('The change was decided at the same moment by someone else; reload it');
  deps.logger.info(
    { changeId: id, decision: input.decision, contracts: decided.length },
    'buyer decided on tariff increase',
  );
  await progressTariffChange(deps, id).catch((err: unknown) =>
    deps.logger.warn({ err, changeId: id }, 'decision stored; the flow applies it later'),
  );
  return { change: (await deps.tariffChanges.get(id, scope))!, decided };
}

/** The supplier adds its justification (a document reference and/or a note) to its change. */
export async function addJustification(
  deps: TariffDeps,
  actor: Actor,
  id: string,
  input: { documentReference?: string; note?: string },
): Promise<TariffChange> {
  const scope = { kind: 'supplier' as const, organisationId: actor.organisationId };
  const existing = await deps.tariffChanges.get(id, scope);
  if (!existing) throw notFound('Tariff change');
  if (existing.justifications.length >= 20)
    throw conflict('This change has the most justifications one change can hold (20)');
  const now = deps.now();
  const by = actorRef(actor);
  const updated = await deps.tariffChanges.addJustification(
    id,
    scope,
    { ...input, at: now, by },
    { at: now, action: 'justified', by, detail: { ...input } },
  );
  if (!updated) throw notFound('Tariff change');
  return updated;
}
