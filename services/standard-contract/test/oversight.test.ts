/**
 * Oversight across municipalities (issue 14): the secretariat's list of every tariff change with
 * filters and pages, the reports to the supervising authorities (each authority only its own) and
 * their documents, and the meeting pack — whose figures are checked against a computation made
 * here from the announcements this file makes, not by the service's code.
 */
import {
  POLICY_2025,
  POLICY_2026,
  activeContract,
  answer,
  as,
  offerId,
  pdfText,
  startContracts,
  type Announced,
  type ContractsHarness,
} from './support';
import type {
  AuthorityReportPage,
  AuthorityReportRow,
  MeetingPackView,
  PolicyUsageView,
  TariffChangePage,
} from '@rammeaftale/service-api';

jest.setTimeout(180_000);

let h: ContractsHarness;

type Supplier = 'supplier' | 'otherSupplier';
type Kind = 'private' | 'municipal';
interface OfferCase {
  id: string;
  name: string;
  supplier: Supplier;
  kind: Kind;
  authority: string;
  buyer: 'greve' | 'koege' | 'roskilde';
}

const OFFERS = {
  p1: {
    name: 'Opholdsstedet Lærken',
    supplier: 'supplier',
    kind: 'private',
    authority: 'Socialtilsyn Øst',
    buyer: 'greve',
  },
  p2: {
    name: 'Bostedet Egely',
    supplier: 'supplier',
    kind: 'private',
    authority: 'Socialtilsyn Øst',
    buyer: 'koege',
  },
  m1: {
    name: 'Kommunens bosted Fjorden',
    supplier: 'otherSupplier',
    kind: 'municipal',
    authority: 'Socialtilsyn Øst',
    buyer: 'roskilde',
  },
  s1: {
    name: 'Bocentret Syd',
    supplier: 'otherSupplier',
    kind: 'private',
    authority: 'Socialtilsyn Syd',
    buyer: 'greve',
  },
} as const;
type OfferKey = keyof typeof OFFERS;
const offer = {} as Record<OfferKey, OfferCase>;

const SUPPLIER_IDS: Record<Supplier, string> = {
  supplier: 'provider-solhaven',
  otherSupplier: 'provider-andet',
};
const BASE_ORE = 100_000;

/** The announcements, in order per offer; each measured against the unchanged contract price. */
const ANNOUNCED: [OfferKey, string, number][] = [
  ['p1', '2025-04-01', 109_000],
  ['p1', '2025-07-01', 106_000],
  ['p1', '2026-02-01', 105_000],
  ['p2', '2025-08-01', 103_000],
  ['m1', '2025-09-01', 106_000],
  ['m1', '2026-01-15', 108_000],
  ['s1', '2025-10-01', 110_000],
];
const changeIds: string[] = [];

beforeAll(async () => {
  h = await startContracts();
  h.portal.setPolicies([POLICY_2025, POLICY_2026]);
  for (const [key, o] of Object.entries(OFFERS) as [OfferKey, (typeof OFFERS)[OfferKey]][]) {
    offer[key] = { ...o, id: offerId(key) };
    await activeContract(h, {
      buyer: o.buyer,
      supplier: o.supplier,
      dailyBasisTariffOre: BASE_ORE,
      offer: {
        offerId: offer[key].id,
        name: o.name,
        operatorKind: o.kind,
        supervisingAuthority: o.authority,
      },
    });
  }
  for (const [key, effectiveFrom, ore] of ANNOUNCED) {
    const res = await answer<Announced>(
      as(h, offer[key].supplier).post('/tariff-changes', {
        offerId: offer[key].id,
        effectiveFrom,
        dailyBasisTariffOre: ore,
        reason: 'Lønstigninger',
      }),
    );
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    changeIds.push(res.body.change.id);
  }
});

afterAll(() => h.svc.close());

/** The meeting pack as the test computes it from ANNOUNCED and the two years' policy values. */
function expectedPack(from: string, to: string, authority?: string) {
  const rows = ANNOUNCED.map(([key, day, ore], i) => {
    const o = offer[key];
    const policy = day >= POLICY_2026.effectiveFrom ? POLICY_2026 : POLICY_2025;
    const bp = ((ore - BASE_ORE) * 10_000) / BASE_ORE;
    const threshold =
      o.kind === 'private' ? policy.privateReportThresholdBp : policy.publicReportThresholdBp;
    return { o, day, id: changeIds[i]!, bp, pl: policy.plRateBp, year: policy.year, threshold };
  }).filter((r) => r.day >= from && r.day <= to && (!authority || r.o.authority === authority));
  const tally = (rs: typeof rows) => {
    let abovePl = 0;
    let aboveThreshold = 0;
    let max = 0;
    let overPl = 0;
    for (const r of rs) {
      if (r.bp > r.pl) abovePl++;
      if (r.bp > r.threshold) aboveThreshold++;
      if (r.bp > max) max = r.bp;
      overPl += r.bp - r.pl;
    }
    return {
      changes: rs.length,
      abovePl,
      aboveThreshold,
      maxIncreaseBp: max,
      meanAbovePlBp: Math.round(overPl / rs.length),
    };
  };
  const offers = [...new Set(rows.map((r) => r.o))].map((o) => ({
    offerId: o.id,
    offerName: o.name,
    supplierId: SUPPLIER_IDS[o.supplier],
    ...tally(rows.filter((r) => r.o === o)),
  }));
  const suppliers = [...new Set(rows.map((r) => r.o.supplier))].map((s) => ({
    supplierId: SUPPLIER_IDS[s],
    ...tally(rows.filter((r) => r.o.supplier === s)),
  }));
  const years = [...new Set(rows.map((r) => r.year))].sort().map((year) => {
    const rs = rows.filter((r) => r.year === year);
    return {
      year,
      changes: rs.length,
      aboveReport: rs.filter((r) => r.bp > r.threshold).length,
      meanIncreaseBp: Math.round(rs.reduce((n, r) => n + r.bp, 0) / rs.length),
    };
  });
  return { rows, offers, suppliers, years };
}

const byDesc = <T extends { aboveThreshold: number; abovePl: number; maxIncreaseBp: number }>(
  a: T,
  b: T,
) =>
  b.aboveThreshold - a.aboveThreshold || b.abovePl - a.abovePl || b.maxIncreaseBp - a.maxIncreaseBp;

describe('the meeting pack', () => {
  it('When the secretariat asks for a period, then every figure equals the computation over the announcements of that period', async () => {
    const [from, to] = ['2025-06-01', '2026-03-31'];
    const res = await answer<MeetingPackView>(
      as(h, 'secretariat').get(`/analytics/meeting-pack?from=${from}&to=${to}`),
    );
    expect(res.status).toBe(200);
    const want = expectedPack(from, to);
    const pack = res.body;
    expect(pack.totals).toEqual({
      changes: want.rows.length,
      contracts: want.rows.length,
      abovePl: want.rows.filter((r) => r.bp > r.pl).length,
      aboveThreshold: want.rows.filter((r) => r.bp > r.threshold).length,
    });
    expect(pack.offers.map(({ supplierName: _s, ...r }) => r)).toEqual(
      [...want.offers].sort(byDesc),
    );
    expect(pack.suppliers.map(({ supplierName: _s, ...r }) => r)).toEqual(
      [...want.suppliers].sort(byDesc),
    );
    expect(
      pack.years.map((y) => ({
        year: y.year,
        changes: y.changes,
        aboveReport: y.bands.above_report_threshold,
        meanIncreaseBp: y.meanIncreaseBp,
      })),
    ).toEqual(want.years);
    expect(pack.years.map((y) => y.plRateBp)).toEqual([POLICY_2025.plRateBp, POLICY_2026.plRateBp]);
    expect(pack.points.map((p) => [p.changeId, p.increaseBp]).sort()).toEqual(
      want.rows.map((r) => [r.id, r.bp]).sort(),
    );
    // The change of 1 April 2025 lies before the period.
    expect(pack.points.map((p) => p.changeId)).not.toContain(changeIds[0]);
  });

  it('When Socialtilsyn Øst asks, then its pack holds only the offers it supervises; Syd sees only its own; a municipality is refused', async () => {
    const q = '/analytics/meeting-pack?from=2025-01-01&to=2026-12-31';
    const oest = await answer<MeetingPackView>(as(h, 'authority').get(q));
    const want = expectedPack('2025-01-01', '2026-12-31', 'Socialtilsyn Øst');
    expect(oest.body.offers.map((o) => [o.offerId, o.changes, o.aboveThreshold])).toEqual(
      [...want.offers].sort(byDesc).map((o) => [o.offerId, o.changes, o.aboveThreshold]),
    );
    const syd = await answer<MeetingPackView>(as(h, 'otherAuthority').get(q));
    expect(syd.body.offers.map((o) => o.offerId)).toEqual([offer.s1.id]);
    expect((await as(h, 'unknownAuthority').get(q)).body).toMatchObject({ offers: [] });
    expect((await as(h, 'greve').get(q)).status).toBe(403);
    expect((await as(h, 'supplier').get(q)).status).toBe(403);
  });

  it('When no period is given, then it is the half year up to today; a reversed period is refused by field', async () => {
    const res = await answer<MeetingPackView>(as(h, 'secretariat').get('/analytics/meeting-pack'));
    const today = new Date().toISOString().slice(0, 10);
    // Six months back, on the same day or the month's last day when that day does not exist.
    const [y, m, d] = today.split('-').map(Number) as [number, number, number];
    const month = m > 6 ? m - 6 : m + 6;
    const year = m > 6 ? y : y - 1;
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const from = `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
    expect([res.body.from, res.body.to]).toEqual([from, today]);
    const reversed = await as(h, 'secretariat').get(
      '/analytics/meeting-pack?from=2026-01-01&to=2025-01-01',
    );
    expect(reversed.status).toBe(400);
    expect(reversed.text).toContain('period_reversed');
  });

  it('When the pack is exported, then each table is a CSV with one row per offer, supplier or year', async () => {
    const res = await as(h, 'secretariat').get(
      '/analytics/meeting-pack?from=2025-06-01&to=2026-03-31&format=csv&table=offers',
    );
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^periode_fra;periode_til;tilbud_id;tilbud;/);
    expect(lines).toHaveLength(1 + 4);
    expect(lines[1]).toContain(offer.p1.id);
    const years = await as(h, 'secretariat').get(
      '/analytics/meeting-pack?from=2025-06-01&to=2026-03-31&format=csv&table=years',
    );
    expect(years.text.trim().split('\r\n')).toHaveLength(3);
  });
});

describe('the secretariat’s tariff changes across every municipality', () => {
  const list = (q: string) =>
    answer<TariffChangePage>(as(h, 'secretariat').get(`/oversight/tariff-changes?${q}`));

  it('When the secretariat filters, then each filter keeps the matching changes and the total counts them all', async () => {
    expect((await list('')).body.total).toBe(ANNOUNCED.length);
    const reported = await list('band=above_report_threshold');
    expect(reported.body.items.map((c) => c.id).sort()).toEqual(
      [0, 1, 2, 5, 6].map((i) => changeIds[i]).sort(),
    );
    const municipal = await list('operatorKind=municipal');
    expect(municipal.body.items.map((c) => c.offer.offerId)).toEqual([offer.m1.id, offer.m1.id]);
    const period = await list('from=2026-01-01&to=2026-12-31');
    expect(period.body.items.map((c) => c.effectiveFrom)).toEqual(['2026-02-01', '2026-01-15']);
    const awaiting = await list('decisionStatus=awaiting_approval');
    expect(awaiting.body.items.map((c) => c.id).sort()).toEqual(
      changeIds.filter((_, i) => i !== 3).sort(),
    );
    const supplier = await list(`supplierId=provider-andet&offerId=${offer.s1.id}`);
    expect(supplier.body.items.map((c) => c.id)).toEqual([changeIds[6]]);
    const search = await list(`q=${encodeURIComponent('lærken')}`);
    expect(search.body.items).toHaveLength(3);
    expect(search.body.items[0]).toMatchObject({
      supplierId: 'provider-solhaven',
      band: 'above_report_threshold',
      policyYear: 2026,
    });
    const regex = await list(`q=${encodeURIComponent('.*')}`);
    expect(regex.body.total).toBe(0);
  });

  it('When the list is paged, then the pages hold every change once, newest effective date first', async () => {
    const pages = [
      await list('pageSize=3&page=1'),
      await list('pageSize=3&page=2'),
      await list('pageSize=3&page=3'),
    ];
    const days = pages.flatMap((p) => p.body.items.map((c) => c.effectiveFrom));
    expect(days).toEqual(
      ANNOUNCED.map(([, d]) => d)
        .sort()
        .reverse(),
    );
    expect(pages.map((p) => p.body.items.length)).toEqual([3, 3, 1]);
  });

  it('When anyone but the secretariat asks, then it is refused', async () => {
    for (const who of ['greve', 'supplier', 'authority', 'operator'] as const) {
      expect((await as(h, who).get('/oversight/tariff-changes')).status).toBe(403);
      expect((await as(h, who).get('/oversight/policy-usage')).status).toBe(403);
    }
  });

  it('When the secretariat asks which policy years are in use, then each year counts the changes measured against it and their decisions', async () => {
    const res = await answer<PolicyUsageView>(as(h, 'secretariat').get('/oversight/policy-usage'));
    expect(res.status).toBe(200);
    // One running contract per offer here: one decision per change.
    const of2026 = ANNOUNCED.filter(([, day]) => day >= POLICY_2026.effectiveFrom).length;
    const of2025 = ANNOUNCED.length - of2026;
    expect(res.body.items).toEqual([
      { year: POLICY_2025.year, changes: of2025, decisions: of2025 },
      { year: POLICY_2026.year, changes: of2026, decisions: of2026 },
    ]);
  });
});

describe('the reports to the supervising authorities', () => {
  const reports = (who: Parameters<typeof as>[1], q = '') =>
    answer<AuthorityReportPage>(as(h, who).get(`/authority-reports${q}`));
  const oestReports = [0, 1, 2, 5];

  it('When Socialtilsyn Øst lists its reports, then it sees those addressed to it, newest first, with their figures; Syd sees only its own', async () => {
    const oest = await reports('authority');
    expect(oest.status).toBe(200);
    expect(oest.body.items.map((r) => r.changeId).sort()).toEqual(
      oestReports.map((i) => changeIds[i]).sort(),
    );
    expect(new Set(oest.body.items.map((r) => r.authority))).toEqual(new Set(['Socialtilsyn Øst']));
    const times = oest.body.items.map((r) => new Date(r.createdAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const first = oest.body.items.find((r) => r.changeId === changeIds[0])!;
    expect(first).toMatchObject({
      authoritySlug: 'socialtilsyn-oest',
      status: 'pending',
      policy: { year: 2025, plRateBp: 400, thresholdBp: 500 },
      contracts: [{ currentDailyOre: 100_000, newDailyOre: 109_000, increasePercent: '9,00 %' }],
    });
    const syd = await reports('otherAuthority');
    expect(syd.body.items.map((r) => r.changeId)).toEqual([changeIds[6]]);
    expect((await reports('unknownAuthority')).body.items).toEqual([]);
    expect((await reports('secretariat')).body.total).toBe(5);
  });

  it('When the reports are filtered by supplier or period, then only those match', async () => {
    const andet = await reports('authority', '?supplierId=provider-andet');
    expect(andet.body.items.map((r) => r.changeId)).toEqual([changeIds[5]]);
    const future = await reports('secretariat', '?from=2999-01-01');
    expect(future.body.total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await reports('secretariat', `?from=${today}&to=${today}`)).body.total).toBe(5);
  });

  it('When the addressed authority opens a report, then its PDF, CSV and JSON are served; another authority and a municipality get nothing', async () => {
    const path = `/authority-reports/${changeIds[1]}/socialtilsyn-oest`;
    const one = await answer<AuthorityReportRow>(as(h, 'authority').get(path));
    expect(one.body).toMatchObject({ changeId: changeIds[1], offer: { offerId: offer.p1.id } });
    const pdf = await as(h, 'authority')
      .get(`${path}/pdf`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(await pdfText(pdf.body as Buffer)).toContain('Indberetningsskema');
    const csv = await as(h, 'secretariat').get(`${path}/csv`);
    expect(csv.text).toContain(offer.p1.id);
    const json = await as(h, 'authority').get(`${path}/json`);
    expect(JSON.parse(json.text)).toMatchObject({ authority: 'Socialtilsyn Øst' });
    for (const suffix of ['', '/pdf', '/json']) {
      expect((await as(h, 'otherAuthority').get(`${path}${suffix}`)).status).toBe(404);
      expect((await as(h, 'greve').get(`${path}${suffix}`)).status).toBe(403);
    }
    expect(
      (await as(h, 'authority').get(`/authority-reports/${changeIds[6]}/socialtilsyn-syd`)).status,
    ).toBe(404);
    expect(
      (await as(h, 'authority').get(`/authority-reports/${changeIds[3]}/socialtilsyn-oest`)).status,
    ).toBe(404);
  });
});
