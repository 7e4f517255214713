import iconv from 'iconv-lite';
import type { Response } from 'supertest';
import { generateCsvFiles } from '../../src/demo/demo-files';
import type { ImportReport } from '../../src/offers/import/import-report';
import { importCsv as runImport } from '../../src/offers/import/import-csv.use-case';
import { OfferLockRepository } from '../../src/offers/offer-lock.repository';
import { offerModel } from '../../src/offers/offer.model';
import { OfferRepository } from '../../src/offers/offer.repository';
import { OrganisationRepository } from '../../src/offers/organisation.repository';
import { json } from '../support/json';
import {
  CAPACITY_HEADER,
  OFFER_HEADER,
  PROVIDER_A,
  TARIFF_HEADER,
  csv,
  importCsv,
  offerRow,
  organisationsCsv,
  startRegistry,
  type RegistryHarness,
} from './support';

jest.setTimeout(120_000);

let h: RegistryHarness;
let secretariat: string;

beforeAll(async () => {
  h = await startRegistry('op_import');
  secretariat = await h.token({ role: 'secretariat', organisationId: 'mun-253' });
  const orgs = await importCsv(h, 'organisations', organisationsCsv(), { token: secretariat });
  expect(orgs.status).toBe(200);
});
afterAll(() => h.close());

const offers = () => offerModel(h.portal.runtime.db);
const errorsOf = (res: Response) => report(res).errors.map((e) => `${e.row}:${e.field}:${e.code}`);
/** The import report (on 422 the problem carries the same `errors`). */
const report = (res: Response) => json<ImportReport>(res);

describe('CSV import of the offer registry', () => {
  it('When the generated demo files are imported, then every row is stored, and importing them again changes nothing', async () => {
    const { files, data } = generateCsvFiles({ seed: 7, offers: 25, anchorDate: '2026-03-14' });
    for (const kind of ['organisations', 'offers', 'capacity', 'tariffs'] as const) {
      const res = await importCsv(h, kind, files[kind], { token: secretariat });
      expect({
        kind,
        status: res.status,
        rejected: report(res).rejectedRows,
        errors: report(res).errors,
      }).toEqual({
        kind,
        status: 200,
        rejected: 0,
        errors: [],
      });
      expect(report(res).encoding).toBe('utf-8');
    }
    const tpIds = [...new Set(data.offers.map((r) => r.tilbudsportalenId))];
    const stored = await offers().find({ tilbudsportalenId: tpIds[0] }).lean();
    expect(stored).toHaveLength(1);
    // A count a month from January 2024 (the market data's first year) to the data set's today.
    const counts = data.capacity.filter((c) => c.tilbudsportalenId === tpIds[0]);
    expect(counts.length).toBeGreaterThanOrEqual(26);
    expect(counts[0]?.asOf).toMatch(/^2\d-01-2024 /);
    expect(stored[0]?.capacityHistory).toHaveLength(counts.length);
    expect(stored[0]?.tariffs.length).toBeGreaterThanOrEqual(3);
    const before = await offers().findById(`tp-${tpIds[0]}`).lean();

    for (const kind of ['organisations', 'offers', 'capacity', 'tariffs'] as const) {
      const again = await importCsv(h, kind, files[kind], { token: secretariat });
      expect({ kind, created: report(again).created, updated: report(again).updated }).toEqual({
        kind,
        created: 0,
        updated: 0,
      });
      expect(report(again).unchanged).toBeGreaterThan(0);
    }
    const after = await offers().findById(`tp-${tpIds[0]}`).lean();
    expect(after).toEqual(before);
  });

  it('When a Windows-1252 file holds æ, ø and å and an amount like 1.234,50, then they are stored exactly', async () => {
    const offersFile = csv(OFFER_HEADER, [
      offerRow('900001', {
        Tilbudsnavn: 'Bostedet Æblehaven på Ærø-vej',
        By: 'Køge',
        Postnr: '4600',
        Kommunekode: '259',
        Adresse: 'Østergade 5',
        'Afdelings-id': 'A',
        Afdelingsnavn: 'Åbrinken',
        Afdelingspladser: '12',
      }),
    ]);
    const bytes = iconv.encode(offersFile, 'win1252');
    expect(bytes.includes(Buffer.from('Æ', 'utf8'))).toBe(false); // really single-byte
    const res = await importCsv(h, 'offers', bytes, { token: secretariat });
    expect(res.status).toBe(200);
    expect(report(res).encoding).toBe('windows-1252');
    expect(report(res).created).toBe(1);

    const tariffs = csv(TARIFF_HEADER, [
      [
        '900001',
        '',
        '01-01-2026',
        '31-12-2026',
        '1.234,50',
        'Ekstra støtte=250,25',
        '97,5 %',
        'Budget 2026 (bilag 3)',
      ],
    ]);
    const tres = await importCsv(h, 'tariffs', iconv.encode(tariffs, 'win1252'), {
      token: secretariat,
    });
    expect(report(tres).errors).toEqual([]);

    const offer = await offers().findById('tp-900001').lean();
    expect(offer?.name).toBe('Bostedet Æblehaven på Ærø-vej');
    expect(offer?.address.city).toBe('Køge');
    expect(offer?.departments).toEqual([{ departmentId: 'A', name: 'Åbrinken', places: 12 }]);
    expect(offer?.tariffs[0]).toMatchObject({
      service: 'Døgnophold',
      dailyBasisOre: 123_450,
      additional: [{ name: 'Ekstra støtte', dailyOre: 25_025 }],
      assumedOccupancyBp: 9_750,
    });
  });

  it('When offer rows have an unknown municipality code or a malformed CVR, then each is rejected with row and column, and the good row is imported', async () => {
    const file = csv(OFFER_HEADER, [
      offerRow('900101'),
      offerRow('900102', { Kommunekode: '101' }),
      offerRow('900103', { 'Driftsherre CVR': '12345678' }),
    ]);
    const res = await importCsv(h, 'offers', file, { token: secretariat });
    expect(res.status).toBe(200);
    expect(errorsOf(res)).toEqual([
      '3:Kommunekode:UNKNOWN_MUNICIPALITY',
      '4:Driftsherre CVR:INVALID_CVR',
    ]);
    expect(res.body).toMatchObject({ rows: 3, importedRows: 1, rejectedRows: 2, created: 1 });
    expect(await offers().exists({ _id: 'tp-900101' })).toBeTruthy();
    expect(await offers().exists({ _id: 'tp-900102' })).toBeNull();
    expect(await offers().exists({ _id: 'tp-900103' })).toBeNull();
  });

  it('When a corrected file for a stored offer has a bad row, then the stored offer is left exactly as it was', async () => {
    await importCsv(
      h,
      'offers',
      csv(OFFER_HEADER, [offerRow('900201', { 'Godkendte pladser': '10' })]),
      { token: secretariat },
    );
    const before = await offers().findById('tp-900201').lean();
    const res = await importCsv(
      h,
      'offers',
      csv(OFFER_HEADER, [
        offerRow('900201', { 'Godkendte pladser': '-3', Tilbudsnavn: 'Nyt navn' }),
      ]),
      { token: secretariat },
    );
    expect(errorsOf(res)).toEqual(['2:Godkendte pladser:NEGATIVE']);
    expect(await offers().findById('tp-900201').lean()).toEqual(before);
  });

  it('When capacity rows have negative places or more free places than in operation, then those rows are rejected by column and the others stored', async () => {
    await importCsv(h, 'offers', csv(OFFER_HEADER, [offerRow('900301'), offerRow('900302')]), {
      token: secretariat,
    });
    const file = csv(CAPACITY_HEADER, [
      ['900301', '10', '8', '2', '0', '10-03-2026 09:30'],
      ['900302', '-1', '0', '0', '0', '10-03-2026'],
      ['900302', '5', '0', '6', '0', '11-03-2026'],
    ]);
    const res = await importCsv(h, 'capacity', file, { token: secretariat });
    expect(errorsOf(res)).toEqual([
      '3:Pladser i drift:NEGATIVE',
      '4:Ledige pladser:FREE_EXCEEDS_PLACES',
    ]);
    const good = await offers().findById('tp-900301').lean();
    expect(good?.currentCapacity).toMatchObject({ placesInOperation: 10, occupied: 8, free: 2 });
    // 09:30 in Copenhagen in March is 08:30 UTC.
    expect(good?.currentCapacity?.asOf.toISOString()).toBe('2026-03-10T08:30:00.000Z');
    const bad = await offers().findById('tp-900302').lean();
    expect(bad?.capacityHistory ?? []).toEqual([]);
    expect(bad?.currentCapacity ?? null).toBeNull();
  });

  it('When a tariff period overlaps a stored one or another row, then it is rejected at "Gyldig fra" and the stored tariffs stay', async () => {
    await importCsv(h, 'offers', csv(OFFER_HEADER, [offerRow('900401')]), { token: secretariat });
    const first = await importCsv(
      h,
      'tariffs',
      csv(TARIFF_HEADER, [
        ['900401', '', '01-01-2025', '31-12-2025', '2.000,00', '', '95 %', 'Budget 2025'],
      ]),
      { token: secretariat },
    );
    expect(report(first).created).toBe(1);
    const before = await offers().findById('tp-900401').lean();
    const res = await importCsv(
      h,
      'tariffs',
      csv(TARIFF_HEADER, [
        ['900401', '', '01-07-2025', '30-06-2026', '2.100,00', '', '95 %', 'Budget 2025 rev.'],
        ['900401', 'Akutplads', '01-01-2026', '', '2.500,00', '', '95 %', 'Budget 2026'],
        [
          '900401',
          'Akutplads',
          '01-06-2026',
          '31-12-2026',
          '2.600,00',
          '',
          '95 %',
          'Budget 2026 rev.',
        ],
      ]),
      { token: secretariat },
    );
    expect(errorsOf(res)).toEqual([
      '2:Gyldig fra:OVERLAPPING_PERIOD',
      '4:Gyldig fra:OVERLAPPING_PERIOD',
    ]);
    expect(report(res).created).toBe(1);
    const after = await offers().findById('tp-900401').lean();
    expect(after?.tariffs.map((t) => `${t.service} ${t.validFrom}`)).toEqual([
      'Akutplads 2026-01-01',
      'Døgnophold 2025-01-01',
    ]);
    expect(after?.tariffs.find((t) => t.service === 'Døgnophold')).toEqual(before?.tariffs[0]);
  });

  it('When a required column is missing, then the whole file is refused with 422 naming the column, and nothing is stored', async () => {
    const header = OFFER_HEADER.filter((c) => c !== 'Kommunekode');
    const rows = [offerRow('900501').filter((_, i) => OFFER_HEADER[i] !== 'Kommunekode')];
    const res = await importCsv(h, 'offers', csv(header, rows), { token: secretariat });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(report(res).errors).toEqual([
      expect.objectContaining({ row: 1, field: 'Kommunekode', code: 'MISSING_COLUMN' }),
    ]);
    expect(await offers().exists({ _id: 'tp-900501' })).toBeNull();
  });

  it('When the file is empty, then it is refused with 422', async () => {
    const res = await importCsv(h, 'capacity', '', { token: secretariat });
    expect(res.status).toBe(422);
    expect(report(res).errors).toEqual([expect.objectContaining({ row: 1, code: 'EMPTY_FILE' })]);
    const headerOnly = await importCsv(h, 'capacity', csv(CAPACITY_HEADER, []), {
      token: secretariat,
    });
    expect(headerOnly.status).toBe(422);
    expect(report(headerOnly).errors).toEqual([expect.objectContaining({ code: 'NO_ROWS' })]);
  });

  it("When a supplier imports capacity, then only its own offers are touched; another operator's offer is reported as unknown", async () => {
    await importCsv(
      h,
      'offers',
      csv(OFFER_HEADER, [
        offerRow('900601'),
        offerRow('900602', {
          Driftsherretype: 'Kommunal',
          'Driftsherre CVR': '',
          'Driftsherre kommunekode': '265',
        }),
      ]),
      { token: secretariat },
    );
    const supplier = await h.token({ role: 'supplier', organisationId: `cvr-${PROVIDER_A.cvr}` });
    const res = await importCsv(
      h,
      'capacity',
      csv(CAPACITY_HEADER, [
        ['900601', '12', '10', '2', '1', '12-03-2026'],
        ['900602', '12', '0', '12', '0', '12-03-2026'],
      ]),
      { token: supplier },
    );
    expect(errorsOf(res)).toEqual(['3:Tilbudsportalen-id:UNKNOWN_OFFER']);
    expect((await offers().findById('tp-900602').lean())?.currentCapacity ?? null).toBeNull();
    const offersImport = await importCsv(h, 'offers', csv(OFFER_HEADER, [offerRow('900603')]), {
      token: supplier,
    });
    expect(offersImport.status).toBe(403);
  });
  it('When a long import runs, then its progress is told chunk by chunk up to every row, and a dry run tells none', async () => {
    const { files } = generateCsvFiles({ seed: 11, offers: 60, anchorDate: '2026-03-14' });
    const db = h.portal.runtime.db;
    const deps = {
      offers: new OfferRepository(db),
      organisations: new OrganisationRepository(db),
      locks: new OfferLockRepository(db),
      logger: h.portal.runtime.logger,
      now: () => h.clock.now,
    };
    const actor = { userId: 'sek', role: 'secretariat', organisationId: 'mun-253' } as const;
    await runImport(deps, actor, {
      kind: 'organisations',
      bytes: Buffer.from(files.organisations),
      dryRun: false,
    });
    const bytes = Buffer.from(files.capacity);
    const told: [number, number][] = [];
    const dry = await runImport(deps, actor, {
      kind: 'capacity',
      bytes,
      dryRun: true,
      progress: (p, t) => told.push([p, t]),
    });
    expect(told).toEqual([]);
    await runImport(deps, actor, {
      kind: 'offers',
      bytes: Buffer.from(files.offers),
      dryRun: false,
    });
    const result = await runImport(deps, actor, {
      kind: 'capacity',
      bytes,
      dryRun: false,
      chunkSize: 25,
      progress: (p, t) => told.push([p, t]),
    });
    const total = dry.rows;
    expect(result.rejectedRows).toBe(0);
    expect(told.length).toBeGreaterThan(3);
    expect(told.every(([, t]) => t === total)).toBe(true);
    expect(told.map(([p]) => p)).toEqual([...told.map(([p]) => p)].sort((a, b) => a - b));
    expect(told.at(-1)).toEqual([total, total]);
  });
});
