import type { Connection } from 'mongoose';
import { closeDatabase, connectDatabase, crossTenant } from '@rammeaftale/db';
import {
  MUNICIPALITIES,
  assertPrivateChoiceReason,
  looksLikeCpr,
  nextOrderState,
  type OrderState,
} from '@rammeaftale/domain';
import { createLogger } from '@rammeaftale/logging';
import { testEnv, uniqueName } from '@rammeaftale/testing';
import { generateOrderHistory, tariffOn } from '../../src/demo/history/order-history';
import {
  DemoHistoryRepository,
  HISTORY_ORDER_COUNT,
  HISTORY_SEED,
} from '../../src/demo/history/seed-order-history';
import { DEMO_OFFER_COUNT, DEMO_SEED } from '../../src/demo/demo-files';
import { generateDataset } from '../../src/demo/generate';
import { seedDemoData } from '../../src/demo/seed';
import { orderModel, type OrderDoc } from '../../src/orders/order.model';

jest.setTimeout(240_000);

const logger = createLogger({ service: 'history-test', level: 'silent' });
let db: Connection;
let anchorDate = '';

beforeAll(async () => {
  db = await connectDatabase({
    url: testEnv().MONGO_URL,
    dbName: uniqueName('op_history'),
    logger,
  });
  const started = Date.now();
  anchorDate = (await seedDemoData(db, logger)).anchorDate;
  // The whole demo registry and its history: part of every first start, so it must stay quick.
  expect(Date.now() - started).toBeLessThan(120_000);
});
afterAll(() => closeDatabase(db));

describe('the demo order history', () => {
  it('When it is generated twice from the same registry and day, then the orders are identical; another day moves them', async () => {
    const offers = await new DemoHistoryRepository(db).offers(
      crossTenant('the test reads the whole demo registry'),
    );
    const opts = { seed: HISTORY_SEED, offers, anchorDate, count: HISTORY_ORDER_COUNT };
    const a = generateOrderHistory(opts);
    expect(JSON.stringify(generateOrderHistory(opts))).toBe(JSON.stringify(a));
    expect(JSON.stringify(generateOrderHistory({ ...opts, anchorDate: '2027-06-01' }))).not.toBe(
      JSON.stringify(a),
    );
    const stored = await orderModel(db).find({}, { _id: 1 }).lean();
    expect(new Set(stored.map((o) => o._id))).toEqual(new Set(a.map((o) => o._id)));
  });

  it('When the seed has run, then every municipality ordered over 2024 to today, and each order keeps the rules of its life', async () => {
    const orders = await orderModel(db).find({}).lean<OrderDoc[]>();
    expect(orders).toHaveLength(HISTORY_ORDER_COUNT);
    expect(new Set(orders.map((o) => o.actingMunicipalityCode))).toEqual(
      new Set(MUNICIPALITIES.map((m) => m.code)),
    );
    const years = new Set(orders.map((o) => o.createdAt.toISOString().slice(0, 4)));
    for (const y of ['2024', '2025', anchorDate.slice(0, 4)]) expect(years).toContain(y);
    const offers = new Map(
      (
        await new DemoHistoryRepository(db).offers(
          crossTenant('the test reads the whole demo registry'),
        )
      ).map((o) => [o.id, o]),
    );
    for (const o of orders) {
      // Every step is one the lifecycle allows, in time order, ending in the stored state.
      let state: OrderState = 'draft';
      let last = o.createdAt.getTime();
      for (const t of o.transitions) {
        expect(t.from).toBe(state);
        state = nextOrderState(state, t.event);
        expect(t.to).toBe(state);
        expect(t.at.getTime()).toBeGreaterThanOrEqual(last);
        last = t.at.getTime();
      }
      expect(o.status).toBe(state);
      expect(last).toBeLessThan(new Date(`${anchorDate}T00:00:00Z`).getTime());
      // No CPR numbers, not even fake ones: the citizen is a pseudonym.
      expect(o.citizen.cpr).toBeUndefined();
      expect(looksLikeCpr(JSON.stringify(o))).toBe(false);
      if (!o.selection) continue;
      // A private choice while public capacity was free carries its reason, as the rule demands.
      expect(() =>
        assertPrivateChoiceReason(o.selection!.tier, o.selection!, o.selection!.privateReason),
      ).not.toThrow();
      const offer = offers.get(o.selection.offerId)!;
      expect(o.selection.dailyPriceOre).toBe(tariffOn(offer, o.need.wantedStart));
      expect(o.selection.tier).toBe(offer.operatorKind === 'private' ? 'private' : 'public');
      expect(o.pendingEvents.map((e) => e.type)).toEqual(['order.offer-selected']);
    }
    const selected = orders.filter((o) => o.selection);
    const privateWithReason = selected.filter((o) => o.selection!.privateReason);
    expect(selected.filter((o) => o.selection!.tier === 'public').length).toBeGreaterThan(
      selected.length / 2,
    );
    expect(privateWithReason.length).toBeGreaterThan(5);
    expect(new Set(orders.map((o) => o.status)).size).toBeGreaterThanOrEqual(6);
  });

  it('When the seed runs again, then no order is added or changed', async () => {
    const before = await orderModel(db).find({}).sort({ _id: 1 }).lean();
    const again = await seedDemoData(db, logger);
    expect(again.skipped).toBe(true);
    expect(await orderModel(db).find({}).sort({ _id: 1 }).lean()).toEqual(before);
  });
});

describe('the demo tariffs the history announces', () => {
  it('When the registry’s yearly tariffs are compared, then increases fall within P/L, above P/L and above 5 % and 8 %, and some offers rise above 5 % year after year', () => {
    const data = generateDataset({ seed: DEMO_SEED, offers: DEMO_OFFER_COUNT, anchorDate });
    const ore = (t: string) => Math.round(Number(t.replace(/\./g, '').replace(',', '.')) * 100);
    const byOffer = new Map<string, number[]>();
    for (const t of data.tariffs)
      if (t.service === 'Døgnophold')
        byOffer.set(t.tilbudsportalenId!, [
          ...(byOffer.get(t.tilbudsportalenId!) ?? []),
          ore(t.dailyBasis!),
        ]);
    const bp = (a: number, b: number) => ((b - a) * 10_000) / a;
    const steps = [...byOffer.values()].flatMap(([a, b, c]) => [bp(a!, b!), bp(b!, c!)]);
    expect(steps.some((s) => s > 0 && s <= 400)).toBe(true);
    expect(steps.some((s) => s > 400 && s <= 500)).toBe(true);
    expect(steps.some((s) => s > 500 && s <= 800)).toBe(true);
    expect(steps.some((s) => s > 800)).toBe(true);
    const again = [...byOffer.values()].filter(([a, b, c]) => bp(a!, b!) > 500 && bp(b!, c!) > 500);
    expect(again.length).toBeGreaterThanOrEqual(3);
  });
});
