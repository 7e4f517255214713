export { freePort, waitForPort } from './ports';
export { spawnManaged, type ManagedProcess } from './processes';
export { startFerretDb, ferretBinary, FERRETDB_VERSION, type RunningFerret } from './ferretdb';
export { startPostgres, postgresBinDir, type RunningPostgres } from './postgres';
export { startRedis, waitForRedis, type RunningRedis } from './redis';
export { startSmtpCatcher, type SmtpCatcher, type CapturedMail, type SmtpFault } from './smtp';
export { startFaultProxy, type FaultProxy } from './fault-proxy';
export { describeInfra, startInfra, type Infra, type InfraOptions } from './infra';
export { testcontainersWanted, dockerAvailable } from './containers';
export { uniqueName, testEnv } from './names';
export { repoRoot } from './repo';
export { until } from './until';
export {
  compareInterleaved,
  formatBenchResult,
  median,
  percentile,
  type BenchResult,
  type BenchSide,
} from './bench';
export { runLoad, type LoadResult } from './load';
export {
  INJECTION_VALUES,
  INJECTION_KEYS,
  INJECTION_QUERY,
  operationsOf,
  fillPath,
  leaks,
  requestArbitrary,
  LEAK_PATTERNS,
  injectionCorpus,
  fuzzOperations,
  type Operation,
  type AttackFinding,
  type AttackHeaders,
} from './attacks';
export {
  UNDECODABLE,
  LOG_FORGERY,
  undecodablePathFindings,
  bodyParserFindings,
  deeplyNested,
  jsonOfSize,
  limitInBytes,
  poisonedBodyArbitrary,
  prototypeSnapshot,
  prototypePollutionFindings,
  rawRequest,
  sendLogForgeries,
  logLineFindings,
} from './input-attacks';
export { cprKeysInRedis, cprLinesInFile } from './cpr-scan';
export { attachmentScanText, mailScanText, pdfScanText } from './mail-scan';
export {
  canary,
  operationKey,
  idOperations,
  classification,
  expressRoutes,
  checkCase,
  checkList,
  matrixCases,
  checkMatrixCase,
  partiesOf,
  viewsOf,
  openApiIdRoutes,
  tenantMatrixTests,
  type Party,
  type View,
  type Attempt,
  type TenantCase,
  type Exemption,
  type TenantMatrix,
  type ListCase,
} from './tenant-matrix';
export { fuzzPages, formFieldNames, type PageSession } from './page-attacks';
export { testLogger, type TestLogger, type LogLine } from './test-logger';
export {
  PARTIES,
  party,
  tokensFor,
  bearer,
  type PartyName,
  type TokenIssuer,
  type Actor as PartyActor,
} from './parties';
export { parsePrometheus, samplesOf, seriesNames, type Sample } from './prometheus';
