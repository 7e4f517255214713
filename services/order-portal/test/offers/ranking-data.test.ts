import request from 'supertest';
import type { z } from 'zod';
import {
  CAPACITY_HEADER,
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
import { json, type Problem } from '../support/json';

/** Issue 15: the offer's ranking data (competences, quality) in the import and API; the ±20 % rule. */

type OfferDetail = z.infer<typeof OfferDetailView>;
jest.setTimeout(120_000);

const RANKING_HEADER = [
  ...OFFER_HEADER,
  'Kompetencer',
  'Kvalitet',
  'Kvalitetskilde',
  'Kvalitetsdato',
];
const SOURCE = 'Socialtilsynets kvalitetsmodel, samlet vurdering';

let h: RegistryHarness;
let secretariat: string;
let supplier: string;

const put = (placesInOperation: number, offerId = 'tp-300001') =>
  request(h.url)
    .put(`/api/offers/${offerId}/capacity`)
    .set('authorization', `Bearer ${supplier}`)
    .send({ placesInOperation, occupied: 0, free: 1, waitingList: 0 });
const detail = async (id: string) =>
  json<OfferDetail>(
    await request(h.url).get(`/api/offers/${id}`).set('authorization', `Bearer ${secretariat}`),
  );

beforeAll(async () => {
  h = await startRegistry('op_ranking_data');
  secretariat = await h.token({ role: 'secretariat', organisationId: 'mun-253' });
  supplier = await h.token({ role: 'supplier', organisationId: `cvr-${PROVIDER_A.cvr}` });
  await importCsv(h, 'organisations', organisationsCsv(), { token: secretariat });
  const offers = await importCsv(
    h,
    'offers',
    csv(RANKING_HEADER, [
      [
        ...offerRow('300001', { 'Godkendte pladser': '10' }),
        // A spreadsheet quotes a cell holding the delimiter.
        '"Medicinhåndtering; autismespektrum ;LOW AROUSAL"',
        '3,5',
        SOURCE,
        '12-03-2026',
      ],
      [...offerRow('300002', { 'Godkendte pladser': '10' }), '', '', '', ''],
    ]),
    { token: secretariat },
  );
  expect(json<ImportReport>(offers).errors).toEqual([]);
});
afterAll(() => h.close());

describe('ranking data of offers', () => {
  it('When the offers file names competences and a quality, then the offer carries them as codes and a dated score, and an empty cell stays unknown', async () => {
    const known = await detail('tp-300001');
    expect(known.competences).toEqual([
      { code: 'medicinhaandtering', label: 'Medicinhåndtering' },
      { code: 'autismespektrum', label: 'Autismespektrum' },
      { code: 'low-arousal', label: 'Low arousal' },
    ]);
    expect(known.quality).toEqual({ score: 3.5, source: SOURCE, assessedOn: '2026-03-12' });
    const unknown = await detail('tp-300002');
    expect(unknown.competences).toEqual([]);
    expect(unknown.quality).toBeNull();
  });

  it('When a competence is not in the vocabulary or a quality is off the scale or half given, then the row is refused naming the column', async () => {
    const res = await importCsv(
      h,
      'offers',
      csv(RANKING_HEADER, [
        [...offerRow('300003'), 'Heste-terapi', '', '', ''],
        [...offerRow('300004'), '', '6', SOURCE, '12-03-2026'],
        [...offerRow('300005'), '', '4', '', '12-03-2026'],
        [...offerRow('300006'), '', '3,25', SOURCE, '12-03-2026'],
      ]),
      { token: secretariat },
    );
    const report = json<ImportReport>(res);
    expect(report.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [2, 'Kompetencer', 'UNKNOWN_COMPETENCE'],
      [3, 'Kvalitet', 'INVALID_QUALITY'],
      [4, 'Kvalitetskilde', 'MISSING'],
      [5, 'Kvalitet', 'INVALID_QUALITY'],
    ]);
    expect(report.errors[0]!.message).toContain('Medicinhåndtering');
    expect(report.errors[0]!.message).not.toContain('Heste');
  });

  it('When a supplier changes places in operation within ±20 % of the 10 approved, then it is kept; 8 and 12 are the limits', async () => {
    expect((await put(12)).status).toBe(200);
    expect((await put(8, 'tp-300002')).status).toBe(200);
    expect((await detail('tp-300001')).capacity!.placesInOperation).toBe(12);
    expect((await detail('tp-300002')).capacity!.placesInOperation).toBe(8);
  });

  it('When a supplier reports places in operation beyond ±20 % of the approved, then 422 problem+json names the field and the rule, and the capacity is unchanged', async () => {
    const before = await detail('tp-300001');
    for (const places of [13, 7]) {
      const res = await put(places);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = json<Problem>(res);
      expect(problem.type).toMatch(/places-beyond-adjustment$/);
      expect(problem.errors).toEqual([
        expect.objectContaining({
          field: 'body.placesInOperation',
          code: 'places-beyond-adjustment',
        }),
      ]);
      expect(problem.detail).toContain('8–12');
    }
    expect((await detail('tp-300001')).capacityHistory).toEqual(before.capacityHistory);
  });

  it('When a capacity file has a count beyond ±20 % of the approved places, then that row is refused naming the column and the others are stored', async () => {
    const res = await importCsv(
      h,
      'capacity',
      csv(CAPACITY_HEADER, [
        ['300002', '11', '10', '1', '0', '10-03-2026'],
        ['300002', '14', '10', '4', '0', '11-03-2026'],
      ]),
      { token: secretariat },
    );
    const report = json<ImportReport>(res);
    expect(report.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [3, 'Pladser i drift', 'PLACES_BEYOND_ADJUSTMENT'],
    ]);
    expect(report.errors[0]!.message).toContain('(8–12)');
    const history = (await detail('tp-300002')).capacityHistory.map((c) => c.placesInOperation);
    expect(history).toContain(11);
    expect(history).not.toContain(14);
  });
});
