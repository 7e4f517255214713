import {
  capacityByTargetGroup,
  capacityOverTime,
  monthsOf,
  priceDevelopment,
  priceOfYear,
  supplierPriceIndex,
  type MarketOffer,
} from '../../src/market/market.rules';
import { InvalidInputError } from '@rammeaftale/domain';
import { parseMarketFilter } from '../../src/market/market-filter';

const count = (day: string, places: number, occupied: number, waitingList = 0) => ({
  day,
  placesInOperation: places,
  occupied,
  free: places - occupied,
  waitingList,
});

const offer = (id: string, over: Partial<MarketOffer> = {}): MarketOffer => ({
  id,
  name: `Tilbud ${id}`,
  supplierId: 'cvr-1',
  operatorKind: 'private',
  municipalityCode: 253,
  targetGroups: ['autisme'],
  capacity: [],
  tariffs: [],
  ...over,
});

const tariffs = (...yearsAndOre: [number, number][]) =>
  yearsAndOre.map(([year, ore]) => ({
    service: 'Døgnophold',
    validFrom: `${year}-01-01`,
    dailyBasisOre: ore,
  }));

const PL = [
  { year: 2024, plRateBp: 400 },
  { year: 2025, plRateBp: 400 },
  { year: 2026, plRateBp: 300 },
];

describe('capacity over time', () => {
  it('When an operator skips a month, then its last count carries into that month; months before any count are left out', () => {
    const a = offer('a', {
      capacity: [count('2025-01-15', 10, 8, 2), count('2025-03-02', 12, 12, 4)],
    });
    const b = offer('b', { capacity: [count('2025-02-28', 5, 4)] });
    const points = capacityOverTime([a, b], ['2024-12', '2025-01', '2025-02', '2025-03']);
    expect(
      points.map((p) => [
        p.month,
        p.offers,
        p.placesInOperation,
        p.occupied,
        p.free,
        p.waitingList,
      ]),
    ).toEqual([
      ['2025-01', 1, 10, 8, 2, 2],
      ['2025-02', 2, 15, 12, 3, 2],
      ['2025-03', 2, 17, 16, 1, 4],
    ]);
    expect(points[2]!.occupancyPercent).toBe(94.1);
  });

  it('When two counts fall in one month, then the later one is the month’s', () => {
    const a = offer('a', { capacity: [count('2025-05-20', 10, 10), count('2025-05-03', 10, 2)] });
    expect(capacityOverTime([a], ['2025-05'])[0]!.occupied).toBe(10);
  });

  it('When an offer serves two target groups, then it counts in both groups', () => {
    const a = offer('a', {
      targetGroups: ['autisme', 'socialpsykiatri'],
      capacity: [count('2025-01-01', 6, 3)],
    });
    const b = offer('b', { targetGroups: ['autisme'], capacity: [count('2025-01-01', 4, 4, 3)] });
    const rows = capacityByTargetGroup(
      [a, b],
      ['autisme', 'socialpsykiatri', 'krisecentre'],
      '2025-01',
    );
    expect(rows.map((r) => [r.targetGroup, r.offers, r.placesInOperation, r.waitingList])).toEqual([
      ['autisme', 2, 10, 3],
      ['socialpsykiatri', 1, 6, 0],
    ]);
  });

  it('When months are listed, then they run from January of the first year up to the last month only', () => {
    expect(monthsOf(2025, 2026, '2026-02')).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`),
      '2026-01',
      '2026-02',
    ]);
  });
});

describe('price development against P/L', () => {
  it('When prices rise above P/L two years in a row and end above the cumulative P/L, then the offer gets an early warning', () => {
    const d = priceDevelopment(
      offer('a', { tariffs: tariffs([2024, 100_000], [2025, 106_000], [2026, 112_000]) }),
      PL,
      [2024, 2025, 2026],
    )!;
    expect(d.years.map((y) => [y.year, y.increaseBp, y.abovePl, y.index, y.plIndex])).toEqual([
      [2024, null, false, 100, 100],
      [2025, 600, true, 106, 104],
      [2026, 566, true, 112, 107.1],
    ]);
    expect([d.yearsAbovePl, d.longestRunAbovePl, d.aboveCumulativePl, d.earlyWarning]).toEqual([
      2,
      2,
      true,
      true,
    ]);
  });

  it('When an increase equals P/L exactly, then it is not above P/L (exact integers, no rounding)', () => {
    const d = priceDevelopment(
      offer('a', { tariffs: tariffs([2024, 100_000], [2025, 104_000], [2026, 107_120]) }),
      PL,
      [2024, 2025, 2026],
    )!;
    expect(d.years.map((y) => y.abovePl)).toEqual([false, false, false]);
    expect(d.aboveCumulativePl).toBe(false);
    expect(d.earlyWarning).toBe(false);
    const oneOreMore = priceDevelopment(
      offer('b', { tariffs: tariffs([2024, 100_000], [2025, 104_001]) }),
      PL,
      [2024, 2025],
    )!;
    expect(oneOreMore.years[1]!.abovePl).toBe(true);
  });

  it('When a big rise in one year is followed by a fall, then there is no early warning (not year after year)', () => {
    const d = priceDevelopment(
      offer('a', { tariffs: tariffs([2024, 100_000], [2025, 115_000], [2026, 116_000]) }),
      PL,
      [2024, 2025, 2026],
    )!;
    expect(d.longestRunAbovePl).toBe(1);
    expect(d.aboveCumulativePl).toBe(true);
    expect(d.earlyWarning).toBe(false);
  });

  it('When the year has a tariff from a later date than 1 January, then the period in force on 1 January is the year’s; a year with none takes its first period', () => {
    const o = offer('a', {
      tariffs: [
        { service: 'Døgnophold', validFrom: '2024-03-01', dailyBasisOre: 90_000 },
        { service: 'Døgnophold', validFrom: '2025-07-01', dailyBasisOre: 99_000 },
        { service: 'Akutplads', validFrom: '2025-01-01', dailyBasisOre: 150_000 },
      ],
    });
    expect([
      priceOfYear(o, 2024),
      priceOfYear(o, 2025),
      priceOfYear(o, 2026),
      priceOfYear(o, 2023),
    ]).toEqual([90_000, 90_000, 99_000, undefined]);
  });

  it('When suppliers are compared, then each year holds the mean of their offers’ indices', () => {
    const a = priceDevelopment(
      offer('a', { tariffs: tariffs([2024, 100_000], [2025, 110_000]) }),
      PL,
      [2024, 2025],
    )!;
    const b = priceDevelopment(
      offer('b', { tariffs: tariffs([2024, 200_000], [2025, 204_000]) }),
      PL,
      [2024, 2025],
    )!;
    expect(supplierPriceIndex([a, b]).find((r) => r.year === 2025)).toEqual({
      supplierId: 'cvr-1',
      year: 2025,
      offers: 2,
      index: 106,
      plIndex: 104,
    });
  });
});

describe('the market data filter', () => {
  it('When nothing is chosen, then it runs from 2024 to this year in all municipalities; empty fields mean all', () => {
    expect(parseMarketFilter({ kommune: '', maalgruppe: '' }, 2026)).toEqual({
      fromYear: 2024,
      toYear: 2026,
    });
    expect(
      parseMarketFilter({ fra: '2025', til: '2025', kommune: '253', maalgruppe: 'autisme' }, 2026),
    ).toEqual({
      fromYear: 2025,
      toYear: 2025,
      municipalityCode: 253,
      targetGroup: 'autisme',
    });
  });

  it('When a municipality outside the agreement, an unknown target group or a backwards range is asked for, then it is refused by field', () => {
    expect(() => parseMarketFilter({ kommune: '101' }, 2026)).toThrow(InvalidInputError);
    expect(() => parseMarketFilter({ maalgruppe: 'x' }, 2026)).toThrow(InvalidInputError);
    expect(() => parseMarketFilter({ fra: '2026', til: '2025' }, 2026)).toThrow(InvalidInputError);
  });
});
