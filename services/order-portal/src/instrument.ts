/**
 * Tracing of this process, on when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/runbook.md). The
 * first import of main.ts: the instrumentations must be in place before express, mongodb and
 * ioredis are first required, which the rest of main.ts's imports do.
 */
import { startTracing } from '@rammeaftale/tracing';

export const tracing = startTracing('order-portal');
