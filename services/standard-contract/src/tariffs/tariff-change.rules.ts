/**
 * Pure rules of the tariff flow: no I/O, no framework. How an announced tariff becomes a decision
 * per contract, which letters and reports follow, and what they say.
 *
 * The increase is measured on the total daily price the buyer pays (basis tariff plus the
 * contract's additional tariffs), against the price in force on the effective date, as the exact
 * ratio (new − current) / current; thresholds are compared strictly ("above" 5 % means more than
 * 5,00 %, so 5,00 % is not reported and 5,01 % is). Percentages shown to people are rounded to two
 * decimals, halves away from zero; no decision uses the rounded figure (ADR 0005, and
 * `classifyTariffChange` in packages/domain, which every decision here goes through).
 */
import { createHash } from 'node:crypto';
import {
  classifyTariffChange,
  isoToEpochMs,
  toPercentString,
  type FieldIssue,
  type OperatorKind,
  type PolicyValues,
  type TariffClassification,
} from '@rammeaftale/domain';
import { priceRecord, tenantKeysOf } from '../contracts/contract.rules';
import type { Contract, PriceRecord } from '../contracts/contract.types';
import type {
  AuthorityReport,
  DecisionClassification,
  IncreaseBand,
  TariffChange,
  TariffDecision,
  TariffLetter,
} from './tariff-change.types';

const DAY_MS = 86_400_000;

/** Contracts a tariff change applies to: signed and running (amended ones are still running). */
export const RUNNING_CONTRACT_STATUSES = ['active', 'amended'] as const;

export { TARIFF_CHANGE_ID, legacyTariffChangeId, tariffChangeId } from './tariff-change-id';

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  return isoDay(new Date(isoToEpochMs(isoDate) + days * DAY_MS));
}

/**
 * The price in force on `date` (the last price-history entry starting on or before it) and
 * whether a later price is already recorded, in which case a change from `date` would rewrite
 * history and is not applied.
 */
export function priceInForceOn(
  c: Pick<Contract, 'priceHistory' | 'price' | 'startDate'>,
  date: string,
): { price: PriceRecord; from: string; laterPriceFrom?: string } {
  const started = c.priceHistory.filter((p) => p.validFrom <= date);
  const inForce = started[started.length - 1];
  const later = c.priceHistory.find((p) => p.validFrom > date);
  return {
    price: inForce?.price ?? c.price,
    from: inForce?.validFrom ?? c.startDate,
    ...(later ? { laterPriceFrom: later.validFrom } : {}),
  };
}

/**
 * A change from a day before a price already recorded on a running contract of the offer would
 * rewrite that contract's history: no buyer could be asked about it, so nothing may be decided,
 * sent or reported. The announcement is refused, naming the first such later price.
 */
export function laterPriceIssue(
  contracts: Pick<Contract, 'priceHistory' | 'price' | 'startDate'>[],
  effectiveFrom: string,
): FieldIssue | undefined {
  const later = contracts
    .map((c) => priceInForceOn(c, effectiveFrom).laterPriceFrom)
    .filter((d): d is string => d !== undefined)
    .sort()[0];
  if (!later) return undefined;
  return {
    field: 'effectiveFrom',
    code: 'later-price-in-force',
    message: `a running contract of this offer already has a price from ${later}; announce a change from after that day`,
  };
}

/**
 * The buyer's and the supplier's deadlines of a change announced `today`. The buyer decides
 * within `approvalDays` but at the latest the day before the change takes effect, so an increase
 * above P/L is decided before it applies; the supplier justifies within `justificationDays` but at
 * the latest by the buyer's deadline. A change announced on or after its effective day (late)
 * cannot be decided before it: its buyer gets the full period.
 */
export function tariffDeadlines(
  today: string,
  effectiveFrom: string,
  days: { approvalDays: number; justificationDays: number },
): { approvalDeadline: string; justificationDeadline: string } {
  const earliest = (a: string, b: string) => (a < b ? a : b);
  const full = addDays(today, days.approvalDays);
  const approvalDeadline =
    effectiveFrom > today ? earliest(full, addDays(effectiveFrom, -1)) : full;
  return {
    approvalDeadline,
    justificationDeadline: earliest(addDays(today, days.justificationDays), approvalDeadline),
  };
}

export function bandOf(c: Pick<TariffClassification, 'kind' | 'reportToAuthority'>): IncreaseBand {
  if (c.kind === 'decrease' || c.kind === 'unchanged') return 'decrease_or_unchanged';
  if (c.reportToAuthority) return 'above_report_threshold';
  return c.kind === 'above_pl' ? 'above_pl' : 'within_pl';
}

function classificationRecord(c: TariffClassification): DecisionClassification {
  return {
    kind: c.kind,
    ratio: { num: c.ratio.num.toString(), den: c.ratio.den.toString() },
    increasePercent: c.increasePercent,
    increaseBasisPointsRounded: c.increaseBasisPointsRounded,
    requiresBuyerApproval: c.requiresBuyerApproval,
    reportToAuthority: c.reportToAuthority,
    thresholdUsedBp: c.thresholdUsedBp,
    band: bandOf(c),
  };
}

/**
 * One contract's decision: the announced basis tariff with the contract's own additional
 * tariffs, compared with the total daily price in force on the effective date, classified with
 * the policy values in force on that date. Within P/L (or a decrease) applies by itself; above
 * P/L waits for the buyer; an unchanged price or a contract whose price history already goes past
 * the date is noted and left alone.
 */
export function decideForContract(
  c: Contract,
  announcement: { dailyBasisTariffOre: number; tariffYear: number; effectiveFrom: string },
  policy: PolicyValues,
): TariffDecision {
  const inForce = priceInForceOn(c, announcement.effectiveFrom);
  const newPrice = priceRecord({
    dailyBasisTariffOre: announcement.dailyBasisTariffOre,
    additionalTariffs: inForce.price.additionalTariffs,
    tariffYear: announcement.tariffYear,
  });
  const classification = classificationRecord(
    classifyTariffChange({
      currentDailyOre: inForce.price.dailyTotalOre,
      newDailyOre: newPrice.dailyTotalOre,
      operatorKind: c.offer.operatorKind,
      policy,
    }),
  );
  const buyerKeys = tenantKeysOf(c.actingMunicipality);
  const base = {
    contractId: c.id,
    buyer: {
      organisationId: c.actingMunicipality.organisationId,
      name: c.actingMunicipality.name,
      email: c.actingMunicipality.contact.email,
    },
    buyerKeys,
    readerKeys: [...new Set([...buyerKeys, ...tenantKeysOf(c.payingMunicipality)])],
    payingMunicipalityName: c.payingMunicipality.name,
    payingMunicipality: {
      organisationId: c.payingMunicipality.organisationId,
      name: c.payingMunicipality.name,
    },
    authority: c.offer.supervisingAuthority,
    currentPrice: inForce.price,
    currentPriceFrom: inForce.from,
    newPrice,
    classification,
  };
  if (inForce.laterPriceFrom)
    return {
      ...base,
      status: 'not_applicable',
      note: `a later price is already in force from ${inForce.laterPriceFrom}`,
    };
  if (classification.kind === 'unchanged')
    return { ...base, status: 'not_applicable', note: 'the price does not change' };
  return {
    ...base,
    status: classification.requiresBuyerApproval ? 'awaiting_approval' : 'to_apply',
  };
}

const BAND_ORDER: IncreaseBand[] = [
  'decrease_or_unchanged',
  'within_pl',
  'above_pl',
  'above_report_threshold',
];

export function summaryOf(
  decisions: TariffDecision[],
  policy: PolicyValues,
): TariffChange['summary'] {
  const band = decisions
    .map((d) => d.classification.band)
    .reduce<IncreaseBand>(
      (a, b) => (BAND_ORDER.indexOf(b) > BAND_ORDER.indexOf(a) ? b : a),
      'decrease_or_unchanged',
    );
  return {
    policyYear: policy.year,
    maxIncreaseBp: Math.max(
      0,
      ...decisions.map((d) => d.classification.increaseBasisPointsRounded),
    ),
    band,
    abovePl: decisions.some((d) => d.classification.requiresBuyerApproval),
    reported: decisions.some((d) => d.classification.reportToAuthority),
    contracts: decisions.length,
  };
}

/** "Socialtilsyn Øst" → "socialtilsyn-oest": the authority's part of a report's key. */
export function authoritySlug(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || `authority-${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}

export const supplierLetterKey = (changeId: string, municipalityId: string) =>
  `tariff-letter:${changeId}:${municipalityId}`;
/** The n-th decision letter of a municipality in a change (a municipality may decide in parts). */
export const decisionLetterKey = (changeId: string, municipalityId: string, n: number) =>
  `tariff-decision:${changeId}:${municipalityId}:${n}`;
export const reminderKey = (changeId: string, municipalityId: string) =>
  `tariff-reminder:${changeId}:${municipalityId}`;
export const authorityReportKey = (changeId: string, authority: string) =>
  `authority-report:${changeId}:${authoritySlug(authority)}`;

/** Buyer municipalities with an increase above P/L in this change, in the order first met. */
function municipalitiesAwaiting(decisions: TariffDecision[]): string[] {
  return [
    ...new Set(
      decisions.filter((d) => d.status === 'awaiting_approval').map((d) => d.buyer.organisationId),
    ),
  ];
}

/**
 * The outbox planned at announcement: for each buyer municipality with an increase above P/L, the
 * letter to the supplier asking for a justification (at once) and a reminder to the municipality
 * before the deadline (scheduled; cancelled if it has decided by then); and one report per
 * supervising authority that has reportable increases, listing every buying municipality.
 */
export function plannedOutbox(
  change: Pick<TariffChange, 'id' | 'decisions' | 'supplier' | 'approvalDeadline'>,
  opts: { now: Date; reminderDaysBefore: number },
): { letters: TariffLetter[]; reports: AuthorityReport[] } {
  const letters: TariffLetter[] = [];
  const remindAt = new Date(
    Math.max(
      opts.now.getTime(),
      isoToEpochMs(addDays(change.approvalDeadline, -opts.reminderDaysBefore)),
    ),
  );
  for (const municipalityId of municipalitiesAwaiting(change.decisions)) {
    const buyer = change.decisions.find((d) => d.buyer.organisationId === municipalityId)!.buyer;
    letters.push({
      key: supplierLetterKey(change.id, municipalityId),
      kind: 'tariff-letter',
      municipalityOrganisationId: municipalityId,
      to: [change.supplier.email],
      status: 'pending',
      attempts: 0,
      createdAt: opts.now,
    });
    letters.push({
      key: reminderKey(change.id, municipalityId),
      kind: 'tariff-approval-reminder',
      municipalityOrganisationId: municipalityId,
      to: [buyer.email],
      status: 'scheduled',
      notBefore: remindAt,
      attempts: 0,
      createdAt: opts.now,
    });
  }
  const byAuthority = new Map<string, TariffDecision[]>();
  // Only what applies or awaits a buyer: never report a change no buyer was asked about.
  const reportable = change.decisions.filter(
    (x) => x.classification.reportToAuthority && x.status !== 'not_applicable',
  );
  for (const d of reportable)
    byAuthority.set(d.authority, [...(byAuthority.get(d.authority) ?? []), d]);
  const reports: AuthorityReport[] = [...byAuthority].map(([authority, ds]) => ({
    key: authorityReportKey(change.id, authority),
    authority,
    municipalities: reportedMunicipalities(ds),
    contractIds: ds.map((d) => d.contractId),
    status: 'pending',
    attempts: 0,
    createdAt: opts.now,
  }));
  return { letters, reports };
}

/**
 * The municipalities a report names: every buying (acting) municipality, then every paying one
 * that does not also buy, each once, in the order first met.
 */
export function reportedMunicipalities(ds: TariffDecision[]): AuthorityReport['municipalities'] {
  const named = new Map<string, AuthorityReport['municipalities'][number]>();
  for (const d of ds)
    if (!named.has(d.buyer.organisationId))
      named.set(d.buyer.organisationId, {
        organisationId: d.buyer.organisationId,
        name: d.buyer.name,
        role: 'buying',
      });
  for (const d of ds) {
    const paying = d.payingMunicipality;
    if (paying && !named.has(paying.organisationId))
      named.set(paying.organisationId, { ...paying, role: 'paying' });
  }
  return [...named.values()];
}

/** A reminder is still wanted while the municipality has an undecided increase in the change. */
export function reminderStillNeeded(
  change: Pick<TariffChange, 'decisions'>,
  municipalityId: string,
) {
  return change.decisions.some(
    (d) => d.buyer.organisationId === municipalityId && d.status === 'awaiting_approval',
  );
}

export function isOverdue(
  change: Pick<TariffChange, 'decisions' | 'approvalDeadline'>,
  today: string,
) {
  return (
    today > change.approvalDeadline &&
    change.decisions.some((d) => d.status === 'awaiting_approval')
  );
}

/** Basis points as people read them: 450 → '4,50 %'. */
export const bpText = (bp: number) => toPercentString({ num: BigInt(bp), den: 10_000n });

export const OPERATOR_KIND_DANISH: Record<OperatorKind, string> = {
  private: 'Privat',
  municipal: 'Kommunal',
  regional: 'Regional',
};
