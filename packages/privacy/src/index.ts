export {
  createCprVault,
  parseKeyring,
  parseLookupKey,
  generateCprKey,
  CprVaultError,
  type CprVault,
  type CprVaultErrorCode,
  type CprVaultOptions,
  type CprKeyring,
  type ProtectedCpr,
} from './cpr-vault';
export {
  ACCESS_ACTIONS,
  MAX_ACCESS_LOG_SEARCH_LIMIT,
  AccessLogValidationError,
  type AccessAction,
  type AccessLogEntry,
  type AccessLogFields,
  type AccessLogInput,
  type AccessLogRange,
  type AccessLogSearch,
} from './access-log.entry';
export {
  accessLogModel,
  ACCESS_LOG_COLLECTION,
  ACCESS_LOG_MODEL,
  AccessLogImmutableError,
  type AccessLogModel,
} from './access-log.model';
export {
  createAccessLogRepository,
  type AccessLogRepository,
  type AccessLogScope,
} from './access-log.repository';
export {
  accessLogger,
  AccessLogWriteError,
  type AccessDetails,
  type AccessLog,
} from './access-logger';
export {
  runRetention,
  DEFAULT_ACCESS_LOG_RETENTION_DAYS,
  type RetentionResult,
} from './access-log-retention';
export { privacyEnv, type PrivacyConfig } from './config';
export { citizenExtract, CitizenExtractRequest, CitizenExtractView } from './citizen-extract';
export {
  verifyAccessLog,
  type AccessLogVerification,
  type BeforeChain,
  type ChainProblem,
  type ChainProblemReason,
} from './access-log-verify';
export { ACCESS_LOG_CHECKPOINT_COLLECTION, type ChainLink } from './access-log-chain';
