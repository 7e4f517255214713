import type { Actor } from '@rammeaftale/auth';
import { isCrossTenant, partyScope, type TenantScope } from '@rammeaftale/db';
import { ForbiddenError, InvalidInputError, NotFoundError } from '@rammeaftale/domain';
import type {
  AuthorityReportQuery,
  AuthorityReportRow,
  MeetingPackView,
  TariffChangeSearchQuery,
} from '@rammeaftale/service-api';
import { defaultPeriod, meetingPack } from '../analytics/meeting-pack.rules';
import type { AuthorityMap } from '../config';
import { renderAuthorityReportPdf } from './authority-report.renderer';
import { reportCsv, reportedDecisions, reportFileBase, reportJson } from './authority-report.rules';
import { tariffScopeFor, visiblePart } from './tariff-change.access';
import type { TariffChangeRepository, TariffParty } from './tariff-change.repository';
import { authoritySlug } from './tariff-change.rules';
import type { AuthorityReport, TariffChange } from './tariff-change.types';
import type { TariffOversightRepository } from './tariff-oversight.repository';

export interface OversightDeps {
  oversight: TariffOversightRepository;
  authorities: AuthorityMap;
  logger: { warn: (o: object, msg: string) => void };
}

/** Reports and meeting-pack changes read at most; more is a sign the query needs a new shape. */
const READ_LIMIT = 20_000;

/** The secretariat's list runs across every municipality; nobody else has it. */
function secretariatScope(actor: Actor): TenantScope<TariffParty> {
  const scope = tariffScopeFor(actor, {});
  if (actor.role !== 'secretariat' || !scope || !isCrossTenant(scope))
    throw new ForbiddenError('Only the secretariat follows every tariff change');
  return scope;
}

/** The secretariat (every report) or an authority (the reports addressed to it; unknown: none). */
function reportScope(actor: Actor, authorities: AuthorityMap) {
  if (actor.role !== 'secretariat' && actor.role !== 'authority')
    throw new ForbiddenError('Reports are read by the secretariat and the authorities');
  return tariffScopeFor(actor, authorities);
}

const checkPeriod = (q: { from?: string; to?: string }) => {
  if (q.from && q.to && q.from > q.to)
    throw new InvalidInputError(
      [{ field: 'to', message: 'must be on or after from', code: 'period_reversed' }],
      'query',
    );
};

/** The secretariat's tariff changes across all 17 municipalities: filters, search, one page. */
export async function searchTariffChanges(
  deps: OversightDeps,
  actor: Actor,
  q: TariffChangeSearchQuery,
) {
  const scope = secretariatScope(actor);
  checkPeriod(q);
  const { page, pageSize, ...filter } = q;
  const found = await deps.oversight.page(scope, filter, {
    skip: (page - 1) * pageSize,
    limit: pageSize,
  });
  return { ...found, page, pageSize };
}

/** How many changes and decisions used each policy year (the secretariat's policy values page). */
export async function readPolicyUsage(deps: OversightDeps, actor: Actor) {
  return { items: await deps.oversight.policyUsage(secretariatScope(actor)) };
}

function reportRow(change: TariffChange, report: AuthorityReport): AuthorityReportRow {
  const threshold =
    change.offer.operatorKind === 'private'
      ? change.policy.privateReportThresholdBp
      : change.policy.publicReportThresholdBp;
  return {
    changeId: change.id,
    key: report.key,
    authoritySlug: authoritySlug(report.authority),
    authority: report.authority,
    offer: {
      offerId: change.offer.offerId,
      name: change.offer.name,
      operatorKind: change.offer.operatorKind,
    },
    supplier: { organisationId: change.supplier.organisationId, name: change.supplier.name },
    effectiveFrom: change.effectiveFrom,
    createdAt: report.createdAt,
    status: report.status,
    ...(report.delivery
      ? {
          delivery: {
            status: report.delivery.status,
            ...(report.delivery.sentAt ? { sentAt: report.delivery.sentAt } : {}),
          },
        }
      : {}),
    municipalities: report.municipalities,
    policy: { year: change.policy.year, plRateBp: change.policy.plRateBp, thresholdBp: threshold },
    contracts: reportedDecisions(change, report).map((d) => ({
      contractId: d.contractId,
      buyerName: d.buyer.name,
      payingMunicipalityName: d.payingMunicipalityName,
      currentDailyOre: d.currentPrice.dailyTotalOre,
      newDailyOre: d.newPrice.dailyTotalOre,
      increasePercent: d.classification.increasePercent,
    })),
  };
}

/** The reports to supervising authorities the caller may read, newest first, one page. */
export async function listAuthorityReports(
  deps: OversightDeps,
  actor: Actor,
  q: AuthorityReportQuery,
) {
  const scope = reportScope(actor, deps.authorities);
  const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  if (!scope) return empty;
  checkPeriod(q);
  const changes = await deps.oversight.withReports(scope, q, READ_LIMIT);
  if (changes.length >= READ_LIMIT)
    deps.logger.warn({ limit: READ_LIMIT }, 'authority reports listed from a truncated set');
  const rows = changes
    .map((c) => visiblePart(c, scope))
    .flatMap((c) => c.reports.map((r) => reportRow(c, r)))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.key.localeCompare(b.key));
  const start = (q.page - 1) * q.pageSize;
  return { ...empty, items: rows.slice(start, start + q.pageSize), total: rows.length };
}

/** One report with its figures, if the caller may read it (404 otherwise, nothing about it). */
export async function readAuthorityReport(
  deps: OversightDeps & { tariffChanges: TariffChangeRepository },
  actor: Actor,
  changeId: string,
  slug: string,
) {
  const scope = reportScope(actor, deps.authorities);
  const found = scope && (await deps.tariffChanges.get(scope, changeId));
  const change = scope && found ? visiblePart(found, scope) : undefined;
  const report = change?.reports.find((r) => authoritySlug(r.authority) === slug);
  if (!change || !report) throw new NotFoundError('Authority report');
  return { change, report, row: reportRow(change, report) };
}

export type ReportFormat = 'pdf' | 'csv' | 'json';

/** The report's documents as handed to the authority (the same renderers, the same bytes). */
export async function reportDocument(
  change: TariffChange,
  report: AuthorityReport,
  format: ReportFormat,
): Promise<{ filename: string; type: string; body: Buffer | string }> {
  const base = reportFileBase(change);
  if (format === 'pdf')
    return {
      filename: `${base}.pdf`,
      type: 'application/pdf',
      body: await renderAuthorityReportPdf(change, report),
    };
  if (format === 'csv')
    return {
      filename: `${base}.csv`,
      type: 'text/csv; charset=utf-8',
      body: reportCsv(change, report),
    };
  return {
    filename: `${base}.json`,
    type: 'application/json; charset=utf-8',
    body: JSON.stringify(reportJson(change, report), null, 2),
  };
}

/**
 * The meeting pack of a period: the secretariat's over every offer, an authority's over the offers
 * it supervises (an authority configuration does not know: empty).
 */
export async function readMeetingPack(
  deps: OversightDeps,
  actor: Actor,
  q: { from?: string; to?: string },
  today: string,
): Promise<MeetingPackView> {
  if (actor.role !== 'secretariat' && actor.role !== 'authority')
    throw new ForbiddenError('The meeting pack is the secretariat’s and the authorities’');
  checkPeriod(q);
  const period = defaultPeriod(today, q);
  checkPeriod(period);
  const scope = tariffScopeFor(actor, deps.authorities);
  if (!scope) return meetingPack([], period);
  const supervised = isCrossTenant(scope) ? scope : partyScope('authority', scope.id);
  const changes = await deps.oversight.forMeetingPack(supervised, period, READ_LIMIT);
  if (changes.length >= READ_LIMIT)
    deps.logger.warn({ limit: READ_LIMIT }, 'meeting pack computed over a truncated set');
  return meetingPack(changes, period);
}
