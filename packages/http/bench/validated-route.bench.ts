/**
 * What the suite's HTTP stack costs: a validated, documented route in `createHttpApp`
 * (helmet, request ids, logging, zod) against a bare express endpoint, both on loopback,
 * 50 concurrent clients, interleaved pairs.
 */
import express from 'express';
import { createLogger } from '@rammeaftale/logging';
import { compareInterleaved, formatBenchResult, runLoad } from '@rammeaftale/testing';
import { createHttpApp, listen, z } from '../src';

async function main(): Promise<void> {
  const logger = createLogger({ service: 'bench', level: 'silent' });
  const suite = createHttpApp({
    service: 'bench',
    logger,
    readiness: [],
    routes: (api) =>
      api.route({
        method: 'get',
        path: '/offers/:id',
        summary: 'bench',
        security: 'none',
        params: z.strictObject({ id: z.string().regex(/^[a-z0-9-]+$/) }),
        query: z.strictObject({ limit: z.coerce.number().int().max(100).optional() }),
        handler: ({ params }) => ({ id: params.id, name: 'Bofællesskabet Egely' }),
      }),
  });
  const bare = express();
  bare.get('/offers/:id', (req, res) => {
    res.json({ id: req.params.id, name: 'Bofællesskabet Egely' });
  });
  const [a, b] = await Promise.all([listen(suite, 0), listen(bare, 0)]);
  const requests = Number(process.env.BENCH_REQUESTS ?? 4000);
  const p99: { suite: number[]; bare: number[] } = { suite: [], bare: [] };
  const result = await compareInterleaved({
    title: 'validated route in createHttpApp vs bare express (50 clients)',
    unit: 'req/s',
    candidate: {
      name: 'suite',
      run: async () => {
        const r = await runLoad({
          url: `${a.url}/offers/tilbud-1?limit=10`,
          concurrency: 50,
          requests,
        });
        p99.suite.push(r.p99Ms);
        return r.requests;
      },
    },
    baseline: {
      name: 'bare',
      run: async () => {
        const r = await runLoad({
          url: `${b.url}/offers/tilbud-1?limit=10`,
          concurrency: 50,
          requests,
        });
        p99.bare.push(r.p99Ms);
        return r.requests;
      },
    },
    pairs: Number(process.env.BENCH_PAIRS ?? 5),
  });
  console.log(formatBenchResult(result, { candidate: 'suite', baseline: 'bare express' }));
  const med = (xs: number[]) =>
    [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!.toFixed(1);
  console.log(`p99 latency: suite ${med(p99.suite)} ms, bare ${med(p99.bare)} ms`);
  await Promise.all([a.close(), b.close()]);
}

void main();
