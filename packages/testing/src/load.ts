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
  /** How many answers had each HTTP status (`network`: no answer at all). */
  statuses: Record<string, number>;
  /** Per variant (in the order given; one entry without variants): its requests, p50, p99 and leaks. */
  variants: { requests: number; p50Ms: number; p99Ms: number; leaks: number }[];
  /** `collectJsonField`'s value of each answer with `collectStatus`, in the order they came. */
  collected: string[];
}

/** One kind of request of a mixed load (say, each municipality's case worker in turn). */
export interface LoadVariant {
  /** Another path (and query) on the target's host instead of the `url`'s. */
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Texts that must not be in an answer's body; answers with one are counted as `leaks`. */
  mustNotContain?: string[];
}

export interface LoadOptions {
  url: string;
  concurrency: number;
  /** How many requests in all; ignored when `seconds` is given. */
  requests?: number;
  /** Keep sending for this long instead of a number of requests. */
  seconds?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Requests take these in turn (round robin) instead of `method`/`headers`/`body`. */
  variants?: LoadVariant[];
  /** Collect this top-level field of each JSON answer with `collectStatus` (default 200). */
  collectJsonField?: string;
  collectStatus?: number;
}

/**
 * A bounded closed-loop load generator for loopback targets only: `concurrency` clients each send
 * the next request when the previous answered, until `requests` are done or `seconds` passed. The
 * clients run in a worker thread so they do not compete with an in-process server for its event
 * loop. Bodies are read only when a variant names forbidden texts or a field is collected.
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const target = new URL(opts.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
    throw new Error('runLoad targets loopback addresses only');
  }
  if (opts.seconds === undefined && opts.requests === undefined)
    throw new Error('runLoad needs `requests` or `seconds`');
  const out = await new Promise<{
    latencies: number[];
    variantLatencies: number[][];
    errors: number;
    seconds: number;
    statuses: Record<string, number>;
    collected: string[];
    leaks: number[];
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
    variants: out.variantLatencies.map((l, i) => ({
      requests: l.length,
      p50Ms: percentile(l, 50),
      p99Ms: percentile(l, 99),
      leaks: out.leaks[i] ?? 0,
    })),
    collected: out.collected,
  };
}
