import { compareInterleaved, median, percentile } from '../src/bench';

describe('bench harness', () => {
  it('When the candidate does twice the work per round in the same time, then the median ratio is about 2', async () => {
    const busy = (ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end);
    };
    const r = await compareInterleaved({
      title: 't',
      candidate: { name: 'c', run: () => Promise.resolve((busy(20), 200)) },
      baseline: { name: 'b', run: () => Promise.resolve((busy(20), 100)) },
      pairs: 5,
      warmup: false,
    });
    expect(r.pairs).toHaveLength(5);
    expect(r.medianRatio).toBeGreaterThan(1.6);
    expect(r.medianRatio).toBeLessThan(2.5);
    expect(r.minRatio).toBeLessThanOrEqual(r.medianRatio);
  });

  it('When fewer than 5 pairs are asked for, then 5 are run anyway', async () => {
    let calls = 0;
    const side = { name: 'x', run: () => Promise.resolve((calls++, 1)) };
    await compareInterleaved({
      title: 't',
      candidate: side,
      baseline: side,
      pairs: 2,
      warmup: false,
    });
    expect(calls).toBe(10);
  });

  it('When computing order statistics, then median and nearest-rank percentiles are right', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
  });
});
