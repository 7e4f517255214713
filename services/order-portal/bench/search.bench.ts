/**
 * Placement search under load: 50 concurrent clients search a registry of 2,500 offers (set
 * BENCH_OFFERS=25000 for the stress set) through the real HTTP route — authentication, access
 * log, search snapshot — against a bare express endpoint in the same process and run.
 * Prints requests/second as a ratio (goal ≥ 0.2) and the p99 latency of each.
 */
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
      env: { MONGO_URL: ferret.url, REDIS_URL: redis.url, AUTH_ISSUER: idp.issuer },
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
  const order = await fetch(`${portal.http.url}/api/orders`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      payingMunicipalityCode: 253,
      citizen: { reference: 'Bench', age: 40 },
      need: {
        targetGroup: 'autisme',
        legalBasis: 'SEL § 108',
        wantedStart: '2027-01-01',
        location: { lat: 55.5, lon: 12.1 },
        maxDistanceKm: 80,
        needs: 'x',
      },
      goals: [{ goal: 'g', followUp: 'f' }],
    }),
  }).then((r) => r.json() as Promise<{ id: string }>);
  t0 = Date.now();
  const first = await fetch(`${portal.http.url}/api/orders/${order.id}/search`, {
    method: 'POST',
    headers,
  }).then((r) => r.json() as Promise<{ results: unknown[]; excluded: unknown[] }>);
  console.log(
    `first search (loads the registry view): ${Date.now() - t0} ms, ${first.results.length} results, ${first.excluded.length} excluded`,
  );

  const bare = express();
  bare.post('/bare', (_req, res) => {
    res.json({ results: [], ok: true });
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
          url: `${portal.http.url}/api/orders/${order.id}/search`,
          method: 'POST',
          headers,
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
  await bareServer.close();
  await portal.close();
  await Promise.all([ferret.stop(), redis.stop()]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
