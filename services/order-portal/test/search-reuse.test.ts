import request from 'supertest';
import type { Model } from 'mongoose';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import { bearer, party, uniqueName } from '@rammeaftale/testing';
import { json, type OrderView, type SearchView } from './support/json';
import { makeMunicipalities, makeOffer, orderBody } from './support/order-factories';
import { startTestPortal, type TestPortal } from './support/start-portal';
import { RankingMemo } from '../src/orders/ranking-memo';

/**
 * Searches reuse a ranking while the registry view, the criteria and the moment allow it
 * (ranking-memo.ts); what a case worker sees must be what a fresh ranking would show: staleness
 * turns at its exact instant, a capacity report shows in the next search, and the order's
 * snapshot is written when (and only when) the result changed.
 */
jest.setTimeout(60_000);

const DAY = 86_400_000;
const confirmed = Date.parse('2026-11-01T10:00:00Z');
let nowMs = confirmed + 13 * DAY;
let portal: TestPortal;
let greve = '';
let roskilde = '';
let orderId = '';

beforeAll(async () => {
  const idp = await createLocalIdentityProvider();
  portal = await startTestPortal(uniqueName('op_search_reuse'), {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer, STALE_CAPACITY_DAYS: '14' },
    now: () => new Date(nowMs),
  });
  await makeMunicipalities(portal.runtime.db, [253, 265]);
  await makeOffer(portal.runtime.db, 'tp-100001', { confirmedAt: new Date(confirmed) });
  await makeOffer(portal.runtime.db, 'tp-100002', { confirmedAt: new Date(confirmed + 5 * DAY) });
  greve = await idp.issue(party('caseworkerGreve'));
  roskilde = await idp.issue(party('supplierRoskilde'));
  const res = await request(portal.http.url)
    .post('/api/orders')
    .set(bearer(greve))
    .send(orderBody({ citizen: { cpr: undefined } }));
  orderId = json<OrderView>(res).id;
});
afterAll(() => portal.close());

const search = async () => {
  const res = await request(portal.http.url)
    .post(`/api/orders/${orderId}/search`)
    .set(bearer(greve));
  expect(res.status).toBe(200);
  return json<SearchView>(res);
};
const staleness = (s: SearchView) =>
  Object.fromEntries(s.results.map((r) => [r.offerId, { stale: r.stale, free: r.freePlaces }]));
const orderModel = () => portal.runtime.db.models.Order as Model<unknown>;

describe('searches that reuse a ranking', () => {
  it('When the same search is repeated, then it answers the same and the order is not written again', async () => {
    const first = await search();
    const writes = jest.spyOn(orderModel(), 'updateOne');
    const again = await search();
    expect(again.results).toEqual(first.results);
    expect(again.excluded).toEqual(first.excluded);
    expect(writes).not.toHaveBeenCalled();
    writes.mockRestore();
  });

  it("When the clock passes the instant an offer's capacity turns stale, then the next search shows it stale, not a millisecond sooner", async () => {
    nowMs = confirmed + 14 * DAY; // exactly 14 days: still fresh
    expect(staleness(await search())).toEqual({
      'tp-100001': { stale: false, free: 2 },
      'tp-100002': { stale: false, free: 2 },
    });
    nowMs += 1;
    const s = await search();
    expect(staleness(s)).toEqual({
      'tp-100001': { stale: true, free: 2 },
      'tp-100002': { stale: false, free: 2 },
    });
    // The fresh one now ranks first, and the stored snapshot follows the change.
    expect(s.results.map((r) => r.offerId)).toEqual(['tp-100002', 'tp-100001']);
    const [order, rows] = await Promise.all([
      orderModel().findById(orderId).lean(),
      portal.runtime.db.collection('order_search_rows').findOne({ _id: orderId as never }),
    ]);
    const head = (order as unknown as { lastSearch: Record<string, unknown> }).lastSearch;
    const stored = rows as unknown as {
      digest: string;
      results: { offerId: string; stale: boolean }[];
    };
    expect(stored.results.map((r) => [r.offerId, r.stale])).toEqual([
      ['tp-100002', false],
      ['tp-100001', true],
    ]);
    // The order keeps the numbers and the digest of its rows, not the rows.
    expect(head).not.toHaveProperty('results');
    expect(head.counts).toEqual({ results: 2, public: 2, publicFree: 2 });
    expect(head.resultsDigest).toBe(stored.digest);
    expect(stored.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('When a supplier reports capacity, then the next search shows it', async () => {
    const put = await request(portal.http.url)
      .put('/api/offers/tp-100001/capacity')
      .set(bearer(roskilde))
      .send({ placesInOperation: 10, occupied: 7, free: 3, waitingList: 0 });
    expect(put.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300)); // the registry view looks for changes every 250 ms
    expect(staleness(await search())).toEqual({
      'tp-100001': { stale: false, free: 3 },
      'tp-100002': { stale: false, free: 2 },
    });
  });
});

describe('the memo', () => {
  const view = {};
  it('When a ranking holds, then it is reused until its instant and made again after it', () => {
    const memo = new RankingMemo<number>();
    let made = 0;
    const rank = () => ({ value: ++made, holdsUntilMs: 100 });
    expect(memo.get(view, 'k', 50, rank)).toBe(1);
    expect(memo.get(view, 'k', 100, rank)).toBe(1);
    expect(memo.get(view, 'k', 101, rank)).toBe(2);
    expect(memo.get({}, 'k', 101, rank)).toBe(3); // another view: another ranking
  });

  it('When more rankings are made than it keeps, then the least recently used one goes first', () => {
    const memo = new RankingMemo<string>(2);
    const rank = (v: string) => () => ({ value: v, holdsUntilMs: Infinity });
    memo.get(view, 'a', 0, rank('a1'));
    memo.get(view, 'b', 0, rank('b1'));
    memo.get(view, 'a', 0, rank('a2')); // used: b is now the oldest
    memo.get(view, 'c', 0, rank('c1'));
    expect(memo.get(view, 'a', 0, rank('a3'))).toBe('a1');
    expect(memo.get(view, 'b', 0, rank('b2'))).toBe('b2');
  });
});
