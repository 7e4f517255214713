import request from 'supertest';
import type { z } from 'zod';
import {
  OFFER_HEADER,
  PROVIDER_A,
  csv,
  importCsv,
  offerRow,
  organisationsCsv,
  startRegistry,
  type RegistryHarness,
} from './support';
import type { ImportReport } from '../../src/offers/import/import-report';
import type { OfferDetailView } from '../../src/offers/offer.schemas';
import { json } from '../support/json';

type OfferDetail = z.infer<typeof OfferDetailView>;

jest.setTimeout(180_000);

let h: RegistryHarness;
let supplier: string;
const OFFERS = Array.from({ length: 50 }, (_, i) => `${300000 + i}`);

beforeAll(async () => {
  h = await startRegistry('op_capacity_race');
  const secretariat = await h.token({ role: 'secretariat', organisationId: 'mun-253' });
  supplier = await h.token({ role: 'supplier', organisationId: `cvr-${PROVIDER_A.cvr}` });
  await importCsv(h, 'organisations', organisationsCsv(), { token: secretariat });
  const offers = await importCsv(
    h,
    'offers',
    csv(
      OFFER_HEADER,
      OFFERS.map((tp) => offerRow(tp)),
    ),
    { token: secretariat },
  );
  expect(json<ImportReport>(offers).errors).toEqual([]);
  // Every report gets its own moment (the history keeps one report per moment).
  let tick = 0;
  const start = h.clock.now.getTime();
  Object.defineProperty(h.clock, 'now', { get: () => new Date(start + tick++ * 1000) });
});
afterAll(() => h.close());

/** A report whose waiting list tells which request sent it. */
const report = (n: number) => ({ placesInOperation: 12, occupied: 12, free: 0, waitingList: n });

const put = (tp: string, n: number) =>
  request(h.url)
    .put(`/api/offers/tp-${tp}/capacity`)
    .set('authorization', `Bearer ${supplier}`)
    .send(report(n));

const detail = async (tp: string) =>
  json<OfferDetail>(
    await request(h.url).get(`/api/offers/tp-${tp}`).set('authorization', `Bearer ${supplier}`),
  );

describe('capacity reports at once', () => {
  it('When 50 reports of 50 offers and 50 of one offer arrive at once, then each answers 200 or 409, none 5xx, and every accepted report is in its history', async () => {
    const one = OFFERS[0]!;
    const [spread, same] = await Promise.all([
      Promise.all(OFFERS.map((tp, i) => put(tp, 1000 + i))),
      Promise.all(Array.from({ length: 50 }, (_, i) => put(one, i))),
    ]);
    const statuses = [...spread, ...same].map((r) => r.status);
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);

    // Each offer of the spread: its report, if accepted, is its history and its current count.
    for (const [i, tp] of OFFERS.entries()) {
      if (tp === one || spread[i]!.status !== 200) continue;
      const d = await detail(tp);
      expect(d.capacityHistory.map((c) => c.waitingList)).toEqual([1000 + i]);
      expect(d.capacity?.waitingList).toBe(1000 + i);
    }
    // The one offer: exactly the accepted reports are in its history, none lost, none twice,
    // and the current count is one of them.
    const d = await detail(one);
    const accepted = same.flatMap((r, i) => (r.status === 200 ? [i] : []));
    const spreadOne = spread[0]!.status === 200 ? [1000] : [];
    expect(accepted.length).toBeGreaterThan(0);
    expect(d.capacityHistory.map((c) => c.waitingList).sort((a, b) => a - b)).toEqual(
      [...accepted, ...spreadOne].sort((a, b) => a - b),
    );
    expect([...accepted, ...spreadOne]).toContain(d.capacity?.waitingList);
    // A refusal says why, as problem+json.
    for (const r of same.filter((x) => x.status === 409)) {
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
  });
});
