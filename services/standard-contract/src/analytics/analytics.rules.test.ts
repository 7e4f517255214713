import { priceRecord } from '../contracts/contract.rules';
import { toCsv } from '../common/csv';
import { contractVolume, purchaseVolumeBySupplier, type VolumeContract } from './analytics.rules';

const by = { userId: 'u', role: 'service', organisationId: 'o' };
const price = (validFrom: string, dailyOre: number) => ({
  validFrom,
  price: priceRecord({ dailyBasisTariffOre: dailyOre, tariffYear: 2025 }),
  source: 'contract' as const,
  recordedAt: new Date(),
  recordedBy: by,
});

function c(
  id: string,
  supplier: string,
  history: ReturnType<typeof price>[],
  opts: { activatedOn?: string; endsOn?: string } = {},
): VolumeContract {
  return {
    id,
    status: opts.endsOn ? 'terminated' : 'active',
    supplier: { organisationId: supplier, name: supplier.toUpperCase(), contact: { email: 'x@y' } },
    startDate: history[0]!.validFrom,
    activatedOn: opts.activatedOn ?? history[0]!.validFrom,
    priceHistory: history,
    ...(opts.endsOn ? { termination: { effectiveDate: opts.endsOn } } : {}),
  } as VolumeContract;
}

describe('purchase volume', () => {
  it('When the price changes during the year, then each price counts for the days it applied, both ends included', () => {
    const v = contractVolume(
      c('c-1', 'p', [price('2025-03-01', 100_000), price('2025-07-01', 104_000)]),
      2025,
    );
    // 1 March – 30 June: 122 days; 1 July – 31 December: 184 days.
    expect(v).toEqual({ days: 306, ore: 122 * 100_000 + 184 * 104_000 });
  });

  it('When a contract started before the year, ends during it, or falls in a leap year, then only its days in the year count', () => {
    const old = c('c-2', 'p', [price('2023-05-01', 100_000)], { endsOn: '2024-03-31' });
    expect(contractVolume(old, 2024)).toEqual({ days: 91, ore: 91 * 100_000 }); // 31 + 29 + 31
    expect(contractVolume(old, 2025)).toEqual({ days: 0, ore: 0 });
    expect(contractVolume(old, 2022)).toEqual({ days: 0, ore: 0 });
    const later = c('c-3', 'p', [price('2025-03-01', 100_000)], { activatedOn: '2025-04-01' });
    expect(contractVolume(later, 2025).days).toBe(275);
  });

  it('When suppliers are compared, then the largest volume comes first with its contracts and days', () => {
    const rows = purchaseVolumeBySupplier(
      [
        c('a', 'small', [price('2025-01-01', 50_000)]),
        c('b', 'big', [price('2025-01-01', 100_000)]),
        c('d', 'big', [price('2025-07-01', 100_000)]),
        c('e', 'gone', [price('2020-01-01', 100_000)], { endsOn: '2021-01-31' }),
      ],
      2025,
    );
    expect(rows.map((r) => [r.supplierId, r.contracts, r.placementDays, r.volume])).toEqual([
      ['big', 2, 365 + 184, '549.000,00 kr.'],
      ['small', 1, 365, '182.500,00 kr.'],
    ]);
  });
});

describe('CSV', () => {
  it('When values hold separators, quotes or look like formulas, then they are quoted and neutralised', () => {
    const csv = toCsv(
      ['a', 'b', 'c', 'd'],
      [
        ['x;y', 'sagde "hej"', '=HYPERLINK("x")', -5],
        [true, null, 'Ærø', 1.5],
      ],
    );
    expect(csv.startsWith('\uFEFFa;b;c;d\r\n')).toBe(true);
    expect(csv).toContain('"x;y";"sagde ""hej""";"\'=HYPERLINK(""x"")";-5\r\n');
    expect(csv).toContain('ja;;Ærø;1.5\r\n');
  });
});
