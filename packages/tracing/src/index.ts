/**
 * OpenTelemetry traces of one service process, off unless an OTLP endpoint is configured.
 *
 * `startTracing` must run before express, mongodb (through mongoose) and ioredis are first
 * required: the instrumentations patch a module as it is loaded. Each service's `instrument.ts`
 * calls it and is the first import of its `main.ts`. With no endpoint it loads nothing of the SDK
 * (`./sdk` is required only then), so an untraced process pays one environment read.
 */
import type * as Sdk from './sdk';
import type { TracingEnv } from './sdk';

export type { TracingEnv };

export interface Tracing {
  /** The `service.name` the spans are exported under. */
  readonly serviceName: string;
  /** Ends the SDK: exports the spans still batched, then stops. */
  shutdown: () => Promise<void>;
}

/** Whether the environment turns tracing on: an OTLP endpoint (all signals or traces only). */
export function tracingEnabled(env: TracingEnv = process.env): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return Boolean(endpoint?.trim()) && env.OTEL_SDK_DISABLED?.toLowerCase() !== 'true';
}

/**
 * Starts tracing for `service` when the environment configures an OTLP endpoint; otherwise
 * returns undefined and registers nothing (the OpenTelemetry API stays the no-op it is).
 * `OTEL_SERVICE_NAME` overrides the service's name; every other `OTEL_*` setting of the SDK
 * (protocol, headers, sampler, batch sizes) is read by the SDK as documented there.
 */
export function startTracing(
  service: string,
  env: TracingEnv = process.env,
  opts: Sdk.SdkOptions = {},
): Tracing | undefined {
  if (!tracingEnabled(env)) return undefined;
  // Loaded only when tracing is on: the SDK and instrumentations stay out of an untraced process.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('./sdk') as typeof Sdk;
  return sdk.startSdk(env.OTEL_SERVICE_NAME?.trim() || service, opts);
}
