export { QUEUES, type QueueName, type EventInbox } from './names';
export {
  jobSchemas,
  LetterJob,
  AuthorityReportJob,
  DomainEventJob,
  EVENT_SUBSCRIBERS,
  type DomainEvent,
  type DomainEventType,
  assertNoPersonalData,
  type JobPayload,
} from './jobs';
export { createRedisConnection, pingRedis, waitUntilReady } from './connection';
export { createProducer, jobIdFor, QueueUnavailableError, type Producer } from './producer';
export { createWorker, UnrecoverableError, type WorkerOptions } from './worker';
export { DEFAULT_JOB_OPTIONS } from './defaults';
export { jitteredBackoff } from './backoff';
