import {
  ROOT_CONTEXT,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
} from '@opentelemetry/api';
import { looksLikeCpr } from '@rammeaftale/domain';
import { startTracing, tracingEnabled } from '../src';
import { CprSafeTraceContext, cprSafeHexId } from '../src/sdk';

describe('when tracing is on', () => {
  it('When no OTLP endpoint is set (or the SDK is disabled), then tracing is off', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBe(false);
    expect(
      tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' })).toBe(
      true,
    );
  });

  it('When tracing is off, then startTracing registers nothing and spans stay the no-op', () => {
    expect(startTracing('order-portal', {})).toBeUndefined();
    const span = trace.getTracer('t').startSpan('s');
    expect(span.isRecording()).toBe(false);
    expect(trace.isSpanContextValid(span.spanContext())).toBe(false);
    span.end();
  });
});

describe('trace ids and the CPR guards', () => {
  it('When 20,000 trace and span ids are drawn, then none holds a CPR-shaped run and each is hex of its length', () => {
    const ids = Array.from({ length: 10_000 }, () => [cprSafeHexId(16), cprSafeHexId(8)]).flat();
    expect(ids.filter((id) => looksLikeCpr(id))).toEqual([]);
    expect(ids.filter((id) => !/^([0-9a-f]{32}|[0-9a-f]{16})$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('When a caller sends a traceparent with a CPR-shaped run, then it is not continued; a plain one is', () => {
    const propagator = new CprSafeTraceContext();
    const extracted = (traceparent: string) =>
      trace.getSpanContext(propagator.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter));
    const plain = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(extracted(plain)).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    expect(extracted('00-4bf92f3577b34da6a3ce0101901234ab-00f067aa0ba902b7-01')).toBeUndefined();
    // And what is injected is the W3C header.
    const carrier: Record<string, string> = {};
    propagator.inject(
      trace.setSpanContext(ROOT_CONTEXT, extracted(plain)!),
      carrier,
      defaultTextMapSetter,
    );
    expect(carrier.traceparent).toBe(plain);
  });
});
