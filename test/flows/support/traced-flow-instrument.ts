/**
 * Tracing of the traced flow's own process (test/flows/support/traced-flow.ts), which runs the
 * portal and the contracts service in-process: one process, so one resource for both. The first
 * import of that script, as instrument.ts is of each service's main.ts.
 */
import { startTracing } from '@rammeaftale/tracing';

export const tracing = startTracing('order-portal+standard-contract');
