export { QUEUES, EVENT_INBOXES, type QueueName, type EventInbox, type ServiceName } from './names';
export {
  EVENTS,
  DomainEventJob,
  type EventDeclaration,
  type DomainEvent,
  type DomainEventType,
} from './events';
export {
  jobSchemas,
  LetterJob,
  assertNoPersonalData,
  PersonalDataInPayloadError,
  type JobPayload,
} from './jobs';
export {
  eventDispatcher,
  createEventPublisher,
  EventRoutingError,
  SUITE_EVENT_ROUTING,
  type EventRouting,
  type EventHandler,
  type EventHandlers,
  type EventDispatch,
  type EventPublisher,
} from './event-routing';
export { createRedisConnection, pingRedis, redisTlsOptions, waitUntilReady } from './connection';
export { createProducer, jobIdFor, QueueUnavailableError, type Producer } from './producer';
export { createWorker, UnrecoverableError, type WorkerOptions } from './worker';
export {
  carriedCorrelationId,
  currentTraceFields,
  traceContextFrom,
  type TraceFields,
} from './correlation';
export { DEFAULT_JOB_OPTIONS, JOB_RETENTION } from './defaults';
export { jitteredBackoff } from './backoff';
export { queueDepthReader, QUEUE_STATES, type QueueDepth, type QueueState } from './depth';
