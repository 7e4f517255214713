import { context, propagation, type Context } from '@opentelemetry/api';
import { looksLikeCpr } from '@rammeaftale/domain';
import { currentCorrelationId } from '@rammeaftale/logging';

/**
 * The correlation id a job carries next to its payload (`correlationId` in the job's data): the
 * id of the request or job that added it, so the worker's log lines of the job carry the same id
 * as the request's. Only an opaque id is carried; one that could be mistaken for a CPR number is
 * not (the request log never makes one, but the field is guarded where it enters Redis too).
 *
 * With tracing on, the job also carries the W3C trace context of the span that added it
 * (`traceparent`, and `tracestate` when there is one), and the worker's span of the job is its
 * child: one trace from the request to the job's processing. With tracing off nothing is added.
 */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;
/** `version-traceid-spanid-flags`, the only shape read back. */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const TRACESTATE = /^[\x20-\x2b\x2d-\x7e]*(,[\x20-\x2b\x2d-\x7e]*){0,31}$/;

export const CORRELATION_FIELD = 'correlationId';
export const TRACE_FIELDS = ['traceparent', 'tracestate'] as const;

const safe = (id: unknown): id is string =>
  typeof id === 'string' && SAFE_ID.test(id) && !looksLikeCpr(id);

/** W3C trace context as it is kept beside a payload (a job's data, an outbox event). */
export interface TraceFields {
  traceparent?: string;
  tracestate?: string;
}

/** The active trace context as job fields; empty without an active span or with tracing off. */
export function currentTraceFields(): TraceFields {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const { traceparent, tracestate } = carrier;
  // The ids are drawn CPR-safe (packages/tracing), but the two meet at a dash in traceparent.
  if (!traceparent || !TRACEPARENT.test(traceparent) || looksLikeCpr(traceparent)) return {};
  return {
    traceparent,
    ...(tracestate && TRACESTATE.test(tracestate) && !looksLikeCpr(tracestate)
      ? { tracestate }
      : {}),
  };
}

/**
 * The current correlation id if a job may carry it (opaque, not CPR-shaped), else undefined: for
 * a record that keeps the id to add a job under it later (an outbox the reconciler re-sends).
 */
export function carriedCorrelationId(): string | undefined {
  const id = currentCorrelationId();
  return safe(id) ? id : undefined;
}

/** The payload with the current correlation id and trace context beside it, when there are. */
export function withCurrentCorrelation<T extends object>(payload: T): T {
  const id = carriedCorrelationId();
  return { ...payload, ...(id ? { [CORRELATION_FIELD]: id } : {}), ...currentTraceFields() };
}

export interface SplitJobData {
  payload: unknown;
  correlationId?: string;
  /** The trace context the job was added in (`context.active()` when it carried none). */
  traceContext: Context;
}

/** A job's data split into the payload its schema reads and the ids it carried. */
export function splitCorrelation(data: unknown): SplitJobData {
  if (data === null || typeof data !== 'object')
    return { payload: data, traceContext: context.active() };
  const {
    [CORRELATION_FIELD]: id,
    traceparent,
    tracestate,
    ...payload
  } = data as Record<string, unknown>;
  return {
    payload,
    ...(safe(id) ? { correlationId: id } : {}),
    traceContext: traceContextFrom({ traceparent, tracestate }),
  };
}

/**
 * The context to continue a trace kept by `currentTraceFields` in (the active one when the
 * fields are missing or not well-formed, and always with tracing off).
 */
export function traceContextFrom(fields: { traceparent?: unknown; tracestate?: unknown }): Context {
  const carrier: Record<string, string> = {};
  const { traceparent, tracestate } = fields;
  if (typeof traceparent === 'string' && TRACEPARENT.test(traceparent)) {
    carrier.traceparent = traceparent;
    if (typeof tracestate === 'string' && TRACESTATE.test(tracestate))
      carrier.tracestate = tracestate;
  }
  return propagation.extract(context.active(), carrier);
}
