export { ContractBasis, Party } from './contract-basis';
export {
  ActivateBody,
  BuyerDecisionBody,
  JustificationBody,
  TariffAnnouncementBody,
  VersionBody,
} from './contract-requests';
export {
  CONTRACT_STATUSES,
  LETTER_STATUSES,
  AMENDMENT_KINDS,
  ContractView,
  ContractSummary,
} from './contracts';
export {
  DECISION_STATUSES,
  INCREASE_BANDS,
  OUTBOX_STATUSES,
  LETTER_KINDS,
  TariffChangeView,
  TariffChangeSummaryView,
} from './tariff-changes';
