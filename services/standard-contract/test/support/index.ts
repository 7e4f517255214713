export {
  as,
  startContracts,
  type ContractsHarness,
  type ContractsOptions,
  type Who,
} from './start-contracts';
export {
  AUTHORITIES,
  CVR,
  EAN,
  MUNICIPALITIES,
  OTHER_SUPPLIER,
  POLICY_2025,
  POLICY_2026,
  basisFactory,
  offerId,
  orderId,
} from './factories';
export { activeContract } from './running-contract';
export { startPortalStandIn, type PortalStandIn } from './portal-stand-in';
export { pdfText } from './pdf-text';
export {
  answer,
  problemOf,
  type Announced,
  type Answer,
  type ContractPage,
  type ContractView,
  type Decided,
  type Drafted,
  type Problem,
  type TariffChangeSummaryView,
  type TariffChangeView,
  type TemplateSummary,
} from './answers';
export { until } from '@rammeaftale/testing';
