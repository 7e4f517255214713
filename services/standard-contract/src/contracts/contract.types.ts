/**
 * The contract as the use cases see it: a plain object, one MongoDB document. Amendments, price
 * history, versions, signatures, the audit trail and the letter outbox live inside it, so every
 * change is one atomic single-document write (FerretDB has no multi-document transactions).
 */

export {
  CONTRACT_STATUSES,
  LETTER_STATUSES,
  AMENDMENT_KINDS,
  CONTRACT_LETTER_KINDS,
  PROPOSAL_STATUSES,
} from '@rammeaftale/service-api';
import type {
  PROPOSAL_STATUSES,
  CONTRACT_STATUSES,
  LETTER_STATUSES,
  AMENDMENT_KINDS,
  CONTRACT_LETTER_KINDS,
  TERMINATION_KINDS,
} from '@rammeaftale/service-api';

export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export type LetterStatus = (typeof LETTER_STATUSES)[number];

export type ContractLetterKind = (typeof CONTRACT_LETTER_KINDS)[number];

export interface ActorRef {
  userId: string;
  role: string;
  organisationId: string;
}

export interface PartyRecord {
  organisationId: string;
  name: string;
  ean?: string;
  cvr?: string;
  municipalityCode?: number;
  contact: { name?: string; email: string; phone?: string; address?: string };
}

export interface PriceRecord {
  dailyBasisTariffOre: number;
  additionalTariffs: { description: string; dailyOre: number }[];
  /** Basis plus additional tariffs: what the buyer pays per day. */
  dailyTotalOre: number;
  tariffYear: number;
}

export interface BuyerApproval {
  /** The buyer's decision reference (e.g. the tariff flow's approval id or a journal number). */
  reference: string;
  approvedBy: string;
  /** YYYY-MM-DD */
  approvedOn: string;
}

export interface PriceChangeAssessment {
  /** For people, e.g. '5,01 %'; decisions used the exact ratio. */
  increasePercent: string;
  increaseBasisPointsRounded: number;
  exceedsPl: boolean;
  /** The P/L rate the decision used. */
  plRateBp: number;
  /** Which policy values it came from (the registry's year and effective date). */
  policyYear?: number;
  policyEffectiveFrom?: string;
}

export interface PriceHistoryEntry {
  /** YYYY-MM-DD from which this price applies. */
  validFrom: string;
  price: PriceRecord;
  source: 'contract' | 'amendment';
  amendmentNumber?: number;
  change?: PriceChangeAssessment;
  approval?: BuyerApproval;
  recordedAt: Date;
  recordedBy: ActorRef;
}

export type AmendmentKind = (typeof AMENDMENT_KINDS)[number];

export interface Amendment {
  number: number;
  kind: AmendmentKind;
  description: string;
  effectiveFrom: string;
  /** The contract version this amendment created. */
  version: number;
  price?: PriceRecord;
  change?: PriceChangeAssessment;
  approval?: BuyerApproval;
  /** Set when the amendment carries out an announced tariff change (at most one per change). */
  tariffChangeId?: string;
  createdAt: Date;
  createdBy: ActorRef;
}

export interface ContractVersion {
  number: number;
  createdAt: Date;
  reason: string;
  /** SHA-256 of the stored PDF of this version, once rendered. */
  documentHash?: string;
}

export interface Signature {
  userId: string;
  organisationId: string;
  at: Date;
  version: number;
  /** SHA-256 of the PDF that was accepted or signed: proves later what was agreed. */
  documentHash: string;
}

export interface Termination {
  /** With notice (opsigelse) or at once (ophævelse); absent on older records: notice. */
  kind?: (typeof TERMINATION_KINDS)[number];
  party: 'buyer' | 'supplier';
  noticeGivenOn: string;
  noticeMonths: number;
  /** Last day of the contract: notice runs to the end of a month; at once: the day given. */
  effectiveDate: string;
  reason: string;
  by: ActorRef;
  at: Date;
}

/** Why a contract that never came into force ended: withdrawn by the buyer, rejected by the supplier. */
export interface Cancellation {
  kind: 'withdrawn' | 'rejected';
  party: 'buyer' | 'supplier';
  reason: string;
  by: ActorRef;
  at: Date;
}

export interface AuditEntry {
  at: Date;
  action: string;
  by: ActorRef;
  version: number;
  detail?: Record<string, unknown>;
}

/** What an amendment proposal may change (the closed list of AmendmentProposalBody's `changes`). */
export interface ProposedChanges {
  services?: { description: string; legalBasis: string }[];
  dailyBasisTariffOre?: number;
  additionalTariffs?: { description: string; dailyOre: number }[];
  endDate?: string;
}

/**
 * An amendment proposed by one party of an active contract and decided by the other: accepted, it
 * becomes a numbered amendment and a new version; declined, the contract stays as it was. Either
 * way the proposal stays on the contract, so the history of what was asked and answered is kept.
 */
export interface AmendmentProposal {
  number: number;
  status: (typeof PROPOSAL_STATUSES)[number];
  party: 'buyer' | 'supplier';
  proposedBy: ActorRef;
  proposedAt: Date;
  basedOnVersion: number;
  effectiveFrom: string;
  reason: string;
  changes: ProposedChanges;
  decision?: {
    by: ActorRef;
    at: Date;
    comment?: string;
    amendmentNumber?: number;
    version?: number;
  };
}

/** The letter outbox: recorded with the transition that needs it, delivered and retried after. */
export interface LetterRecord {
  key: string;
  version: number;
  /** Which letter; absent on older records: the contract (or amendment) letter. */
  kind?: ContractLetterKind;
  /** Who it goes to; absent: the supplier. */
  to?: 'supplier' | 'buyer';
  /** The amendment proposal an amendment letter is about. */
  proposal?: number;
  status: LetterStatus;
  attempts: number;
  lastError?: string;
  createdAt: Date;
  acceptedAt?: Date;
  /** The recipient's mail server took it (the notifications service said so). */
  deliveredAt?: Date;
  /** The recipient's mail server refused it for good (a bounce); the letter is then failed. */
  bouncedAt?: Date;
}

export interface OfferRecord {
  offerId: string;
  tilbudsportalenId?: string;
  name: string;
  departmentName?: string;
  coveredByFrameworkAgreement: boolean;
  operatorKind: 'municipal' | 'regional' | 'private';
  supervisingAuthority: string;
}

export interface Contract {
  id: string;
  orderId: string;
  status: ContractStatus;
  /** Current version: 1 when drafted, +1 per amendment. */
  version: number;
  template: { id: string; version: number; title: string };
  actingMunicipality: PartyRecord;
  payingMunicipality: PartyRecord;
  supplier: PartyRecord;
  /** Tenant keys, always part of the query: who may see and who may act as buyer. */
  access: { municipalities: string[]; buyer: string[]; supplier: string };
  citizen: { reference: string; isChild: boolean };
  offer: OfferRecord;
  services: { description: string; legalBasis: string }[];
  price: PriceRecord;
  /** The P/L rate in force when the contract was drafted (later changes use the rate of their date). */
  priceRegulation: { index: 'P/L'; plRateBp: number; policyYear?: number };
  paymentDays: number;
  startDate: string;
  expectedDurationMonths?: number;
  /** The agreed last day, when an accepted amendment set one. */
  endDate?: string;
  notice: { buyerMonths: number; supplierMonths: number };
  goals: { goal: string; followUp: string }[];
  selectedAt: string;
  selectedBy: string;
  activatedOn?: string;
  signatures: { supplier?: Signature; buyer?: Signature };
  amendments: Amendment[];
  amendmentProposals: AmendmentProposal[];
  /** The number of the proposal awaiting the other party, if any: at most one at a time. */
  pendingProposal?: number;
  priceHistory: PriceHistoryEntry[];
  versions: ContractVersion[];
  termination?: Termination;
  cancellation?: Cancellation;
  audit: AuditEntry[];
  letters: LetterRecord[];
  createdAt: Date;
  updatedAt: Date;
}
