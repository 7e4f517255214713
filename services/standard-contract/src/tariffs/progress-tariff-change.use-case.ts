import { crossTenant } from '@rammeaftale/db';
import { RejectedError } from '@rammeaftale/domain';
import type { AuthorityMap } from '../config';
import { amendContract, type AmendDeps } from '../contracts/amend-contract.use-case';
import { isoDay, reminderStillNeeded, RUNNING_CONTRACT_STATUSES } from './tariff-change.rules';
import {
  authorityReportLetterData,
  decisionLetterData,
  reminderLetterData,
  supplierLetterData,
} from './tariff-letter.rules';
import { reportCsv, reportFileBase, reportJson } from './authority-report.rules';
import { renderAuthorityReportPdf } from './authority-report.renderer';
import type { LetterRequest, NotificationsClient } from '../letters/notifications.client';
import type { OutboxList, TariffChangeRepository } from './tariff-change.repository';
import { tellApprovalDeadlinesNear } from './deadline-near.use-case';
import type {
  AuthorityReport,
  OutboxRecord,
  TariffChange,
  TariffDecision,
  TariffLetter,
} from './tariff-change.types';

export interface TariffDeps extends AmendDeps {
  tariffChanges: TariffChangeRepository;
  notifications: NotificationsClient;
  authorities: AuthorityMap;
  tariffSettings: {
    approvalDays: number;
    reminderDaysBefore: number;
    justificationDays: number;
    /** The buyer is told this many days before its approval deadline (default 5). */
    deadlineNearDays?: number;
  };
}

/** The tariff flow acts as the service itself when it amends contracts. */
export const TARIFF_FLOW_ACTOR = {
  userId: 'tariff-flow',
  role: 'service' as const,
  organisationId: 'standard-contract',
};

const flowRef = { ...TARIFF_FLOW_ACTOR };

/** The flow carries out what was decided, for every supplier and municipality. */
const flowScope = () =>
  crossTenant('the tariff flow carries out decided changes, letters and reports of every tenant');

type Outcome = 'applied' | 'not_applicable' | 'later';

/**
 * Carries a decided contract's change out as a price amendment. Idempotent: an amendment already
 * carrying this change id is found and recorded instead of made again (a crash between the
 * amendment and its bookkeeping, or two passes at once). The amendment records the decision's
 * policy values and, for an increase above P/L, the buyer's approval.
 */
export async function applyDecision(
  deps: TariffDeps,
  change: TariffChange,
  d: TariffDecision,
): Promise<Outcome> {
  const record = decisionBookkeeping(deps, change, d);
  const contract = await deps.contracts.get(flowScope(), d.contractId);
  if (!contract) return record.skip('the contract no longer exists');
  const existing = contract.amendments.find((a) => a.tariffChangeId === change.id);
  if (existing) return record.done(existing.number);
  if (!(RUNNING_CONTRACT_STATUSES as readonly string[]).includes(contract.status))
    return record.skip(`the contract is ${contract.status}`);
  try {
    const { amendment } = await amendContract(
      deps,
      TARIFF_FLOW_ACTOR,
      d.contractId,
      amendmentFor(change, d),
    );
    const outcome = await record.done(amendment.number);
    deps.logger.info(
      { changeId: change.id, contractId: d.contractId, amendment: amendment.number },
      'tariff change applied to contract',
    );
    return outcome;
  } catch (err) {
    // A contract rule refuses the amendment (422): it would refuse it on every pass.
    if (err instanceof RejectedError) return record.skip(err.message);
    // 409 (changed at the same moment) or 503 (registry, database): the next pass tries again.
    deps.logger.warn(
      { err, changeId: change.id, contractId: d.contractId },
      'tariff change not applied yet; retried by the flow',
    );
    return 'later';
  }
}

/** The decision's two ends: applied as amendment n, or not applicable, and why. */
function decisionBookkeeping(deps: TariffDeps, change: TariffChange, d: TariffDecision) {
  const now = deps.now();
  const target = { id: change.id, contractId: d.contractId };
  return {
    done: async (amendmentNumber: number): Promise<Outcome> => {
      await deps.tariffChanges.updateDecision(
        flowScope(),
        target,
        ['to_apply'],
        { status: 'applied', amendmentNumber, appliedAt: now },
        {
          at: now,
          action: 'applied',
          by: flowRef,
          detail: { contractId: d.contractId, amendment: amendmentNumber },
        },
      );
      return 'applied';
    },
    skip: async (note: string): Promise<Outcome> => {
      await deps.tariffChanges.updateDecision(
        flowScope(),
        target,
        ['to_apply'],
        { status: 'not_applicable', note },
        { at: now, action: 'not-applied', by: flowRef, detail: { contractId: d.contractId, note } },
      );
      return 'not_applicable';
    },
  };
}

/** The price amendment a decision makes, with the approval and the policy values it used. */
function amendmentFor(change: TariffChange, d: TariffDecision) {
  const approval = d.buyerDecision?.decision === 'approved' ? d.buyerDecision : undefined;
  return {
    kind: 'price-change' as const,
    effectiveFrom: change.effectiveFrom,
    dailyBasisTariffOre: d.newPrice.dailyBasisTariffOre,
    additionalTariffs: d.newPrice.additionalTariffs,
    tariffYear: d.newPrice.tariffYear,
    description: `Takstændring ${change.id} varslet af leverandøren: ${change.reason}`.slice(
      0,
      2000,
    ),
    ...(approval
      ? {
          buyerApproval: {
            reference: approval.reference ?? `tariff-change:${change.id}`,
            approvedBy: approval.by.userId,
            approvedOn: isoDay(approval.at),
          },
        }
      : {}),
    tariffChangeId: change.id,
    policy: change.policy,
  };
}

/** The buyer municipality's address: the supplier's letters answer to it (Reply-To). */
const buyerEmail = (change: TariffChange, municipalityId: string) =>
  change.decisions.find((d) => d.buyer.organisationId === municipalityId)?.buyer.email;

function letterRequest(
  deps: TariffDeps,
  change: TariffChange,
  letter: TariffLetter,
): LetterRequest {
  const replyTo = buyerEmail(change, letter.municipalityOrganisationId);
  if (letter.kind === 'tariff-letter')
    return {
      key: letter.key,
      kind: 'tariff-letter',
      to: letter.to,
      ...(replyTo ? { replyTo } : {}),
      template: 'tariff-letter-above-pl',
      data: supplierLetterData(change, letter.municipalityOrganisationId, deps.portalUrl),
    };
  if (letter.kind === 'tariff-decision')
    return {
      key: letter.key,
      kind: 'tariff-letter',
      to: letter.to,
      ...(replyTo ? { replyTo } : {}),
      template: 'tariff-decision',
      data: decisionLetterData(change, letter, deps.portalUrl),
    };
  return {
    key: letter.key,
    kind: 'tariff-approval-reminder',
    to: letter.to,
    template: 'tariff-approval-reminder',
    data: reminderLetterData(change, letter.municipalityOrganisationId, deps.portalUrl),
  };
}

async function reportRequest(
  change: TariffChange,
  report: AuthorityReport,
  email: string,
): Promise<LetterRequest> {
  const base = reportFileBase(change);
  const pdf = await renderAuthorityReportPdf(change, report);
  return {
    key: report.key,
    kind: 'authority-report',
    to: [email],
    template: 'authority-report',
    data: authorityReportLetterData(change, report),
    attachments: [
      {
        filename: `${base}.pdf`,
        contentType: 'application/pdf',
        contentBase64: pdf.toString('base64'),
      },
      {
        filename: `${base}.csv`,
        contentType: 'text/csv',
        contentBase64: Buffer.from(reportCsv(change, report), 'utf8').toString('base64'),
      },
      {
        filename: `${base}.json`,
        contentType: 'application/json',
        contentBase64: Buffer.from(
          JSON.stringify(reportJson(change, report), null, 2),
          'utf8',
        ).toString('base64'),
      },
    ],
  };
}

/** Hands one outbox record to the notifications worker (idempotent there by key). */
async function handOver(
  deps: TariffDeps,
  change: TariffChange,
  list: OutboxList,
  record: OutboxRecord,
  request: LetterRequest,
  extra: { email?: string } = {},
): Promise<void> {
  const outcome = await deps.notifications.postLetter(request);
  const at = { id: change.id, list, key: record.key };
  if (outcome.ok) {
    await deps.tariffChanges.updateOutbox(
      flowScope(),
      at,
      ['pending'],
      {
        status: 'accepted',
        acceptedAt: deps.now(),
        delivery: { status: 'pending', attempts: 0, checkedAt: deps.now() },
        ...extra,
      },
      { countAttempt: true, unsetError: true },
    );
    deps.logger.info({ changeId: change.id, key: record.key }, 'handed to notifications');
    return;
  }
  await deps.tariffChanges.updateOutbox(
    flowScope(),
    at,
    ['pending'],
    { ...(outcome.permanent ? { status: 'failed' as const } : {}), lastError: outcome.reason },
    { countAttempt: true },
  );
  deps.logger.warn(
    { changeId: change.id, key: record.key, reason: outcome.reason, permanent: outcome.permanent },
    'hand-over to notifications failed',
  );
}

async function progressLetter(deps: TariffDeps, change: TariffChange, letter: TariffLetter) {
  if (letter.status === 'scheduled') {
    const at = { id: change.id, list: 'letters' as const, key: letter.key };
    // A reminder: dropped once the municipality has decided, sent when due.
    if (!reminderStillNeeded(change, letter.municipalityOrganisationId)) {
      await deps.tariffChanges.updateOutbox(flowScope(), at, ['scheduled'], {
        status: 'cancelled',
      });
      return;
    }
    if (letter.notBefore && letter.notBefore > deps.now()) return;
    await deps.tariffChanges.updateOutbox(flowScope(), at, ['scheduled'], { status: 'pending' });
  } else if (letter.status !== 'pending') return;
  await handOver(deps, change, 'letters', letter, letterRequest(deps, change, letter));
}

async function progressReport(deps: TariffDeps, change: TariffChange, report: AuthorityReport) {
  if (report.status !== 'pending') return;
  const email = deps.authorities[report.authority]?.email;
  if (!email) {
    // Visible on the change and in the log until the authority's address is configured.
    const reason = `no address is configured for ${report.authority} (AUTHORITIES)`;
    if (report.lastError !== reason) {
      await deps.tariffChanges.updateOutbox(
        flowScope(),
        { id: change.id, list: 'reports', key: report.key },
        ['pending'],
        { lastError: reason },
      );
      deps.logger.error({ changeId: change.id, authority: report.authority }, reason);
    }
    return;
  }
  await handOver(deps, change, 'reports', report, await reportRequest(change, report, email), {
    email,
  });
}

async function refreshDelivery(
  deps: TariffDeps,
  change: TariffChange,
  list: OutboxList,
  record: OutboxRecord,
) {
  if (record.status !== 'accepted') return;
  if (record.delivery && ['sent', 'failed'].includes(record.delivery.status)) return;
  const d = await deps.notifications.getDelivery(record.key);
  if (!d) return;
  await deps.tariffChanges.setDelivery(
    flowScope(),
    { id: change.id, list, key: record.key },
    { ...d, checkedAt: deps.now() },
  );
}

/**
 * Everything left to do for one change, each step on its own so one failure does not hold up
 * the rest: decided contracts are amended, letters and reports are handed over (reminders when
 * due), and the delivery state of what was handed over is read back. Safe to run repeatedly and
 * concurrently: every step is guarded or idempotent.
 */
export async function progressTariffChange(deps: TariffDeps, changeId: string): Promise<void> {
  const change = await deps.tariffChanges.get(flowScope(), changeId);
  if (!change) return;
  const step = async (what: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (err) {
      deps.logger.warn({ err, changeId, step: what }, 'tariff flow step failed; retried later');
    }
  };
  for (const d of change.decisions.filter((x) => x.status === 'to_apply'))
    await step(`apply ${d.contractId}`, () => applyDecision(deps, change, d));
  // Reminders are judged on the decisions as they are now.
  const fresh = (await deps.tariffChanges.get(flowScope(), changeId)) ?? change;
  for (const l of fresh.letters)
    await step(`letter ${l.key}`, () => progressLetter(deps, fresh, l));
  for (const r of fresh.reports)
    await step(`report ${r.key}`, () => progressReport(deps, fresh, r));
  for (const l of fresh.letters)
    await step(`delivery ${l.key}`, () => refreshDelivery(deps, fresh, 'letters', l));
  for (const r of fresh.reports)
    await step(`delivery ${r.key}`, () => refreshDelivery(deps, fresh, 'reports', r));
}

/** One pass over every change with work left; returns how many changes it looked at. */
export async function runTariffFlow(deps: TariffDeps, opts: { batch?: number } = {}) {
  const ids = await deps.tariffChanges.withOpenWork(flowScope(), opts.batch ?? 200);
  for (const id of ids) await progressTariffChange(deps, id);
  await tellApprovalDeadlinesNear(deps, opts).catch((err: unknown) =>
    deps.logger.warn({ err }, 'deadline-near sweep failed; retried on the next pass'),
  );
  return ids.length;
}
