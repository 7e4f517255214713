export { ContractBasis, Party } from './contract-basis';
export {
  ActivateBody,
  AmendmentProposalBody,
  BuyerDecisionBody,
  CancellationBody,
  JustificationBody,
  ProposalDecisionBody,
  ProposedChanges,
  RescissionBody,
  TariffAnnouncementBody,
  TerminationBody,
  VersionBody,
} from './contract-requests';
export {
  CONTRACT_STATUSES,
  LETTER_STATUSES,
  AMENDMENT_KINDS,
  CONTRACT_LETTER_KINDS,
  PROPOSAL_STATUSES,
  TERMINATION_KINDS,
  ContractView,
  type AmendmentProposalView,
  ContractSummary,
  ContractListQuery,
  ContractPage,
} from './contracts';
export {
  DECISION_STATUSES,
  INCREASE_BANDS,
  OUTBOX_STATUSES,
  LETTER_KINDS,
  TariffChangeView,
  TariffChangeSummaryView,
} from './tariff-changes';
export {
  OPERATOR_KINDS,
  TariffChangeSearchQuery,
  TariffChangeRow,
  TariffChangePage,
  AuthorityReportQuery,
  AuthorityReportRow,
  AuthorityReportPage,
  MeetingPackQuery,
  MeetingPackView,
  PolicyUsageView,
  type MeetingPackRank,
} from './tariff-oversight';
export { postLetter, type LetterOutcome } from './letters';
