import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { percentile } from './bench';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** How many answers had each HTTP status. */
  statuses: Record<string, number>;
}

export interface LoadOptions {
  url: string;
  concurrency: number;
  requests: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A bounded closed-loop load generator for loopback targets only: `concurrency` clients each send
 * the next request when the previous answered, until `requests` are done. The clients run in a
 * worker thread so they do not compete with an in-process server for its event loop.
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const target = new URL(opts.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
    throw new Error('runLoad targets loopback addresses only');
  }
  const out = await new Promise<{
    latencies: number[];
    errors: number;
    seconds: number;
    statuses: Record<string, number>;
  }>((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'load-worker.cjs'), { workerData: opts });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    requests: out.latencies.length,
    errors: out.errors,
    seconds: out.seconds,
    rps: out.latencies.length / out.seconds,
    p50Ms: percentile(out.latencies, 50),
    p99Ms: percentile(out.latencies, 99),
    statuses: out.statuses,
  };
}
