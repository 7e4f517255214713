import { randomBytes } from 'node:crypto';
import type { Context, TextMapGetter, TextMapPropagator } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK, type NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { looksLikeCpr } from '@rammeaftale/domain';

export type TracingEnv = Record<string, string | undefined>;

export interface SdkOptions {
  /**
   * Where spans go instead of the OTLP exporter the `OTEL_*` settings make: for tests in jest,
   * whose module registry cannot run the exporter's dynamic import.
   */
  traceExporter?: NodeSDKConfiguration['traceExporter'];
}

/** Probes and scrapes, which would otherwise be most of the traces. */
const UNTRACED_PATHS = /^\/(healthz|readyz|livez|metrics)(\/|\?|$)/;

/**
 * Random ids that hold no CPR-shaped run of digits. A trace id is 32 hex digits, and about one
 * in thirty holds ten decimal digits in a row; it goes into every log line of its request and
 * beside the payload of every job, where the suite's CPR guards (log scrubbing, the job payload
 * check, the test run's scans) rightly treat such a run as a CPR number. So such an id is drawn
 * again; the ids stay random 128 and 64 bits, less the few values that are never drawn.
 */
export function cprSafeHexId(bytes: number): string {
  for (;;) {
    const id = randomBytes(bytes).toString('hex');
    if (!looksLikeCpr(id) && /[^0]/.test(id)) return id;
  }
}

const cprSafeIds = {
  generateTraceId: () => cprSafeHexId(16),
  generateSpanId: () => cprSafeHexId(8),
};

/**
 * W3C trace context, but a caller's `traceparent` that holds a CPR-shaped run is not continued
 * (the request starts a trace of its own), as a CPR-shaped `X-Request-Id` is not taken.
 */
export class CprSafeTraceContext implements TextMapPropagator {
  private readonly w3c = new W3CTraceContextPropagator();

  inject(context: Context, carrier: unknown, setter: Parameters<TextMapPropagator['inject']>[2]) {
    this.w3c.inject(context, carrier, setter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const raw = getter.get(carrier, 'traceparent');
    const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
    return looksLikeCpr(value) ? context : this.w3c.extract(context, carrier, getter);
  }

  fields(): string[] {
    return this.w3c.fields();
  }
}

/** The SDK with the suite's instrumentations, exporting spans by the standard `OTEL_*` settings. */
export function startSdk(
  serviceName: string,
  opts: SdkOptions = {},
): {
  serviceName: string;
  shutdown: () => Promise<void>;
} {
  const sdk = new NodeSDK({
    serviceName,
    ...(opts.traceExporter ? { traceExporter: opts.traceExporter } : {}),
    idGenerator: cprSafeIds,
    textMapPropagator: new CprSafeTraceContext(),
    // Traces only: metrics are the Prometheus series on /metrics, logs are the JSON lines on stdout.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? ''),
        // Outgoing calls outside any request or job (the SMTP client's is not http anyway) and
        // BullMQ's and the relays' polling are no trace of their own.
        requireParentforOutgoingSpans: true,
      }),
      new ExpressInstrumentation(),
      // The services call each other with fetch (undici), which the http instrumentation does
      // not see; this one makes its client spans and sends `traceparent` along.
      new UndiciInstrumentation({ requireParentforSpans: true }),
      new MongoDBInstrumentation({ requireParentSpan: true }),
      // Without a parent every BullMQ poll and lock renewal would be a trace of its own.
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return { serviceName, shutdown: () => sdk.shutdown() };
}
