export { createHttpApp, type HttpAppOptions, type ReadinessCheck } from './app';
export { escapeHtml } from './html';
export { reusableAnswer, reusableAnswerText } from './reusable-answer';
export { bearerMatches, type HttpMetrics, type ObservedRequest } from './metrics';
export { createApi, type Api, type RouteSpec } from './route';
export {
  ProblemError,
  validationProblem,
  notFound,
  conflict,
  forbidden,
  unavailable,
  problemFromRefusal,
  type ProblemBody,
  type FieldProblem,
} from './problem';
export { parsePart, toFieldProblems } from './validation';
export { ProblemSchema, generateDocument, OpenAPIRegistry } from './openapi';
export { listen, onShutdown, type RunningServer } from './lifecycle';
export { z } from 'zod';
export {
  memoryRateLimitStore,
  rateLimit,
  type RateLimitOptions,
  type RateLimitStore,
} from './rate-limit';
