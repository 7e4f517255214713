/**
 * The order list under load, two municipalities interleaved (issue 13): the case workers of Greve
 * and Køge take turns on `GET /api/orders` (first page, 50 newest), 50 clients for BENCH_SECONDS
 * (default 60), over BENCH_LIST_ORDERS orders of each (default 500, created first through
 * `POST /api/orders`). Every answer's body is read and checked for the other municipality's
 * records (its organisation id and its citizens' references). Goals: p99 ≤ 300 ms, 0 answers
 * with the other's records, 0 errors.
 *
 * Run: pnpm bench order-list   (BENCH_SECONDS, BENCH_LIST_ORDERS, BENCH_CLIENTS to change)
 */
import { bearer, runLoad, tokensFor } from '@rammeaftale/testing';
import { goals, loadAverage, ms, orderBody, startBenchPortal } from './support/bench-portal';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const ORDERS = Number(process.env.BENCH_LIST_ORDERS ?? 500);

const SIDES = [
  { party: 'caseworkerGreve', code: 253, reference: 'Greve-borger' },
  { party: 'caseworkerKoege', code: 259, reference: 'Koege-borger' },
] as const;

async function main(): Promise<void> {
  const { portal, idp, stop } = await startBenchPortal('bench_order_list');
  const tokens = await tokensFor(idp, ['caseworkerGreve', 'caseworkerKoege']);
  const url = `${portal.http.url}/api/orders`;
  const headers = SIDES.map((s) => bearer(tokens[s.party]));

  let t0 = Date.now();
  const made = await runLoad({
    url,
    concurrency: 20,
    requests: ORDERS * 2,
    variants: SIDES.map((s, i) => ({
      method: 'POST',
      headers: headers[i],
      body: orderBody(s.reference, s.code),
    })),
  });
  if (made.errors) throw new Error(`creating the orders failed: ${JSON.stringify(made.statuses)}`);
  console.log(
    `${ORDERS} orders of each municipality created in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  // Each side's first page holds its own orders: the leak check below is not checking empty pages.
  for (const [i, s] of SIDES.entries()) {
    const page = (await fetch(url, { headers: headers[i] }).then((r) => r.json())) as {
      items: { actingOrganisationId: string; citizen: { reference: string } }[];
      count: number;
    };
    const own = page.items.filter(
      (o) => o.actingOrganisationId === `mun-${s.code}` && o.citizen.reference === s.reference,
    ).length;
    if (page.count !== ORDERS || own !== Math.min(50, ORDERS) || own !== page.items.length)
      throw new Error(
        `${s.party}'s first page: count ${page.count}, ${own} own of ${page.items.length}`,
      );
  }

  console.log(`load average before: ${loadAverage()}`);
  t0 = Date.now();
  const r = await runLoad({
    url,
    concurrency: CLIENTS,
    seconds: SECONDS,
    variants: SIDES.map((s, i) => {
      const other = SIDES[1 - i]!;
      return {
        method: 'GET',
        headers: headers[i],
        mustNotContain: [`"mun-${other.code}"`, other.reference],
      };
    }),
  });
  console.log(`load average after: ${loadAverage()}`);
  const leaks = r.variants.reduce((n, v) => n + v.leaks, 0);
  const fivexx = Object.entries(r.statuses)
    .filter(([s]) => Number(s) >= 500)
    .reduce((n, [, c]) => n + c, 0);
  console.log(
    `# GET /api/orders, Greve and Køge in turn, ${CLIENTS} clients, ${r.seconds.toFixed(1)} s: ` +
      `${r.requests} answers, ${r.rps.toFixed(1)} req/s, p50 ${ms(r.p50Ms)}, p99 ${ms(r.p99Ms)}, ` +
      `errors ${r.errors}, 5xx ${fivexx}, statuses ${JSON.stringify(r.statuses)}`,
  );
  for (const [i, s] of SIDES.entries()) {
    const v = r.variants[i]!;
    console.log(
      `${s.party}: ${v.requests} answers, p50 ${ms(v.p50Ms)}, p99 ${ms(v.p99Ms)}, with the other's records ${v.leaks}`,
    );
  }
  const g = goals();
  g.check(r.p99Ms <= 300, `p99: ${ms(r.p99Ms)} (goal ≤ 300 ms)`);
  g.check(
    leaks === 0,
    `answers with the other municipality's records: ${leaks} of ${r.requests} (goal 0)`,
  );
  g.check(r.errors === 0, `errors: ${r.errors}, 5xx: ${fivexx} (goal 0)`);
  await stop();
  process.exit(g.allPassed ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
