/**
 * Pure contract rules: no I/O, no framework. What a national standard contract allows, in one
 * place, so the use cases only tell the story and these can be tested on their own.
 */
import {
  danishLongDate,
  daysInMonth,
  exceedsBasisPoints,
  formatDkk,
  increaseRatio,
  isIsoDate,
  isValidCvr,
  isValidEan,
  looksLikeCpr,
  toBasisPointsRounded,
  toPercentString,
  type FieldIssue,
} from '@rammeaftale/domain';
import type { ContractBasis } from '@rammeaftale/service-api';
import type {
  Contract,
  ContractStatus,
  PartyRecord,
  PriceChangeAssessment,
  PriceRecord,
} from './contract.types';

/** The national standard contract's payment term: at most 30 days after the invoice. */
export const MAX_PAYMENT_DAYS = 30;

export const CONTRACT_ACTIONS = [
  'send',
  'accept',
  'sign',
  'activate',
  'amend',
  'terminate',
  'rescind',
  'withdraw',
  'reject',
  'propose-amendment',
  'accept-amendment',
  'decline-amendment',
] as const;
export type ContractAction = (typeof CONTRACT_ACTIONS)[number];

/**
 * The lifecycle: draft → sent to supplier → accepted by supplier → signed by buyer → active →
 * amended (any number of numbered amendments) → terminated with notice or at once (ophævelse).
 * Before it is signed the buyer may withdraw it, and the supplier may reject the draft it was sent;
 * both end it for good (a new contract needs a new selection of the offer).
 */
const TRANSITIONS: Record<ContractAction, { from: ContractStatus[]; to?: ContractStatus }> = {
  send: { from: ['draft'], to: 'sent_to_supplier' },
  accept: { from: ['sent_to_supplier'], to: 'accepted_by_supplier' },
  sign: { from: ['accepted_by_supplier'], to: 'signed_by_buyer' },
  activate: { from: ['signed_by_buyer'], to: 'active' },
  amend: { from: ['active', 'amended'], to: 'amended' },
  terminate: { from: ['active', 'amended'], to: 'terminated' },
  rescind: { from: ['active', 'amended'], to: 'terminated' },
  withdraw: { from: ['draft', 'sent_to_supplier', 'accepted_by_supplier'], to: 'withdrawn' },
  reject: { from: ['sent_to_supplier'], to: 'rejected_by_supplier' },
  // A proposal, and its decline, leave the running contract as it is (no `to`: the status stays);
  // an accepted proposal is an amendment.
  'propose-amendment': { from: ['active', 'amended'] },
  'accept-amendment': { from: ['active', 'amended'], to: 'amended' },
  'decline-amendment': { from: ['active', 'amended'] },
};

/** The states a step applies in and the one it leads to (absent: the status stays). */
export function transitionFor(action: ContractAction): {
  from: readonly ContractStatus[];
  to?: ContractStatus;
} {
  return TRANSITIONS[action];
}

export function canTransition(status: ContractStatus, action: ContractAction): boolean {
  return TRANSITIONS[action].from.includes(status);
}

/**
 * An order id: opaque, and never ending in `.<digits>`, which a contract id adds for an order's
 * later contracts (so `c-<order>.2` can never be the first contract of another order).
 */
export const ORDER_ID_PATTERN = /^(?![A-Za-z0-9_.-]*\.\d+$)[A-Za-z0-9_.-]{1,100}$/;

/**
 * Stable contract ids from the order, one per slot: the first contract is `c-<orderId>`, the n-th
 * `c-<orderId>.<n>`. A slot is taken by one unique insert, so the same "offer selected" event (or
 * two at once) can only make one contract in it (ADR 0015).
 */
export function contractIdFor(orderId: string, slot = 1): string {
  if (!ORDER_ID_PATTERN.test(orderId)) throw new RangeError('order id is not an opaque id');
  if (!Number.isInteger(slot) || slot < 1) throw new RangeError('slot must be a positive integer');
  return slot === 1 ? `c-${orderId}` : `c-${orderId}.${slot}`;
}

/** The slot of a contract id of `orderId` (1 for `c-<orderId>`, n for `c-<orderId>.<n>`). */
export function contractSlotOf(orderId: string, contractId: string): number {
  const rest = contractId.slice(`c-${orderId}`.length);
  const n = rest === '' ? 1 : Number(rest.slice(1));
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/**
 * Ended before they came into force: withdrawn by the buyer, rejected by the supplier. Only these
 * free the order for a new contract; every other contract of the order is its live one (a
 * terminated contract ran, and a new placement is a new order).
 */
export const NEVER_IN_FORCE: readonly ContractStatus[] = ['withdrawn', 'rejected_by_supplier'];

/**
 * What a new draft for an order meets among the order's contracts: its live contract (then the
 * draft is that one), or the next free slot when all of them ended before coming into force.
 */
export function nextDraftFor(
  orderId: string,
  contracts: readonly Pick<Contract, 'id' | 'status'>[],
): { live: string } | { id: string } {
  const live = contracts.find((c) => !NEVER_IN_FORCE.includes(c.status));
  if (live) return { live: live.id };
  const slot = Math.max(0, ...contracts.map((c) => contractSlotOf(orderId, c.id))) + 1;
  return { id: contractIdFor(orderId, slot) };
}

export function dailyTotalOre(price: {
  dailyBasisTariffOre: number;
  additionalTariffs: { dailyOre: number }[];
}): number {
  return price.additionalTariffs.reduce((sum, t) => sum + t.dailyOre, price.dailyBasisTariffOre);
}

export function priceRecord(input: {
  dailyBasisTariffOre: number;
  additionalTariffs?: { description: string; dailyOre: number }[];
  tariffYear: number;
}): PriceRecord {
  const additionalTariffs = input.additionalTariffs ?? [];
  return {
    dailyBasisTariffOre: input.dailyBasisTariffOre,
    additionalTariffs,
    dailyTotalOre: dailyTotalOre({ ...input, additionalTariffs }),
    tariffYear: input.tariffYear,
  };
}

/**
 * A price change against the daily price in force. "Above P/L" is strictly greater, computed on
 * the exact ratio (ADR 0005); only such an increase needs the buyer's recorded approval.
 */
export function assessPriceChange(
  currentDailyOre: number,
  newDailyOre: number,
  plRateBp: number,
): PriceChangeAssessment {
  const ratio = increaseRatio(currentDailyOre, newDailyOre);
  return {
    increasePercent: toPercentString(ratio),
    increaseBasisPointsRounded: toBasisPointsRounded(ratio),
    exceedsPl: exceedsBasisPoints(ratio, plRateBp),
    plRateBp,
  };
}

/**
 * The price in force on `today` and the next one recorded, if any: an amendment may set a price
 * from a later day, so the latest agreed price (`price`) is not always the one paid now. Before the
 * contract starts, its first price is the one "in force".
 */
export function pricesOn(
  c: Pick<Contract, 'priceHistory' | 'price' | 'startDate'>,
  today: string,
): {
  priceInForce: { from: string; price: PriceRecord };
  nextPrice?: { from: string; price: PriceRecord };
} {
  const started = c.priceHistory.filter((p) => p.validFrom <= today);
  const current = started[started.length - 1] ?? c.priceHistory[0];
  const next = c.priceHistory.find((p) => p.validFrom > today && p !== current);
  return {
    priceInForce: current
      ? { from: current.validFrom, price: current.price }
      : { from: c.startDate, price: c.price },
    ...(next ? { nextPrice: { from: next.validFrom, price: next.price } } : {}),
  };
}

/**
 * Notice runs "til udgangen af en måned": given on any day of month M with n months' notice, the
 * contract ends on the last day of month M + n.
 */
export function terminationEffectiveDate(noticeGivenOn: string, noticeMonths: number): string {
  if (!isIsoDate(noticeGivenOn)) throw new RangeError('noticeGivenOn must be YYYY-MM-DD');
  if (!Number.isInteger(noticeMonths) || noticeMonths < 0)
    throw new RangeError('noticeMonths must be a non-negative integer');
  const [y, m] = noticeGivenOn.split('-').map(Number) as [number, number];
  const monthIndex = y * 12 + (m - 1) + noticeMonths;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  return `${year}-${pad(month)}-${pad(daysInMonth(year, month))}`;
}

/**
 * What the contract needs beyond the shape of the basis: invoices go to the paying
 * municipality's EAN, the supplier is identified by CVR, and the citizen appears only by a
 * pseudonym (a reference that looks like a CPR number is refused, never stored).
 */
export function basisProblems(basis: ContractBasis): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const party = (
    name: string,
    p: ContractBasis['supplier'],
    need: { ean?: boolean; cvr?: boolean },
  ) => {
    if (need.ean && !p.ean)
      problems.push({ field: `${name}.ean`, message: 'EAN number is required' });
    if (p.ean && !isValidEan(p.ean))
      problems.push({ field: `${name}.ean`, message: 'not a valid EAN number (check digit)' });
    if (need.cvr && !p.cvr)
      problems.push({ field: `${name}.cvr`, message: 'CVR number is required' });
    if (p.cvr && !isValidCvr(p.cvr))
      problems.push({ field: `${name}.cvr`, message: 'not a valid CVR number (check digit)' });
  };
  party('actingMunicipality', basis.actingMunicipality, { ean: true });
  party('payingMunicipality', basis.payingMunicipality, { ean: true });
  party('supplier', basis.supplier, { cvr: true });
  if (looksLikeCpr(basis.citizen.reference))
    problems.push({
      field: 'citizen.reference',
      message: 'must be a pseudonym; a CPR number never goes into a contract',
    });
  if (!isIsoDate(basis.startDate))
    problems.push({ field: 'startDate', message: 'not a calendar date' });
  const total = dailyTotalOre({
    dailyBasisTariffOre: basis.price.dailyBasisTariffOre,
    additionalTariffs: basis.price.additionalTariffs ?? [],
  });
  if (total <= 0)
    problems.push({
      field: 'price.dailyBasisTariffOre',
      message: 'the daily price must be positive',
    });
  if (!Number.isSafeInteger(total))
    problems.push({ field: 'price', message: 'the daily price is out of range' });
  return problems;
}

/**
 * Tenant keys of a party: its organisation id and, for municipalities, the `mun-<code>` form case
 * workers' tokens carry.
 */
export function tenantKeysOf(
  p: Pick<PartyRecord, 'organisationId' | 'municipalityCode'>,
): string[] {
  const keys = [p.organisationId];
  if (p.municipalityCode !== undefined) keys.push(`mun-${p.municipalityCode}`);
  return keys;
}

/** '2026-03-01' → '1. marts 2026'. */
export const danishDate = (iso: string): string => danishLongDate(iso);

// Neuter forms: the templates write "et {{offer.operatorKind}} tilbud".
const OPERATOR_KIND_DA = {
  municipal: 'kommunalt',
  regional: 'regionalt',
  private: 'privat',
} as const;

const partyContact = (p: PartyRecord) =>
  [p.contact.name, p.contact.email, p.contact.phone, p.contact.address].filter(Boolean).join(', ');

const months = (n: number) => (n === 1 ? '1 måned' : `${n} måneder`);

/**
 * The values a template's {{fields}} are filled with: Danish, formatted for people. The citizen
 * appears only by the municipality's pseudonym.
 */
export function contractFields(c: Contract): Record<string, string> {
  return {
    'contract.id': c.id,
    'contract.version': String(c.version),
    'order.id': c.orderId,
    'template.title': c.template.title,
    'template.version': String(c.template.version),
    'acting.name': c.actingMunicipality.name,
    'acting.ean': c.actingMunicipality.ean ?? 'ikke oplyst',
    'acting.contact': partyContact(c.actingMunicipality),
    'paying.name': c.payingMunicipality.name,
    'paying.ean': c.payingMunicipality.ean ?? 'ikke oplyst',
    'paying.contact': partyContact(c.payingMunicipality),
    'supplier.name': c.supplier.name,
    'supplier.cvr': c.supplier.cvr ?? 'ikke oplyst',
    'supplier.ean': c.supplier.ean ?? 'ikke oplyst',
    'supplier.contact': partyContact(c.supplier),
    'citizen.reference': c.citizen.reference,
    'offer.name': c.offer.name,
    'offer.department': c.offer.departmentName ?? c.offer.name,
    'offer.tilbudsportalenId': c.offer.tilbudsportalenId ?? 'ikke oplyst',
    'offer.operatorKind': OPERATOR_KIND_DA[c.offer.operatorKind],
    'offer.supervisingAuthority': c.offer.supervisingAuthority,
    services: c.services.map((s) => `- ${s.description} (${s.legalBasis})`).join('\n'),
    'price.dailyBasis': formatDkk(c.price.dailyBasisTariffOre),
    'price.additional':
      c.price.additionalTariffs.length === 0
        ? 'Ingen tillægstakster.'
        : c.price.additionalTariffs
            .map((t) => `- ${t.description}: ${formatDkk(t.dailyOre)} pr. døgn`)
            .join('\n'),
    'price.dailyTotal': formatDkk(c.price.dailyTotalOre),
    'price.tariffYear': String(c.price.tariffYear),
    'priceRegulation.plRate': toPercentString({
      num: BigInt(c.priceRegulation.plRateBp),
      den: 10_000n,
    }),
    'payment.days': String(c.paymentDays),
    startDate: danishDate(c.startDate),
    duration: c.endDate
      ? `Kontrakten ophører efter aftale den ${danishDate(c.endDate)}.`
      : c.expectedDurationMonths === undefined
        ? 'Indsatsen er tidsubegrænset og løber, indtil kontrakten opsiges.'
        : `Indsatsen forventes at vare ${months(c.expectedDurationMonths)}.`,
    'notice.buyer': months(c.notice.buyerMonths),
    'notice.supplier': months(c.notice.supplierMonths),
    goals: c.goals
      .map((g, i) => `${i + 1}. Mål: ${g.goal}\n   Opfølgning: ${g.followUp}`)
      .join('\n'),
  };
}

/** Every field a template may use; loading a template with another field is refused. */
export const CONTRACT_FIELD_NAMES: readonly string[] = [
  'contract.id',
  'contract.version',
  'order.id',
  'template.title',
  'template.version',
  'acting.name',
  'acting.ean',
  'acting.contact',
  'paying.name',
  'paying.ean',
  'paying.contact',
  'supplier.name',
  'supplier.cvr',
  'supplier.ean',
  'supplier.contact',
  'citizen.reference',
  'offer.name',
  'offer.department',
  'offer.tilbudsportalenId',
  'offer.operatorKind',
  'offer.supervisingAuthority',
  'services',
  'price.dailyBasis',
  'price.additional',
  'price.dailyTotal',
  'price.tariffYear',
  'priceRegulation.plRate',
  'payment.days',
  'startDate',
  'duration',
  'notice.buyer',
  'notice.supplier',
  'goals',
];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
