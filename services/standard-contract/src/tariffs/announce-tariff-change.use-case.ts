import type { Actor } from '@rammeaftale/auth';
import { partyScope } from '@rammeaftale/db';
import { newEventId, type PendingEvent } from '@rammeaftale/outbox';
import {
  ConflictError,
  NotFoundError,
  RejectedError,
  type PolicyValues,
} from '@rammeaftale/domain';
import { actorRef } from '../contracts/contract.access';
import type { Contract } from '../contracts/contract.types';
import { policyUsed } from '../policy/policy-values.client';
import type { TariffChangeDoc } from './tariff-change.model';
import {
  decideForContract,
  isoDay,
  laterPriceIssue,
  plannedOutbox,
  summaryOf,
  legacyTariffChangeId,
  tariffChangeId,
  tariffDeadlines,
} from './tariff-change.rules';
import { progressTariffChange, type TariffDeps } from './progress-tariff-change.use-case';
import type { TariffChange } from './tariff-change.types';

export interface AnnouncementInput {
  offerId: string;
  effectiveFrom: string;
  dailyBasisTariffOre: number;
  tariffYear?: number;
  reason: string;
  justificationDocumentReference?: string;
}

/**
 * A supplier announces a new basis tariff for one of its offers from a date. Every running
 * contract on that offer gets a decision, measured against its price in force on the date and
 * classified with the policy values in force on the date (no values: 503, nothing is stored, the
 * supplier tries again). Within P/L the new price applies by itself; above P/L the buyer decides
 * by a deadline, the supplier is asked for a justification and the buyer reminded; above the
 * report threshold the offer's supervising authority gets one report. All of it is written as one
 * document first (the outbox), then carried out; what fails is retried by the flow.
 *
 * The same announcement twice is the same change (its id derives from it): the second answers
 * with the first, and nothing is decided, sent or reported twice.
 */
export async function announceTariffChange(
  deps: TariffDeps,
  actor: Actor,
  input: AnnouncementInput,
): Promise<{ change: TariffChange; created: boolean }> {
  const scope = partyScope('supplier', actor.organisationId);
  const announced = {
    supplierOrganisationId: actor.organisationId,
    offerId: input.offerId,
    effectiveFrom: input.effectiveFrom,
    dailyBasisTariffOre: input.dailyBasisTariffOre,
  };
  const id = tariffChangeId(announced);
  // A change stored before ids were written in letters keeps its old id: the same announcement.
  const legacyId = legacyTariffChangeId(announced);
  const existing =
    (await deps.tariffChanges.get(scope, id)) ?? (await deps.tariffChanges.get(scope, legacyId));
  if (existing) return { change: existing, created: false };

  const contracts = await deps.contracts.runningOnOffer(scope, input.offerId);
  // Another supplier's offer and an offer without running contracts look the same: 404.
  if (contracts.length === 0) throw new NotFoundError('Offer with running contracts');
  const open = await deps.tariffChanges.undecidedFor(scope, input.offerId, input.effectiveFrom);
  // The same announcement sent twice at once: the other request stored it in between.
  if (open?.id === id || open?.id === legacyId) return { change: open, created: false };
  if (open)
    throw new ConflictError(
      `Tariff change ${open.id} for this offer from ${input.effectiveFrom} still awaits the buyers' decision`,
    );

  const policy = policyUsed(await deps.policies.inForceOn(input.effectiveFrom));
  const later = laterPriceIssue(contracts, input.effectiveFrom);
  if (later)
    throw new RejectedError('A later price is already in force on a contract of this offer', {
      code: 'later-price-in-force',
      issues: [later],
      part: 'body',
    });
  const doc = changeDocument(deps, actor, { id, input, contracts, policy });
  const { change, created } = await deps.tariffChanges.insertOnce(scope, doc);
  if (!created) return { change, created };
  deps.logger.info(
    {
      changeId: id,
      offerId: input.offerId,
      contracts: doc.decisions.length,
      awaiting: doc.decisions.filter((d) => d.status === 'awaiting_approval').length,
      reports: doc.reports.length,
      policyYear: policy.year,
    },
    'tariff change announced',
  );
  // The change is recorded: carrying it out may fail now and is then retried by the flow.
  await progressTariffChange(deps, id).catch((err: unknown) =>
    deps.logger.warn({ err, changeId: id }, 'tariff change stored; the flow carries it out later'),
  );
  return { change: (await deps.tariffChanges.get(scope, id)) ?? change, created };
}

/**
 * The events recorded with the change (its outbox): each buyer municipality with an increase to
 * decide is asked once, whether the change was announced on the portal's page or at the API; the
 * portal tells its case workers.
 */
function approvalRequests(
  id: string,
  decisions: TariffChange['decisions'],
  approvalDeadline: string,
  now: Date,
): PendingEvent[] {
  const buyers = new Set(
    decisions.filter((d) => d.status === 'awaiting_approval').map((d) => d.buyer.organisationId),
  );
  return [...buyers].map((municipalityId) => ({
    eventId: newEventId(),
    type: 'tariff-change.approval-requested',
    refs: { tariffChangeId: id, municipalityId, approvalDeadline },
    createdAt: now,
  }));
}

/**
 * The change as stored: a decision per running contract, the letters and reports they call for
 * (the outbox), the deadlines, who may see it, and the audit entry of the announcement.
 */
function changeDocument(
  deps: TariffDeps,
  actor: Actor,
  a: {
    id: string;
    input: AnnouncementInput;
    contracts: Contract[];
    policy: PolicyValues & { recordedAt: string };
  },
): TariffChangeDoc {
  const { id, input, policy } = a;
  const announcement = {
    dailyBasisTariffOre: input.dailyBasisTariffOre,
    tariffYear: input.tariffYear ?? Number(input.effectiveFrom.slice(0, 4)),
  };
  const decisions = a.contracts.map((c) =>
    decideForContract(c, { ...announcement, effectiveFrom: input.effectiveFrom }, policy),
  );
  const now = deps.now();
  const today = isoDay(now);
  const first = a.contracts[0]!;
  const by = actorRef(actor);
  const { approvalDeadline, justificationDeadline } = tariffDeadlines(
    today,
    input.effectiveFrom,
    deps.tariffSettings,
  );
  const supplier = {
    organisationId: actor.organisationId,
    name: first.supplier.name,
    email: first.supplier.contact.email,
    ...(first.supplier.cvr ? { cvr: first.supplier.cvr } : {}),
  };
  const outbox = plannedOutbox(
    { id, decisions, supplier, approvalDeadline },
    { now, reminderDaysBefore: deps.tariffSettings.reminderDaysBefore },
  );
  return {
    _id: id,
    offer: first.offer,
    supplier,
    effectiveFrom: input.effectiveFrom,
    reason: input.reason,
    announcement,
    justifications: input.justificationDocumentReference
      ? [{ documentReference: input.justificationDocumentReference, at: now, by }]
      : [],
    policy,
    announcedBy: by,
    announcedAt: now,
    approvalDeadline,
    justificationDeadline,
    decisions,
    ...outbox,
    pendingEvents: approvalRequests(id, decisions, approvalDeadline, now),
    summary: summaryOf(decisions, policy),
    access: {
      supplier: actor.organisationId,
      municipalities: [...new Set(decisions.flatMap((d) => d.readerKeys))],
    },
    audit: [
      {
        at: now,
        action: 'announced',
        by,
        detail: {
          offerId: input.offerId,
          effectiveFrom: input.effectiveFrom,
          dailyBasisTariffOre: input.dailyBasisTariffOre,
          policyYear: policy.year,
          contracts: decisions.length,
        },
      },
    ],
    createdAt: now,
    updatedAt: now,
  };
}
