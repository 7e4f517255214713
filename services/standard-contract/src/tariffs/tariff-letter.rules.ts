/**
 * The fields of the letters a tariff change causes: to the supplier on an increase above P/L, the
 * reminder to a buyer municipality, and the covering letter of a report to the supervising
 * authority. Pure, Danish, and without citizen data: contracts appear by number only.
 */
import { formatDkk, type OperatorKind } from '@rammeaftale/domain';
import { danishDate } from '../contracts/contract.rules';
import { bpText, decisionLetterKey } from './tariff-change.rules';
import type {
  AuthorityReport,
  TariffChange,
  TariffDecision,
  TariffLetter,
} from './tariff-change.types';

/** '3.000,00 kr.' or, when contracts differ, '2.900,00 kr. – 3.000,00 kr.'. */
function spread(values: number[], format: (v: number) => string): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  if (sorted.length === 0) return '';
  return sorted.length === 1
    ? format(sorted[0]!)
    : `${format(sorted[0]!)} – ${format(sorted[sorted.length - 1]!)}`;
}

function percentSpread(ds: TariffDecision[]): string {
  const byBp = new Map(
    ds.map((d) => [d.classification.increaseBasisPointsRounded, d.classification.increasePercent]),
  );
  return spread([...byBp.keys()], (bp) => byBp.get(bp)!);
}

/** Plural adjective as the report letter uses it: "for private tilbud", "for kommunale tilbud". */
const OPERATOR_KIND_PLURAL: Record<OperatorKind, string> = {
  private: 'private',
  municipal: 'kommunale',
  regional: 'regionale',
};

export const changeLink = (portalUrl: string, changeId: string) =>
  `${portalUrl.replace(/\/+$/, '')}/takstaendringer/${encodeURIComponent(changeId)}`;

/**
 * Fields of the letter on increases above P/L (template `tariff-letter-above-pl`), written in the
 * buyer municipality's name to the supplier. No citizen data: the contracts are named by id only
 * in the portal, not in the letter.
 */
export function supplierLetterData(
  change: TariffChange,
  municipalityId: string,
  portalUrl: string,
): Record<string, string> {
  const ds = change.decisions.filter(
    (d) => d.buyer.organisationId === municipalityId && d.classification.requiresBuyerApproval,
  );
  const reported = ds.filter((d) => d.classification.reportToAuthority);
  const threshold = ds[0] ? bpText(ds[0].classification.thresholdUsedBp) : '';
  return {
    supplierName: change.supplier.name,
    buyerName: ds[0]?.buyer.name ?? municipalityId,
    buyerEmail: ds[0]?.buyer.email ?? '',
    offerName: change.offer.name,
    effectiveFrom: danishDate(change.effectiveFrom),
    currentTariff: spread(
      ds.map((d) => d.currentPrice.dailyTotalOre),
      formatDkk,
    ),
    newTariff: spread(
      ds.map((d) => d.newPrice.dailyTotalOre),
      formatDkk,
    ),
    increasePercent: percentSpread(ds),
    policyYear: String(change.policy.year),
    plRate: bpText(change.policy.plRateBp),
    responseDeadline: danishDate(change.justificationDeadline),
    reportNotice:
      reported.length > 0
        ? `Stigningen er højere end indberetningsgrænsen for ${OPERATOR_KIND_PLURAL[change.offer.operatorKind]} tilbud (${threshold}) og indberettes derfor til ${reported[0]!.authority}.`
        : `Stigningen er ikke højere end indberetningsgrænsen for ${OPERATOR_KIND_PLURAL[change.offer.operatorKind]} tilbud (${threshold}) og indberettes ikke til tilsynet.`,
    portalUrl: changeLink(portalUrl, change.id),
  };
}

/**
 * Fields of the letter on the buyer's decision (template `tariff-decision`), written in the buyer
 * municipality's name to the supplier: approved or rejected, for how many contracts, what follows,
 * and the case worker's comment (about the tariff, never the citizen: the form says so).
 */
export function decisionLetterData(
  change: TariffChange,
  letter: Pick<TariffLetter, 'municipalityOrganisationId' | 'decision' | 'contractIds'>,
  portalUrl: string,
): Record<string, string> {
  const ds = change.decisions.filter((d) => (letter.contractIds ?? []).includes(d.contractId));
  const approved = letter.decision === 'approved';
  const comment = ds.find((d) => d.buyerDecision?.comment)?.buyerDecision?.comment;
  return {
    supplierName: change.supplier.name,
    buyerName: ds[0]?.buyer.name ?? letter.municipalityOrganisationId,
    buyerEmail: ds[0]?.buyer.email ?? '',
    offerName: change.offer.name,
    effectiveFrom: danishDate(change.effectiveFrom),
    decision: approved ? 'godkendt' : 'afvist',
    increasePercent: percentSpread(ds),
    contractCount: String(ds.length),
    consequence: approved
      ? `Den varslede døgntakst gælder fra ${danishDate(change.effectiveFrom)} og registreres som et tillæg til hver af kontrakterne.`
      : 'Den gældende døgntakst fortsætter uændret for kontrakterne.',
    comment: comment ?? 'Kommunen har ikke skrevet en bemærkning.',
    portalUrl: changeLink(portalUrl, change.id),
  };
}

/**
 * The letter telling the supplier what a case worker of a buyer municipality decided, for which of
 * its contracts (recorded with the decision, handed over by the flow).
 */
export function decisionLetter(
  change: Pick<TariffChange, 'id' | 'letters' | 'supplier'>,
  municipalityId: string,
  decision: 'approved' | 'rejected',
  contractIds: string[],
  now: Date,
): TariffLetter {
  const earlier = change.letters.filter(
    (l) => l.kind === 'tariff-decision' && l.municipalityOrganisationId === municipalityId,
  ).length;
  return {
    key: decisionLetterKey(change.id, municipalityId, earlier + 1),
    kind: 'tariff-decision',
    municipalityOrganisationId: municipalityId,
    to: [change.supplier.email],
    decision,
    contractIds,
    status: 'pending',
    attempts: 0,
    createdAt: now,
  };
}

/** Fields of the reminder to a buyer municipality (template `tariff-approval-reminder`). */
export function reminderLetterData(
  change: TariffChange,
  municipalityId: string,
  portalUrl: string,
): Record<string, string> {
  const ds = change.decisions.filter(
    (d) => d.buyer.organisationId === municipalityId && d.status === 'awaiting_approval',
  );
  return {
    buyerName: ds[0]?.buyer.name ?? municipalityId,
    supplierName: change.supplier.name,
    offerName: change.offer.name,
    effectiveFrom: danishDate(change.effectiveFrom),
    increasePercent: percentSpread(ds),
    plRate: bpText(change.policy.plRateBp),
    policyYear: String(change.policy.year),
    contractCount: String(ds.length),
    deadline: danishDate(change.approvalDeadline),
    portalUrl: changeLink(portalUrl, change.id),
  };
}

/** 'Greve Kommune (købende), Køge Kommune (betalende)': who buys and who pays. */
export const municipalityList = (report: Pick<AuthorityReport, 'municipalities'>) =>
  report.municipalities
    .map((m) => `${m.name} (${m.role === 'paying' ? 'betalende' : 'købende'})`)
    .join(', ');

/** Fields of the covering letter of a report (template `authority-report`). */
export function authorityReportLetterData(
  change: TariffChange,
  report: AuthorityReport,
): Record<string, string> {
  const ds = change.decisions.filter((d) => report.contractIds.includes(d.contractId));
  return {
    authorityName: report.authority,
    operatorKindLabel: OPERATOR_KIND_PLURAL[change.offer.operatorKind],
    thresholdUsed: ds[0] ? bpText(ds[0].classification.thresholdUsedBp) : '',
    offerName: change.offer.name,
    tilbudsportalenId: change.offer.tilbudsportalenId ?? 'ikke oplyst',
    supplierName: change.supplier.name,
    effectiveFrom: danishDate(change.effectiveFrom),
    increasePercent: percentSpread(ds),
    municipalities: municipalityList(report),
  };
}
