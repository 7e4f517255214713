/**
 * Order creation under load (issue 13): 50 case workers of Greve post `POST /api/orders` for
 * BENCH_SECONDS (default 60) through the real HTTP route — token check, validation, the access-log
 * entry (fail-closed) and the order's insert. Prints req/s, p50/p99, errors and 5xx, then counts
 * in the database that every 201 answered has exactly one order and exactly one access-log
 * `create` entry, and that no order exists without a 201. Goals: 0 errors, 0 5xx, p99 ≤ 500 ms,
 * ≥ 100 req/s.
 *
 * Creating a draft puts nothing in the order's outbox (`pendingEvents`): the first event an order
 * publishes is the offer selected. The count of pending events is printed, and must be 0.
 *
 * Run: pnpm bench orders   (BENCH_SECONDS, BENCH_CLIENTS to change)
 */
import { ACCESS_LOG_COLLECTION } from '@rammeaftale/privacy';
import { bearer, runLoad, tokensFor } from '@rammeaftale/testing';
import { orderModel } from '../src/orders/order.model';
import { goals, loadAverage, ms, orderBody, startBenchPortal } from './support/bench-portal';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const REFERENCE = 'Bench-ordre';

async function main(): Promise<void> {
  const { portal, idp, stop } = await startBenchPortal('bench_orders');
  const { caseworkerGreve } = await tokensFor(idp, ['caseworkerGreve']);
  const url = `${portal.http.url}/api/orders`;
  const request = {
    method: 'POST',
    headers: bearer(caseworkerGreve),
    body: orderBody(REFERENCE, 253),
  };

  // Warm-up (connections, JIT, the collections' first writes): its orders are counted as well.
  const warm = await runLoad({
    url,
    ...request,
    concurrency: 5,
    requests: 50,
    collectJsonField: 'id',
    collectStatus: 201,
  });
  console.log(`load average before: ${loadAverage()}`);
  const r = await runLoad({
    url,
    ...request,
    concurrency: CLIENTS,
    seconds: SECONDS,
    collectJsonField: 'id',
    collectStatus: 201,
  });
  console.log(`load average after: ${loadAverage()}`);
  const fivexx = Object.entries(r.statuses)
    .filter(([s]) => Number(s) >= 500)
    .reduce((n, [, c]) => n + c, 0);
  console.log(
    `# POST /api/orders, ${CLIENTS} clients, ${r.seconds.toFixed(1)} s: ${r.requests} answers, ` +
      `${r.rps.toFixed(1)} req/s, p50 ${ms(r.p50Ms)}, p99 ${ms(r.p99Ms)}, errors ${r.errors}, 5xx ${fivexx}, ` +
      `statuses ${JSON.stringify(r.statuses)}`,
  );

  // What the database holds for the 201s (warm-up included).
  const created = [...warm.collected, ...r.collected];
  const ids = new Set(created);
  const db = portal.runtime.db;
  const orders = await orderModel(db)
    .find({}, { _id: 1, pendingEvents: 1, 'citizen.reference': 1 })
    .lean();
  const orderIds = new Map<string, number>();
  let pendingEvents = 0;
  for (const o of orders) {
    orderIds.set(o._id, (orderIds.get(o._id) ?? 0) + 1);
    pendingEvents += o.pendingEvents?.length ?? 0;
  }
  const entries = await db
    .db!.collection(ACCESS_LOG_COLLECTION)
    .find({ action: 'create' }, { projection: { resource: 1 } })
    .toArray();
  const createEntries = new Map<string, number>();
  for (const e of entries) {
    const res = e.resource as { type: string; id: string };
    if (res.type === 'order') createEntries.set(res.id, (createEntries.get(res.id) ?? 0) + 1);
  }
  const withOneOrder = created.filter((id) => orderIds.get(id) === 1).length;
  const withOneEntry = created.filter((id) => createEntries.get(id) === 1).length;
  const ordersWithout201 = [...orderIds.keys()].filter((id) => !ids.has(id)).length;
  const entriesWithout201 = [...createEntries.keys()].filter((id) => !ids.has(id)).length;
  console.log(
    `database: ${created.length} answers 201 (${ids.size} distinct ids); ${orders.length} orders, ` +
      `${withOneOrder} of the 201s with exactly one order, ${ordersWithout201} orders without a 201; ` +
      `${entries.length} access-log create entries, ${withOneEntry} of the 201s with exactly one, ` +
      `${entriesWithout201} entries without a 201; pending outbox events ${pendingEvents}`,
  );

  const g = goals();
  g.check(r.errors === 0, `errors: ${r.errors} (goal 0)`);
  g.check(fivexx === 0, `5xx: ${fivexx} (goal 0)`);
  g.check(r.p99Ms <= 500, `p99: ${ms(r.p99Ms)} (goal ≤ 500 ms)`);
  g.check(r.rps >= 100, `throughput: ${r.rps.toFixed(1)} req/s (goal ≥ 100)`);
  g.check(
    ids.size === created.length && withOneOrder === created.length && ordersWithout201 === 0,
    `every 201 has exactly one order, and every order a 201 (${withOneOrder}/${created.length}, ${ordersWithout201} extra)`,
  );
  g.check(
    withOneEntry === created.length && entriesWithout201 === 0,
    `every 201 has exactly one access-log create entry (${withOneEntry}/${created.length}, ${entriesWithout201} extra)`,
  );
  g.check(pendingEvents === 0, `outbox: ${pendingEvents} pending events (a draft publishes none)`);
  await stop();
  process.exit(g.allPassed ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
