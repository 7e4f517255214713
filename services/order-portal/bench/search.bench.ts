/**
 * Placement search under load: 50 concurrent clients search a registry of 2,500 offers (set
 * BENCH_OFFERS=25000 for the stress set) through the real HTTP route — authentication, access
 * log, search snapshot — against a bare express endpoint in the same process and run.
 * Prints requests/second as a ratio (goal ≥ 0.2) and the p99 latency of each.
 *
 * The searches go to BENCH_ORDERS orders (default 50) of different citizens — target group, legal
 * basis, age and place vary — in turn, each searched again and again as a case worker pages and
 * filters. A search reuses its ranking while the registry and the order are unchanged
 * (ranking-memo.ts); BENCH_ORDERS=2000 makes nearly every search rank afresh (the memo keeps 256
 * rankings). Afterwards the same clients read the orders straight from the database
 * (`findOne` by `_id`, no HTTP): the rate the order read alone allows on this server.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import express from 'express';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { listen } from '@rammeaftale/http';
import { createLogger } from '@rammeaftale/logging';
import {
  bearer,
  compareInterleaved,
  formatBenchResult,
  median,
  runLoad,
  startFerretDb,
  startRedis,
  tokensFor,
} from '@rammeaftale/testing';
import { TARGET_GROUP_SLUGS, MUNICIPALITIES } from '@rammeaftale/domain';
import { offerModel } from '../src/offers/offer.model';
import { startPortalWith } from '../test/support/start-portal';

const OFFERS = Number(process.env.BENCH_OFFERS ?? 2500);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CLIENTS = 50;
const ORDERS = Number(process.env.BENCH_ORDERS ?? 50);

/** Deterministic offers spread over Region Zealand (mulberry32 PRNG). */
function* offers(n: number) {
  let seed = 42;
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const by = { userId: 'bench', role: 'secretariat', organisationId: 'mun-253' };
  for (let i = 0; i < n; i++) {
    const kind = rnd() < 0.45 ? 'private' : rnd() < 0.15 ? 'regional' : 'municipal';
    const free = Math.floor(rnd() * 4);
    const asOf = new Date(Date.now() - Math.floor(rnd() * 40) * 86_400_000);
    const cap = {
      asOf,
      placesInOperation: 12,
      occupied: 12 - free,
      free,
      waitingList: 0,
      reportedBy: by,
      reportedAt: asOf,
      source: 'api',
    };
    const m = pick(MUNICIPALITIES);
    yield {
      _id: `bench-${i}`,
      name: `Tilbud ${i}`,
      nameSortKey: `tilbud ${i}`,
      offerType: 'long-term-residential',
      legalBasis: [pick(['SEL § 107', 'SEL § 108', 'SEL § 85 i ABL § 105'])],
      targetGroups: [pick(TARGET_GROUP_SLUGS), pick(TARGET_GROUP_SLUGS)],
      targetGroupTags: [],
      ageMin: 18,
      ageMax: 80,
      genderRestriction: 'any',
      address: {
        street: 'Vej 1',
        postalCode: '4000',
        city: m.name,
        municipalityCode: m.code,
        coordinates: { lat: 54.8 + rnd() * 1.2, lon: 11.0 + rnd() * 1.5 },
      },
      operator: {
        kind,
        organisationId:
          kind === 'private' ? `cvr-${10000000 + Math.floor(rnd() * 40)}` : `mun-${m.code}`,
      },
      frameworkAgreement: rnd() < 0.7,
      supervisingAuthority: 'Socialtilsyn Øst',
      approval: { status: 'approved', date: '2020-01-01' },
      approvedPlaces: 12,
      departments: [],
      currentCapacity: cap,
      capacityHistory: [cap],
      tariffs: [
        {
          service: 'Døgnophold',
          validFrom: '2024-01-01',
          validTo: null,
          dailyBasisOre: 150_000 + Math.floor(rnd() * 400_000),
          additional: [],
          assumedOccupancyBp: 9500,
          calculationBasis: 'bench',
          recordedBy: by,
          recordedAt: asOf,
          source: 'api',
        },
      ],
      revision: 0,
    };
  }
}

async function main(): Promise<void> {
  const [ferret, redis] = await Promise.all([startFerretDb(), startRedis()]);
  const idp = await createLocalIdentityProvider();
  const portal = await startPortalWith(
    'bench',
    {
      verifier: idp.verifier,
      env: {
        MONGO_URL: ferret.url,
        REDIS_URL: redis.url,
        AUTH_ISSUER: idp.issuer,
        // As in production: answers are not checked against their schemas on the way out.
        VALIDATE_RESPONSES: 'false',
      },
    },
    createLogger({ service: 'bench', level: process.env.BENCH_LOG ?? 'silent' }),
  );
  const Offer = offerModel(portal.runtime.db);
  const batch: unknown[] = [];
  let t0 = Date.now();
  for (const o of offers(OFFERS)) {
    batch.push(o);
    if (batch.length === 500) await Offer.insertMany(batch.splice(0), { lean: true });
  }
  if (batch.length) await Offer.insertMany(batch, { lean: true });
  console.log(`registry: ${OFFERS} offers inserted in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const { caseworkerGreve } = await tokensFor(idp, ['caseworkerGreve']);
  const headers = bearer(caseworkerGreve);
  const orderIds: string[] = [];
  const bases = ['SEL § 107', 'SEL § 108'];
  for (let i = 0; i < ORDERS; i++) {
    const order = await fetch(`${portal.http.url}/api/orders`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        payingMunicipalityCode: 253,
        citizen: { reference: `Bench ${i}`, age: 18 + ((i * 7) % 60) },
        need: {
          targetGroup: TARGET_GROUP_SLUGS[i % TARGET_GROUP_SLUGS.length],
          legalBasis: bases[i % bases.length],
          wantedStart: '2027-01-01',
          location: { lat: 54.8 + ((i * 37) % 120) / 100, lon: 11.0 + ((i * 53) % 150) / 100 },
          maxDistanceKm: 80,
          needs: 'x',
        },
        goals: [{ goal: 'g', followUp: 'f' }],
      }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    orderIds.push(order.id);
  }
  const searchOf = (id: string) =>
    fetch(`${portal.http.url}/api/orders/${id}/search`, { method: 'POST', headers }).then(
      (r) => r.json() as Promise<{ results: unknown[]; excluded: unknown[] }>,
    );
  t0 = Date.now();
  const first = await searchOf(orderIds[0]!);
  // BENCH_DUMP=file: the first answer, to see what its bytes are.
  if (process.env.BENCH_DUMP) writeFileSync(process.env.BENCH_DUMP, JSON.stringify(first, null, 1));
  console.log(
    `first search (loads the registry view): ${Date.now() - t0} ms, ${first.results.length} results, ${first.excluded.length} excluded, ${JSON.stringify(first).length} bytes`,
  );
  // Every order's first search moves it from draft to "searching"; the load then only reads it.
  for (const id of orderIds.slice(1)) await searchOf(id);
  const variants = orderIds.map((id) => ({
    path: `/api/orders/${id}/search`,
    method: 'POST',
    headers,
  }));

  const bare = express();
  bare.post('/bare', (_req, res) => {
    res.json({ results: [], ok: true });
  });
  // The same bare endpoint answering the search's own first answer: what the size of the answer
  // costs (serialising and sending it), with nothing else of the search.
  bare.post('/bare-answer', (_req, res) => {
    res.json(first);
  });
  const bareServer = await listen(bare, 0);

  const p99 = { search: [] as number[], bare: [] as number[] };
  const result = await compareInterleaved({
    title: `placement search, ${OFFERS} offers, ${CLIENTS} clients vs bare express`,
    unit: 'req/s',
    candidate: {
      name: 'search',
      run: async () => {
        const r = await runLoad({
          url: portal.http.url,
          variants,
          concurrency: CLIENTS,
          requests: REQUESTS,
        });
        if (r.errors)
          throw new Error(`${r.errors} search requests failed: ${JSON.stringify(r.statuses)}`);
        p99.search.push(r.p99Ms);
        return r.requests;
      },
    },
    baseline: {
      name: 'bare',
      run: async () => {
        const r = await runLoad({
          url: `${bareServer.url}/bare`,
          method: 'POST',
          concurrency: CLIENTS,
          requests: REQUESTS * 4,
        });
        p99.bare.push(r.p99Ms);
        return r.requests;
      },
    },
    pairs: Number(process.env.BENCH_PAIRS ?? 5),
  });
  console.log(formatBenchResult(result, { candidate: 'search', baseline: 'bare express' }));
  console.log(
    `p99 latency (median over pairs): search ${median(p99.search).toFixed(1)} ms, bare ${median(p99.bare).toFixed(1)} ms`,
  );
  const answer = await compareInterleaved({
    title: `the same search vs bare express answering the search's answer (${JSON.stringify(first).length} bytes)`,
    unit: 'req/s',
    candidate: {
      name: 'search',
      run: async () =>
        (
          await runLoad({
            url: portal.http.url,
            variants,
            concurrency: CLIENTS,
            requests: REQUESTS,
          })
        ).requests,
    },
    baseline: {
      name: 'bare answer',
      run: async () =>
        (
          await runLoad({
            url: `${bareServer.url}/bare-answer`,
            method: 'POST',
            concurrency: CLIENTS,
            requests: REQUESTS * 2,
          })
        ).requests,
    },
    pairs: Number(process.env.BENCH_PAIRS ?? 5),
  });
  console.log(
    formatBenchResult(answer, { candidate: 'search', baseline: 'bare express, same answer' }),
  );
  // The order read alone: the same clients' worth of findOne by _id, straight through the driver.
  const orders = portal.runtime.db.collection('orders');
  const reads: number[] = [];
  for (let run = 0; run < 5; run++) {
    let next = 0;
    const t = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < REQUESTS) {
          const id = orderIds[next++ % orderIds.length]!;
          await orders.findOne({ _id: id as never });
        }
      }),
    );
    reads.push(REQUESTS / (Number(process.hrtime.bigint() - t) / 1e9));
  }
  console.log(
    `order read alone (findOne by _id, ${CLIENTS} at once, 5 runs): median ${median(reads).toFixed(0)}/s (${Math.min(...reads).toFixed(0)}–${Math.max(...reads).toFixed(0)})`,
  );
  console.log(
    `machine load (1/5/15 min): ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  );
  await bareServer.close();
  await portal.close();
  await Promise.all([ferret.stop(), redis.stop()]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
