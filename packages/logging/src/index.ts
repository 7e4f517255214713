import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino from 'pino';
import { redactCprNumbers } from '@rammeaftale/domain';
import type { Logger, LoggerOptions } from 'pino';

export type { Logger };

interface LogContext {
  correlationId: string;
  [key: string]: unknown;
}

const context = new AsyncLocalStorage<LogContext>();

const LETTERS = 'abcdefghijkmnopqrstuvwxyz';

/**
 * A random id of letters only (about 110 bits). UUIDs sometimes hold ten digits in a row, which
 * every CPR guard in the suite (log scrubbing, access log, job payloads) rightly treats as a CPR
 * number; ids that travel through those places are made without digits.
 */
export function newOpaqueId(length = 24): string {
  let s = '';
  for (const b of randomBytes(length)) s += LETTERS[b % LETTERS.length];
  return s;
}

/** Runs `fn` with a correlation id that every log line inside it carries (requests and jobs). */
export function withCorrelation<T>(
  correlationId: string | undefined,
  fn: () => T,
  extra: Record<string, unknown> = {},
): T {
  return context.run({ ...extra, correlationId: correlationId ?? newOpaqueId() }, fn);
}

export function currentCorrelationId(): string | undefined {
  return context.getStore()?.correlationId;
}

/**
 * The header that carries the current correlation id to another service of the suite (its
 * request log takes a caller's `X-Request-Id`), so one id follows a request across services.
 * Empty outside a request or job.
 */
export function correlationHeaders(): { 'x-request-id'?: string } {
  const id = currentCorrelationId();
  return id ? { 'x-request-id': id } : {};
}

/** Field paths pino blanks out wherever they appear (two levels deep covers req/job shapes). */
export const REDACT_PATHS = [
  'cpr',
  '*.cpr',
  '*.*.cpr',
  'cprNumber',
  '*.cprNumber',
  '*.*.cprNumber',
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  '*.headers.authorization',
];

/**
 * Danish CPR numbers (DDMMYY-SSSS) in free text. Paths catch named fields; this catches a
 * number that slipped into a message or an error text, which paths cannot see.
 */
export function scrubCpr(text: string): string {
  return redactCprNumbers(text, '[CPR REDACTED]');
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubCpr(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrubCpr(value.message),
      stack: value.stack ? scrubCpr(value.stack) : undefined,
    };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1);
  return out;
}

/**
 * The trace and span of the line when a span is active (tracing on, inside a traced request or
 * job), so a log line leads to its trace and back. Nothing when tracing is off: the API's no-op
 * has no active span.
 */
function traceFields(): { traceId?: string; spanId?: string } {
  const span = trace.getActiveSpan()?.spanContext();
  return span && isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : {};
}

export interface CreateLoggerOptions {
  service: string;
  level?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
}

export function createLogger({
  service,
  level = 'info',
  destination,
}: CreateLoggerOptions): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const store = context.getStore();
      return { ...store, ...traceFields() };
    },
    formatters: {
      log: (obj) => scrubDeep(obj) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrubCpr(a) : a)) as Parameters<
          typeof method
        >;
        method.apply(this, scrubbed);
      },
    },
  };
  // Lines go to the destination or stdout, nowhere else: tests read theirs from the stream they
  // pass (testLogger in packages/testing), and the test command scans what spawned services print.
  return destination ? pino(options, destination) : pino(options);
}
