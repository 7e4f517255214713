/**
 * What the order portal's load benchmarks share: the portal in-process on its own FerretDB (on
 * PostgreSQL) and redis-server, the local identity provider's tokens, an order body, and one way
 * to print a goal's PASS or FAIL. Uses MONGO_URL / REDIS_URL when both are set.
 */
import { readFileSync } from 'node:fs';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { createLogger } from '@rammeaftale/logging';
import { describeInfra, startInfra, uniqueName, type Infra } from '@rammeaftale/testing';
import type { OrderPortal } from '../../src/start';
import { startPortalWith } from '../../test/support/start-portal';

export interface BenchPortal {
  portal: OrderPortal;
  idp: Awaited<ReturnType<typeof createLocalIdentityProvider>>;
  infra: Infra;
  stop: () => Promise<void>;
}

export async function startBenchPortal(name: string): Promise<BenchPortal> {
  const infra = await startInfra();
  const idp = await createLocalIdentityProvider();
  const portal = await startPortalWith(
    uniqueName(name),
    {
      verifier: idp.verifier,
      env: { MONGO_URL: infra.mongoUrl, REDIS_URL: infra.redisUrl, AUTH_ISSUER: idp.issuer },
    },
    createLogger({ service: 'bench', level: process.env.BENCH_LOG ?? 'silent' }),
  );
  console.log(describeInfra(infra));
  return {
    portal,
    idp,
    infra,
    stop: async () => {
      await portal.close();
      await infra.stop();
    },
  };
}

/** A draft order's body: a pseudonymous citizen reference, never a CPR number. */
export function orderBody(reference: string, payingMunicipalityCode: number): string {
  return JSON.stringify({
    payingMunicipalityCode,
    citizen: { reference, age: 40 },
    need: {
      targetGroup: 'autisme',
      legalBasis: 'SEL § 108',
      wantedStart: '2027-01-01',
      location: { lat: 55.5, lon: 12.1 },
      maxDistanceKm: 80,
      needs: 'Støtte i hverdagen',
    },
    goals: [{ goal: 'Egen bolig', followUp: 'Hver tredje måned' }],
  });
}

/** Collects goals, prints each as PASS/FAIL, and tells whether all passed (the exit code). */
export function goals() {
  const results: boolean[] = [];
  return {
    check(ok: boolean, text: string) {
      results.push(ok);
      console.log(`${ok ? 'PASS' : 'FAIL'}  ${text}`);
    },
    get allPassed() {
      return results.every(Boolean);
    },
  };
}

/** The machine's load (1, 5, 15 minutes) for the record next to the figures. */
export const loadAverage = (): string => {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
};

export const ms = (n: number): string => `${n.toFixed(0)} ms`;
