export {
  DECISION_STATUSES,
  INCREASE_BANDS,
  OUTBOX_STATUSES,
  LETTER_KINDS,
} from '@rammeaftale/service-api';
import type {
  DECISION_STATUSES,
  INCREASE_BANDS,
  OUTBOX_STATUSES,
  LETTER_KINDS,
} from '@rammeaftale/service-api';
import type { OperatorKind, PolicyValues, TariffChangeKind } from '@rammeaftale/domain';
import type { ActorRef, OfferRecord, PriceRecord } from '../contracts/contract.types';

/**
 * An announced tariff change: one MongoDB document holding the announcement, the decision for
 * each affected contract, the letters and authority reports it causes (its outbox) and its audit
 * trail, so every step is one atomic single-document write (FerretDB has no transactions).
 */

/**
 * A contract's part in a change:
 * - `to_apply`: within P/L (or a decrease), or approved by the buyer; becomes an amendment;
 * - `awaiting_approval`: above P/L, the buyer has not decided (past the deadline it is overdue);
 * - `applied`: the amendment is on the contract (`amendmentNumber`);
 * - `rejected`: the buyer said no; the price in force stays;
 * - `not_applicable`: nothing to do (unchanged price, contract no longer active, a later price
 *   already in force); `note` says which.
 */
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** Where an increase falls against the policy values of its year (analytics). */
export type IncreaseBand = (typeof INCREASE_BANDS)[number];

export interface DecisionClassification {
  kind: TariffChangeKind;
  /** Exact (new − current) / current as decimal strings of bigints (ADR 0005). */
  ratio: { num: string; den: string };
  /** For people, e.g. '5,01 %'; the decision used `ratio`. */
  increasePercent: string;
  increaseBasisPointsRounded: number;
  requiresBuyerApproval: boolean;
  reportToAuthority: boolean;
  thresholdUsedBp: number;
  band: IncreaseBand;
}

export interface BuyerDecision {
  decision: 'approved' | 'rejected';
  by: ActorRef;
  at: Date;
  /** The reference recorded on the amendment (approvals only). */
  reference?: string;
  comment?: string;
}

export interface TariffDecision {
  contractId: string;
  /** The acting municipality: its case workers approve or reject. */
  buyer: { organisationId: string; name: string; email: string };
  /** Tenant keys of the acting municipality (who may decide). */
  buyerKeys: string[];
  /** Tenant keys of acting and paying municipality (who may read this decision). */
  readerKeys: string[];
  payingMunicipalityName: string;
  /** The paying municipality (absent on decisions before issue 15: only its name was kept). */
  payingMunicipality?: { organisationId: string; name: string };
  /** The contract's supervising authority (the offer's field), where a reportable increase goes. */
  authority: string;
  /** The price in force the increase is measured against, and from when it applies. */
  currentPrice: PriceRecord;
  currentPriceFrom: string;
  newPrice: PriceRecord;
  classification: DecisionClassification;
  status: DecisionStatus;
  note?: string;
  buyerDecision?: BuyerDecision;
  amendmentNumber?: number;
  appliedAt?: Date;
}

export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** What the notifications worker reports about a letter it accepted. */
export interface DeliveryState {
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError?: string;
  sentAt?: string;
  checkedAt: Date;
}

/**
 * One message of the change's outbox, delivered by the notifications worker under `key` (its
 * delivery id there, so a repeated hand-over is accepted once). `scheduled` waits for `notBefore`
 * (reminders); `cancelled` reminders were no longer needed.
 */
export interface OutboxRecord {
  key: string;
  status: OutboxStatus;
  attempts: number;
  notBefore?: Date;
  lastError?: string;
  createdAt: Date;
  acceptedAt?: Date;
  delivery?: DeliveryState;
}

export type TariffLetterKind = (typeof LETTER_KINDS)[number];

/**
 * A letter of the change: to the supplier (above P/L), a reminder to a buyer municipality, or the
 * buyer's decision to the supplier (one per decision a case worker makes).
 */
export interface TariffLetter extends OutboxRecord {
  kind: TariffLetterKind;
  /** The buyer municipality the letter is about (both kinds are per municipality). */
  municipalityOrganisationId: string;
  to: string[];
  /** tariff-decision: what the buyer decided, for which contracts. */
  decision?: 'approved' | 'rejected';
  contractIds?: string[];
}

/** The report of this change to one supervising authority (indberetning): at most one each. */
export interface AuthorityReport extends OutboxRecord {
  authority: string;
  /** The authority's configured address when handed over; unset while none is configured. */
  email?: string;
  /** Buying (acting) and paying municipalities; `role` absent on older reports: buying. */
  municipalities: { organisationId: string; name: string; role?: 'buying' | 'paying' }[];
  contractIds: string[];
}

export interface TariffChange {
  id: string;
  offer: OfferRecord & { operatorKind: OperatorKind };
  supplier: { organisationId: string; name: string; email: string; cvr?: string };
  effectiveFrom: string;
  reason: string;
  announcement: { dailyBasisTariffOre: number; tariffYear: number };
  justifications: { documentReference?: string; note?: string; at: Date; by: ActorRef }[];
  /** The policy values in force on `effectiveFrom`, used for every decision of this change. */
  policy: PolicyValues & { recordedAt: string };
  announcedBy: ActorRef;
  announcedAt: Date;
  /** YYYY-MM-DD: the buyer decides by this day; after it an undecided increase is overdue. */
  approvalDeadline: string;
  justificationDeadline: string;
  decisions: TariffDecision[];
  letters: TariffLetter[];
  reports: AuthorityReport[];
  /** Fixed at announcement, for analytics (`$group` counts; FerretDB sums no fields). */
  summary: {
    policyYear: number;
    maxIncreaseBp: number;
    band: IncreaseBand;
    abovePl: boolean;
    reported: boolean;
    contracts: number;
  };
  access: { supplier: string; municipalities: string[] };
  audit: { at: Date; action: string; by: ActorRef; detail?: Record<string, unknown> }[];
  /** The buyer municipalities told that their approval deadline is near (once each). */
  deadlineNearTold?: string[];
  createdAt: Date;
  updatedAt: Date;
}
