import request from 'supertest';
import {
  CAPACITY_HEADER,
  OFFER_HEADER,
  PROVIDER_A,
  PROVIDER_B,
  TARIFF_HEADER,
  csv,
  importCsv,
  offerRow,
  organisationsCsv,
  startRegistry,
  type RegistryHarness,
} from './support';
import type { z } from 'zod';
import type { ImportReport } from '../../src/offers/import/import-report';
import type {
  OfferDetailView,
  OfferListView,
  OrganisationListView,
  PolicyValuesListView,
  PolicyValuesView,
} from '../../src/offers/offer.schemas';
import { json, type Problem } from '../support/json';

type OfferList = z.infer<typeof OfferListView>;
type OfferDetail = z.infer<typeof OfferDetailView>;
/** The parts of the OpenAPI document these tests look at. */
interface OpenApiDoc {
  paths: Record<string, Record<string, { requestBody: { content: Record<string, unknown> } }>>;
}

jest.setTimeout(120_000);

let h: RegistryHarness;
let secretariat: string;
let caseworker: string;
let supplierA: string;
let supplierB: string;

const get = (path: string, token = caseworker) =>
  request(h.url).get(path).set('authorization', `Bearer ${token}`);

beforeAll(async () => {
  // "Now" is 15 March 2026 10:00 UTC; capacity older than 14 days is stale.
  h = await startRegistry('op_registry');
  secretariat = await h.token({ role: 'secretariat', organisationId: 'mun-253' });
  caseworker = await h.token({ role: 'caseworker', organisationId: 'mun-265' });
  supplierA = await h.token({
    role: 'supplier',
    organisationId: `cvr-${PROVIDER_A.cvr}`,
    userId: 'anne',
  });
  supplierB = await h.token({ role: 'supplier', organisationId: `cvr-${PROVIDER_B.cvr}` });
  await importCsv(h, 'organisations', organisationsCsv(), { token: secretariat });
  const offers = await importCsv(
    h,
    'offers',
    csv(OFFER_HEADER, [
      offerRow('100001', { Tilbudsnavn: 'Åbrinken', Kommunekode: '265' }),
      offerRow('100002', {
        Tilbudsnavn: 'Egely',
        Kommunekode: '370',
        Postnr: '4700',
        By: 'Næstved',
        'Driftsherre CVR': PROVIDER_B.cvr,
        Målgrupper: 'Socialpsykiatri',
      }),
      offerRow('100003', {
        Tilbudsnavn: 'Ærøhuset',
        Kommunekode: '265',
        Driftsherretype: 'Kommunal',
        'Driftsherre CVR': '',
        'Driftsherre kommunekode': '265',
        'Afdelings-id': '100003-1',
        Afdelingsnavn: 'Hus A',
        Afdelingspladser: '6',
      }),
      offerRow('100003', {
        Tilbudsnavn: 'Ærøhuset',
        Kommunekode: '265',
        Driftsherretype: 'Kommunal',
        'Driftsherre CVR': '',
        'Driftsherre kommunekode': '265',
        'Afdelings-id': '100003-2',
        Afdelingsnavn: 'Hus B',
        Afdelingspladser: '6',
      }),
      offerRow('100004', { Tilbudsnavn: 'Birkely', Kommunekode: '265' }),
    ]),
    { token: secretariat },
  );
  expect(json<ImportReport>(offers).errors).toEqual([]);
  const capacity = await importCsv(
    h,
    'capacity',
    csv(CAPACITY_HEADER, [
      ['100001', '12', '10', '2', '0', '01-02-2026'],
      ['100001', '12', '11', '1', '3', '10-03-2026 12:00'], // current: fresh, 1 free
      ['100002', '12', '9', '3', '0', '20-02-2026'], // 23 days old: stale
      ['100003', '12', '12', '0', '4', '14-03-2026'], // fresh, full
    ]),
    { token: secretariat },
  );
  expect(json<ImportReport>(capacity).errors).toEqual([]);
  const tariffs = await importCsv(
    h,
    'tariffs',
    csv(TARIFF_HEADER, [
      ['100001', '', '01-01-2025', '31-12-2025', '2.000,00', '', '95 %', 'Budget 2025'],
      [
        '100001',
        '',
        '01-01-2026',
        '31-12-2026',
        '2.080,00',
        'Ekstra støtte=300,00',
        '95 %',
        'Budget 2026',
      ],
      ['100002', '', '01-01-2026', '', '3.150,50', '', '90 %', 'Budget 2026'],
    ]),
    { token: secretariat },
  );
  expect(json<ImportReport>(tariffs).errors).toEqual([]);
});
afterAll(() => h.close());

describe('offer registry API', () => {
  it('When a case worker lists offers, then each shows its current capacity with a staleness flag and the tariff in force today, in Danish order', async () => {
    const res = await get('/api/offers');
    expect(res.status).toBe(200);
    const list = json<OfferList>(res);
    expect(list.items.map((o: { name: string }) => o.name)).toEqual([
      'Birkely',
      'Egely',
      'Ærøhuset',
      'Åbrinken',
    ]);
    const byName = Object.fromEntries(list.items.map((o) => [o.name, o]));
    expect(byName['Åbrinken']!.capacity).toMatchObject({
      free: 1,
      waitingList: 3,
      stale: false,
      occupancyBp: 9167,
    });
    expect(byName['Åbrinken']!.currentTariffs).toEqual([
      expect.objectContaining({
        validFrom: '2026-01-01',
        dailyBasisOre: 208_000,
        dailyBasisText: '2.080,00 kr.',
      }),
    ]);
    expect(byName['Åbrinken']!.operator).toEqual({
      kind: 'private',
      organisationId: `cvr-${PROVIDER_A.cvr}`,
      name: PROVIDER_A.name,
    });
    expect(byName['Egely']!.capacity!.stale).toBe(true);
    expect(byName['Egely']!.currentTariffs[0]!.validTo).toBeNull();
    expect(byName['Birkely']!.capacity).toBeNull();
    expect(byName['Ærøhuset']!.departments).toHaveLength(2);
    expect(list.staleAfterDays).toBe(14);
  });

  it('When filters are given, then only matching offers are listed', async () => {
    const names = async (query: string) =>
      json<OfferList>(await get(`/api/offers?${query}`)).items.map((o) => o.name);
    expect(await names('municipalityCode=370')).toEqual(['Egely']);
    expect(await names('operatorKind=municipal')).toEqual(['Ærøhuset']);
    expect(await names('withFreePlaces=true')).toEqual(['Egely', 'Åbrinken']);
    expect(await names('withFreePlaces=true&capacityStale=false')).toEqual(['Åbrinken']);
    expect(await names('withFreePlaces=false')).toEqual(['Birkely', 'Ærøhuset']);
    expect(await names('capacityStale=true')).toEqual(['Birkely', 'Egely']);
    expect(await names('targetGroup=socialpsykiatri')).toEqual(['Egely']);
    expect(await names('q=rø')).toEqual(['Ærøhuset']);
    const page = await get('/api/offers?limit=2&offset=2');
    expect(json<OfferList>(page)).toMatchObject({ total: 4, limit: 2, offset: 2 });
    expect(json<OfferList>(page).items).toHaveLength(2);
    expect((await get('/api/offers?withFreePlaces=maybe')).status).toBe(400);
  });

  it('When one offer is read, then its capacity history (newest first) and all tariff periods are shown', async () => {
    const res = await get('/api/offers/tp-100001');
    expect(res.status).toBe(200);
    const offer = json<OfferDetail>(res);
    expect(offer.capacityHistory.map((c: { free: number }) => c.free)).toEqual([1, 2]);
    expect(offer.capacityHistory[0]!.reportedBy).toEqual({
      organisationId: 'mun-253',
      role: 'secretariat',
    });
    expect(offer.tariffs.map((t: { validFrom: string }) => t.validFrom)).toEqual([
      '2025-01-01',
      '2026-01-01',
    ]);
    expect((await get('/api/offers/tp-999999')).status).toBe(404);
  });

  it('When a supplier reports capacity for its own offer, then it becomes current, fresh and part of the history with who and when', async () => {
    const res = await request(h.url)
      .put('/api/offers/tp-100001/capacity')
      .set('authorization', `Bearer ${supplierA}`)
      .send({ placesInOperation: 12, occupied: 9, free: 3, waitingList: 2 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      free: 3,
      stale: false,
      confirmedAt: '2026-03-15T10:00:00.000Z',
    });
    const detail = await get('/api/offers/tp-100001', supplierA);
    expect(json<OfferDetail>(detail).capacity!.free).toBe(3);
    expect(json<OfferDetail>(detail).capacityHistory[0]).toMatchObject({
      free: 3,
      source: 'api',
      reportedBy: { userId: 'anne', role: 'supplier' },
    });
    expect(json<OfferDetail>(detail).capacityHistory).toHaveLength(3);
    // Someone else's view leaves out who typed it.
    const other = await get('/api/offers/tp-100001', caseworker);
    expect(json<OfferDetail>(other).capacityHistory[0]!.reportedBy.userId).toBeUndefined();
  });

  it("When a supplier tries to update another operator's offer, then 404 and the offer is unchanged", async () => {
    const before = json<OfferDetail>(await get('/api/offers/tp-100002'));
    const res = await request(h.url)
      .put('/api/offers/tp-100002/capacity')
      .set('authorization', `Bearer ${supplierA}`)
      .send({ placesInOperation: 12, occupied: 0, free: 12, waitingList: 0 });
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain('Egely');
    expect(json<OfferDetail>(await get('/api/offers/tp-100002'))).toEqual(before);
    const own = await request(h.url)
      .put('/api/offers/tp-100002/capacity')
      .set('authorization', `Bearer ${supplierB}`)
      .send({ placesInOperation: 12, occupied: 11, free: 1, waitingList: 0 });
    expect(own.status).toBe(200);
  });

  it('When capacity is inconsistent or the caller is not a supplier, then 400 names the field, 403 for other roles, 401 without a token', async () => {
    const bad = await request(h.url)
      .put('/api/offers/tp-100001/capacity')
      .set('authorization', `Bearer ${supplierA}`)
      .send({ placesInOperation: 5, occupied: 0, free: 6, waitingList: 0 });
    expect(bad.status).toBe(400);
    expect(json<Problem>(bad).errors).toEqual([
      expect.objectContaining({ field: 'body.free', code: 'FREE_EXCEEDS_PLACES' }),
    ]);
    const negative = await request(h.url)
      .put('/api/offers/tp-100001/capacity')
      .set('authorization', `Bearer ${supplierA}`)
      .send({ placesInOperation: -1, occupied: 0, free: 0, waitingList: 0 });
    expect(negative.status).toBe(400);
    const caseworkerTry = await request(h.url)
      .put('/api/offers/tp-100001/capacity')
      .set('authorization', `Bearer ${caseworker}`)
      .send({ placesInOperation: 12, occupied: 0, free: 12, waitingList: 0 });
    expect(caseworkerTry.status).toBe(403);
    expect((await request(h.url).get('/api/offers')).status).toBe(401);
  });

  it('When the secretariat records policy values, then they are listed and used for dates from their effective date; others may not record them', async () => {
    const values = {
      year: 2026,
      effectiveFrom: '2026-01-01',
      plRateBp: 400,
      privateReportThresholdBp: 500,
      publicReportThresholdBp: 800,
    };
    const created = await request(h.url)
      .post('/api/policy-values')
      .set('authorization', `Bearer ${secretariat}`)
      .send(values);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      plRateText: '4,00 %',
      publicReportThresholdText: '8,00 %',
    });
    const again = await request(h.url)
      .post('/api/policy-values')
      .set('authorization', `Bearer ${secretariat}`)
      .send(values);
    expect(again.status).toBe(409);
    const byCaseworker = await request(h.url)
      .post('/api/policy-values')
      .set('authorization', `Bearer ${caseworker}`)
      .send({ ...values, effectiveFrom: '2026-07-01' });
    expect(byCaseworker.status).toBe(403);
    const wrongYear = await request(h.url)
      .post('/api/policy-values')
      .set('authorization', `Bearer ${secretariat}`)
      .send({ ...values, effectiveFrom: '2025-07-01' });
    expect(wrongYear.status).toBe(400);
    const ofYear = json<z.infer<typeof PolicyValuesListView>>(await get('/api/policy-values/2026'));
    expect(ofYear.items).toHaveLength(1);
    const inForce = await get('/api/policy-values/in-force?date=2026-06-01');
    expect(json<z.infer<typeof PolicyValuesView>>(inForce).plRateBp).toBe(400);
    expect((await get('/api/policy-values/in-force?date=2025-06-01')).status).toBe(404);
    expect((await get('/api/policy-values/2024')).status).toBe(404);
  });

  it('When the parties are listed, then the 17 municipalities, the region and the imported providers appear with EAN and address', async () => {
    type Organisations = z.infer<typeof OrganisationListView>;
    const all = json<Organisations>(await get('/api/organisations')).items;
    expect(all.filter((o: { kind: string }) => o.kind === 'municipality')).toHaveLength(17);
    expect(all.filter((o: { kind: string }) => o.kind === 'region')).toHaveLength(1);
    const providers = json<Organisations>(await get('/api/organisations?kind=private')).items;
    const inRoskilde: unknown = expect.objectContaining({ city: 'Roskilde' });
    expect(providers).toContainEqual(
      expect.objectContaining({
        id: `cvr-${PROVIDER_A.cvr}`,
        cvr: PROVIDER_A.cvr,
        eanNumbers: [PROVIDER_A.ean],
        contact: inRoskilde,
      }),
    );
  });

  it('When a supplier reports capacity, then the log names the offer and the operator, not the person who typed it', async () => {
    h.portal.log.clear();
    const res = await request(h.url)
      .put('/api/offers/tp-100001/capacity')
      .set('authorization', `Bearer ${supplierA}`)
      .send({ placesInOperation: 12, occupied: 10, free: 2, waitingList: 2 });
    expect(res.status).toBe(200);
    const [line, ...more] = h.portal.log.withMessage('capacity reported');
    expect(more).toEqual([]);
    expect(line).toMatchObject({ offerId: 'tp-100001', organisationId: `cvr-${PROVIDER_A.cvr}` });
    expect(JSON.stringify(line)).not.toContain('anne');
  });

  it('When the API description is read, then the registry routes and the CSV upload are documented', async () => {
    const doc = json<OpenApiDoc>(await request(h.url).get('/openapi.json'));
    expect(doc.paths['/api/offers']?.get).toBeDefined();
    expect(
      doc.paths['/api/offers/{offerId}/capacity']?.put?.requestBody.content['application/json'],
    ).toBeDefined();
    expect(doc.paths['/api/imports/{kind}']?.post?.requestBody.content['text/csv']).toBeDefined();
  });
});
