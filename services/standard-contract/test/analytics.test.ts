/**
 * Market data for the secretariat and the supervisory authority, on changes and contracts made
 * through the API in this file's own database: frequency of increases above the thresholds per
 * offer and supplier, their distribution against P/L per year, purchase volume per supplier;
 * each as JSON and CSV, each scoped to what the caller may see.
 */
import {
  POLICY_2025,
  POLICY_2026,
  activeContract,
  as,
  offerId,
  startContracts,
  type ContractsHarness,
} from './support';

jest.setTimeout(120_000);

let h: ContractsHarness;
const offers = { x: offerId('x'), y: offerId('y'), z: offerId('z') };

const announce = (
  who: 'supplier' | 'otherSupplier',
  offer: string,
  effectiveFrom: string,
  dailyBasisTariffOre: number,
) =>
  as(h, who).post('/tariff-changes', {
    offerId: offer,
    effectiveFrom,
    dailyBasisTariffOre,
    reason: 'Lønstigninger',
  });

beforeAll(async () => {
  h = await startContracts();
  h.portal.setPolicies([POLICY_2025, POLICY_2026]);
  await activeContract(h, { offer: { offerId: offers.x, name: 'Bostedet X' }, buyer: 'greve' });
  await activeContract(h, { offer: { offerId: offers.y, name: 'Bostedet Y' }, buyer: 'koege' });
  await activeContract(h, {
    supplier: 'otherSupplier',
    buyer: 'roskilde',
    offer: {
      offerId: offers.z,
      name: 'Kommunens bosted Z',
      operatorKind: 'municipal',
      supervisingAuthority: 'Socialtilsyn Syd',
    },
    dailyBasisTariffOre: 200_000,
  });
  const results = [
    await announce('supplier', offers.x, '2025-07-01', 104_000), // within P/L: applied
    await announce('supplier', offers.y, '2025-08-01', 106_000), // 6 % private: reported
    await announce('otherSupplier', offers.z, '2025-09-01', 209_000), // 4,5 % public: above P/L
    await announce('supplier', offers.y, '2026-02-01', 107_000), // 7 % against 2026's 4,5 %
  ];
  expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
});

afterAll(() => h.svc.close());

type YearRow = {
  year: number;
  plRatesBp: number[];
  bands: { band: string; changes: number; contracts: number }[];
};

type Row = {
  offerId?: string;
  supplierId: string;
  announced: number;
  abovePl: number;
  reported: number;
};

describe('which offers and suppliers most often announce large increases', () => {
  it('When the secretariat asks per offer, then the offers with reported increases come first', async () => {
    const res = await as(h, 'secretariat').get('/analytics/tariff-increases?by=offer');
    expect(res.status).toBe(200);
    expect((res.body as Row[]).map((r) => [r.offerId, r.announced, r.abovePl, r.reported])).toEqual(
      [
        [offers.y, 2, 2, 2],
        [offers.z, 1, 1, 0],
        [offers.x, 1, 0, 0],
      ],
    );
    expect((res.body as Row[])[0]).toMatchObject({
      offerName: 'Bostedet Y',
      supplierName: 'Bostedet Solhaven ApS',
    });
    const y2025 = await as(h, 'secretariat').get('/analytics/tariff-increases?by=offer&year=2025');
    expect((y2025.body as Row[]).find((r) => r.offerId === offers.y)).toMatchObject({
      announced: 1,
      reported: 1,
    });
  });

  it('When the secretariat asks per supplier, then each supplier is one row', async () => {
    const res = await as(h, 'secretariat').get('/analytics/tariff-increases?by=supplier');
    expect(
      (res.body as Row[]).map((r) => [r.supplierId, r.announced, r.abovePl, r.reported]),
    ).toEqual([
      ['provider-solhaven', 3, 2, 2],
      ['provider-andet', 1, 1, 0],
    ]);
  });

  it('When an authority asks, then it sees only the offers it supervises; an authority not configured sees nothing', async () => {
    const oest = await as(h, 'authority').get('/analytics/tariff-increases?by=offer');
    expect((oest.body as Row[]).map((r) => r.offerId).sort()).toEqual([offers.x, offers.y].sort());
    const syd = await as(h, 'otherAuthority').get('/analytics/tariff-increases?by=offer');
    expect((syd.body as Row[]).map((r) => r.offerId)).toEqual([offers.z]);
    const unknown = await as(h, 'unknownAuthority').get('/analytics/tariff-increases');
    expect(unknown.body).toEqual([]);
  });

  it('When the table is exported, then it is a CSV file for spreadsheets with one row per offer', async () => {
    const res = await as(h, 'secretariat')
      .get('/analytics/tariff-increases?by=offer&format=csv')
      .buffer(true)
      .parse((r, cb) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (text += c));
        r.on('end', () => cb(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="takststigninger-pr-tilbud.csv"',
    );
    const lines = (res.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'tilbud_id;tilbud;leverandoer_id;leverandoer;varslede_aendringer;over_pl;indberettede',
    );
    expect(lines[1]).toBe(`${offers.y};Bostedet Y;provider-solhaven;Bostedet Solhaven ApS;2;2;2`);
    expect(lines).toHaveLength(4);
  });
});

describe('distribution against P/L by year', () => {
  it('When the secretariat asks, then each year shows its P/L rate and how many changes and contracts fell in each band', async () => {
    const res = await as(h, 'secretariat').get('/analytics/tariff-increases/distribution');
    expect(res.status).toBe(200);
    const counts = (year: number) =>
      Object.fromEntries(
        (res.body as YearRow[]).find((y) => y.year === year)!.bands.map((b) => [b.band, b.changes]),
      );
    expect((res.body as YearRow[]).map((y) => [y.year, y.plRatesBp])).toEqual([
      [2025, [400]],
      [2026, [300]],
    ]);
    expect(counts(2025)).toEqual({
      decrease_or_unchanged: 0,
      within_pl: 1,
      above_pl: 1,
      above_report_threshold: 1,
    });
    expect(counts(2026)).toMatchObject({ above_report_threshold: 1, within_pl: 0 });
    const csv = await as(h, 'authority').get('/analytics/tariff-increases/distribution?format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain(
      '2025;above_report_threshold;Over indberetningsgrænsen (indberettet);1;1',
    );
    expect(csv.text).not.toContain('2025;above_pl;Over P/L, under indberetningsgrænsen;1'); // Syd's offer
  });
});

describe('purchase volume per supplier', () => {
  it('When the secretariat asks for 2025, then each supplier’s contracts count at the prices in force on each day', async () => {
    const res = await as(h, 'secretariat').get('/analytics/purchase-volume?year=2025');
    expect(res.status).toBe(200);
    // Solhaven: X 1.000 kr. for 122 days, then 1.040 kr. for 184 days; Y 1.000 kr. for 306 days
    // (the 6 % awaits Køge). Andet: Z 2.000 kr. for 306 days (4,5 % awaits Roskilde).
    expect(res.body).toEqual([
      {
        supplierId: 'provider-solhaven',
        supplierName: 'Bostedet Solhaven ApS',
        contracts: 2,
        placementDays: 612,
        volumeOre: 122 * 100_000 + 184 * 104_000 + 306 * 100_000,
        volume: '619.360,00 kr.',
      },
      {
        supplierId: 'provider-andet',
        supplierName: 'Bocentret Andet A/S',
        contracts: 1,
        placementDays: 306,
        volumeOre: 306 * 200_000,
        volume: '612.000,00 kr.',
      },
    ]);
    const syd = await as(h, 'otherAuthority').get(
      '/analytics/purchase-volume?year=2025&format=csv',
    );
    expect(syd.text).toContain(
      '2025;provider-andet;Bocentret Andet A/S;1;306;61200000;612.000,00 kr.',
    );
    expect(syd.text).not.toContain('solhaven');
  });

  it('When a case worker, a supplier or an operator asks for market data, then 403', async () => {
    for (const who of ['greve', 'supplier', 'operator'] as const)
      for (const path of [
        '/analytics/tariff-increases',
        '/analytics/tariff-increases/distribution',
        '/analytics/purchase-volume',
      ])
        expect([who, path, (await as(h, who).get(path)).status]).toEqual([who, path, 403]);
  });
});
