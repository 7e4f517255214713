/**
 * The machine-readable parts of a report to the supervising authority (indberetning): one row per
 * reported contract in CSV, and the whole report as JSON. Pure, and free of citizen data: a
 * contract appears by id, the citizen not at all.
 */
import { formatDkk } from '@rammeaftale/domain';
import { toCsv } from '../common/csv';
import { OPERATOR_KIND_DANISH, bpText } from './tariff-change.rules';
import type { AuthorityReport, TariffChange, TariffDecision } from './tariff-change.types';

export const REPORT_SCHEMA = 'https://rammeaftale-sjaelland.dk/schemas/indberetning/v1';

export function reportedDecisions(change: TariffChange, report: AuthorityReport): TariffDecision[] {
  return change.decisions.filter((d) => report.contractIds.includes(d.contractId));
}

export function reportFileBase(change: TariffChange): string {
  return `indberetning-${change.id}`;
}

const HEADER = [
  'takstaendring_id',
  'tilbud_id',
  'tilbud',
  'tilbudsportalen_id',
  'driftsform',
  'tilsyn',
  'leverandoer',
  'leverandoer_cvr',
  'virkning_fra',
  'koebende_kommune',
  'betalende_kommune',
  'kontrakt_id',
  'gaeldende_doegnpris_oere',
  'ny_doegnpris_oere',
  'gaeldende_doegnpris',
  'ny_doegnpris',
  'stigning_procent',
  'stigning_basispoint_afrundet',
  'stigning_broek_taeller',
  'stigning_broek_naevner',
  'politik_aar',
  'pl_basispoint',
  'indberetningsgraense_basispoint',
  'kraever_godkendelse',
  'indberettes',
];

export function reportCsv(change: TariffChange, report: AuthorityReport): string {
  return toCsv(
    HEADER,
    reportedDecisions(change, report).map((d) => [
      change.id,
      change.offer.offerId,
      change.offer.name,
      change.offer.tilbudsportalenId ?? '',
      OPERATOR_KIND_DANISH[change.offer.operatorKind],
      report.authority,
      change.supplier.name,
      change.supplier.cvr ?? '',
      change.effectiveFrom,
      d.buyer.name,
      d.payingMunicipalityName,
      d.contractId,
      d.currentPrice.dailyTotalOre,
      d.newPrice.dailyTotalOre,
      formatDkk(d.currentPrice.dailyTotalOre),
      formatDkk(d.newPrice.dailyTotalOre),
      d.classification.increasePercent,
      d.classification.increaseBasisPointsRounded,
      d.classification.ratio.num,
      d.classification.ratio.den,
      change.policy.year,
      change.policy.plRateBp,
      d.classification.thresholdUsedBp,
      d.classification.requiresBuyerApproval,
      d.classification.reportToAuthority,
    ]),
  );
}

export function reportJson(change: TariffChange, report: AuthorityReport) {
  const ds = reportedDecisions(change, report);
  return {
    $schema: REPORT_SCHEMA,
    reportId: report.key,
    authority: report.authority,
    tariffChange: {
      id: change.id,
      announcedAt: change.announcedAt.toISOString(),
      effectiveFrom: change.effectiveFrom,
      reason: change.reason,
      justificationDocuments: change.justifications
        .map((j) => j.documentReference)
        .filter((r): r is string => !!r),
    },
    offer: {
      offerId: change.offer.offerId,
      name: change.offer.name,
      tilbudsportalenId: change.offer.tilbudsportalenId ?? null,
      operatorKind: change.offer.operatorKind,
      supervisingAuthority: change.offer.supervisingAuthority,
    },
    supplier: {
      organisationId: change.supplier.organisationId,
      name: change.supplier.name,
      cvr: change.supplier.cvr ?? null,
    },
    policy: {
      year: change.policy.year,
      effectiveFrom: change.policy.effectiveFrom,
      plRateBp: change.policy.plRateBp,
      privateReportThresholdBp: change.policy.privateReportThresholdBp,
      publicReportThresholdBp: change.policy.publicReportThresholdBp,
    },
    rounding:
      'Decisions compare the exact ratio (new - current) / current strictly with the thresholds; percentages are rounded to two decimals, halves away from zero, for reading only.',
    municipalities: report.municipalities,
    contracts: ds.map((d) => ({
      contractId: d.contractId,
      buyingMunicipality: d.buyer.name,
      buyingMunicipalityId: d.buyer.organisationId,
      payingMunicipality: d.payingMunicipalityName,
      currentDailyOre: d.currentPrice.dailyTotalOre,
      currentPriceFrom: d.currentPriceFrom,
      newDailyOre: d.newPrice.dailyTotalOre,
      increase: {
        ratio: d.classification.ratio,
        percent: d.classification.increasePercent,
        basisPointsRounded: d.classification.increaseBasisPointsRounded,
      },
      thresholdUsedBp: d.classification.thresholdUsedBp,
      thresholdUsed: bpText(d.classification.thresholdUsedBp),
      requiresBuyerApproval: d.classification.requiresBuyerApproval,
    })),
  };
}
