/**
 * Benchmarks compare, they do not time: a candidate and a baseline run interleaved in the same
 * process on the same machine, and the result is the median of per-pair ratios with its range.
 * Absolute numbers on a shared 2-core machine mean little; ratios measured side by side do.
 */
export interface BenchSide {
  name: string;
  /** Runs one measured round and returns how many operations it did. */
  run: () => Promise<number>;
}

export interface BenchResult {
  title: string;
  unit: string;
  pairs: { candidate: number; baseline: number; ratio: number }[];
  medianRatio: number;
  minRatio: number;
  maxRatio: number;
  candidateMedian: number;
  baselineMedian: number;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Percentile by nearest rank (p in 0..100). */
export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[idx] ?? NaN;
}

/**
 * Runs `pairs` rounds (at least 5), alternating which side goes first, after one warm-up of each.
 * Throughput = operations per second; ratio = candidate / baseline (higher is better).
 */
export async function compareInterleaved(opts: {
  title: string;
  candidate: BenchSide;
  baseline: BenchSide;
  pairs?: number;
  unit?: string;
  warmup?: boolean;
}): Promise<BenchResult> {
  const pairs = Math.max(5, opts.pairs ?? 5);
  const measure = async (side: BenchSide) => {
    const t0 = process.hrtime.bigint();
    const ops = await side.run();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    return ops / s;
  };
  if (opts.warmup !== false) {
    await opts.baseline.run();
    await opts.candidate.run();
  }
  const results: BenchResult['pairs'] = [];
  for (let i = 0; i < pairs; i++) {
    let candidate: number;
    let baseline: number;
    if (i % 2 === 0) {
      candidate = await measure(opts.candidate);
      baseline = await measure(opts.baseline);
    } else {
      baseline = await measure(opts.baseline);
      candidate = await measure(opts.candidate);
    }
    results.push({ candidate, baseline, ratio: candidate / baseline });
  }
  const ratios = results.map((r) => r.ratio);
  return {
    title: opts.title,
    unit: opts.unit ?? 'ops/s',
    pairs: results,
    medianRatio: median(ratios),
    minRatio: Math.min(...ratios),
    maxRatio: Math.max(...ratios),
    candidateMedian: median(results.map((r) => r.candidate)),
    baselineMedian: median(results.map((r) => r.baseline)),
  };
}

export function formatBenchResult(
  r: BenchResult,
  names: { candidate: string; baseline: string },
): string {
  const f = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
  return [
    `# ${r.title}`,
    `pairs: ${r.pairs.length}`,
    `${names.candidate}: median ${f(r.candidateMedian)} ${r.unit}`,
    `${names.baseline}: median ${f(r.baselineMedian)} ${r.unit}`,
    `ratio ${names.candidate}/${names.baseline}: median ${r.medianRatio.toFixed(3)} (range ${r.minRatio.toFixed(3)}–${r.maxRatio.toFixed(3)})`,
  ].join('\n');
}
