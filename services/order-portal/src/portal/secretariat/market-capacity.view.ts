import type { capacityMarketData } from '../../market/market-data.use-case';
import { filterQuery } from '../../market/market-filter';
import type { CapacityPoint, TargetGroupCapacity } from '../../market/market.rules';
import type { DataColumn } from '../kit/csv';
import { chartFigure, type ChartOptions } from '../kit/charts';
import { decimal } from '../kit/format';
import { h } from '../kit/html';
import { targetGroupName } from '../kit/labels';
import type { Page } from '../kit/page';
import { marketFilterForm, marketNav, selectionText } from './market-filter.view';
import { danishMonth } from '@rammeaftale/domain';

type CapacityData = Awaited<ReturnType<typeof capacityMarketData>>;

/** "2025-03" → "marts 2025". */
export const monthName = (month: string): string => danishMonth(month);

type MonthRow = CapacityPoint & { date: string; label: string };

/** The counts of a capacity row as table (and CSV) columns, after the row's own first column. */
const countColumns = <R extends Omit<CapacityPoint, 'month'>>(): DataColumn<R>[] => [
  { title: 'Tilbud', value: (r) => r.offers, numeric: true },
  { title: 'Pladser i drift', value: (r) => r.placesInOperation, numeric: true },
  { title: 'Belagte', value: (r) => r.occupied, numeric: true },
  { title: 'Ledige', value: (r) => r.free, numeric: true },
  { title: 'Venteliste', value: (r) => r.waitingList, numeric: true },
  { title: 'Belægning (%)', value: (r) => r.occupancyPercent, numeric: true },
];
type MeasureRow = { date: string; label: string; measure: string; count: number };
type GroupRow = TargetGroupCapacity & { group: string };

const PATH = '/markedsdata/kapacitet';

function groupFigure(data: CapacityData, groups: GroupRow[], q: string): ChartOptions<GroupRow> {
  const selection = selectionText(data.filter);
  const mostWaiting = [...groups].sort((a, b) => b.waitingList - a.waitingList)[0];
  return {
    id: 'maalgrupper',
    title: data.lastMonth
      ? `Ledige pladser pr. målgruppe, ${monthName(data.lastMonth)}`
      : 'Ledige pladser pr. målgruppe',
    summary: mostWaiting
      ? `Ledige pladser i hver målgruppe ved udgangen af den seneste måned, ${selection}. Længst venteliste: ${mostWaiting.group} med ${mostWaiting.waitingList}. Et tilbud til flere målgrupper tæller med i hver af dem.`
      : 'Der er ingen kapacitetsoptællinger i det valgte udsnit.',
    mark: 'bar',
    x: { field: 'group', title: 'Målgruppe', type: 'nominal', sort: '-y' },
    y: { field: 'free', title: 'Ledige pladser', type: 'quantitative' },
    rows: groups,
    columns: [{ title: 'Målgruppe', value: (r) => r.group }, ...countColumns<GroupRow>()],
    csvHref: `${PATH}.csv?figur=maalgrupper&${q}`,
    empty: 'Der er ingen kapacitetsoptællinger i det valgte udsnit.',
  };
}

/** The figures of the capacity page; the CSV route draws the same rows (`?figur=<id>`). */
export function capacityFigures(data: CapacityData) {
  const q = filterQuery(data.filter);
  const months: MonthRow[] = data.series.map((p) => ({
    ...p,
    date: `${p.month}-01`,
    label: monthName(p.month),
  }));
  const last = data.series.at(-1);
  const measures: MeasureRow[] = months.flatMap((m) => [
    { date: m.date, label: m.label, measure: 'Ledige pladser', count: m.free },
    { date: m.date, label: m.label, measure: 'På venteliste', count: m.waitingList },
  ]);
  const groups: GroupRow[] = data.byTargetGroup.map((g) => ({
    ...g,
    group: targetGroupName(g.targetGroup),
  }));
  const selection = selectionText(data.filter);
  const occupancy: ChartOptions<MonthRow> = {
    id: 'belaegning',
    title: 'Belægning over tid',
    summary: last
      ? `Belagte pladser i procent af pladser i drift ved hver måneds udgang, ${selection}. I ${monthName(last.month)} var ${last.occupied} af ${last.placesInOperation} pladser i drift belagt (${decimal(last.occupancyPercent)} %) i ${last.offers} tilbud.`
      : `Der er ingen kapacitetsoptællinger ${selection}.`,
    mark: 'line',
    x: { field: 'date', title: 'Måned', type: 'temporal', format: '%b %Y' },
    y: { field: 'occupancyPercent', title: 'Belægning (%)', type: 'quantitative' },
    rows: months,
    columns: [{ title: 'Måned', value: (r) => r.label }, ...countColumns<MonthRow>()],
    csvHref: `${PATH}.csv?figur=belaegning&${q}`,
    empty: 'Der er ingen kapacitetsoptællinger i det valgte udsnit.',
  };
  const freeAndWaiting: ChartOptions<MeasureRow> = {
    id: 'ledige-og-venteliste',
    title: 'Ledige pladser og venteliste over tid',
    summary: last
      ? `Ledige pladser og borgere på venteliste ved hver måneds udgang, ${selection}. I ${monthName(last.month)}: ${last.free} ledige pladser og ${last.waitingList} på venteliste.`
      : `Der er ingen kapacitetsoptællinger ${selection}.`,
    mark: 'line',
    x: { field: 'date', title: 'Måned', type: 'temporal', format: '%b %Y' },
    y: { field: 'count', title: 'Antal', type: 'quantitative' },
    color: { field: 'measure', title: 'Mål', type: 'nominal' },
    rows: measures,
    columns: [
      { title: 'Måned', value: (r) => r.label },
      { title: 'Mål', value: (r) => r.measure },
      { title: 'Antal', value: (r) => r.count, numeric: true },
    ],
    csvHref: `${PATH}.csv?figur=ledige-og-venteliste&${q}`,
    empty: 'Der er ingen kapacitetsoptællinger i det valgte udsnit.',
  };
  return {
    belaegning: occupancy,
    'ledige-og-venteliste': freeAndWaiting,
    maalgrupper: groupFigure(data, groups, q),
  };
}

/** Capacity over time per target group: places in operation, occupancy, free places, waiting lists. */
export async function marketCapacityView(data: CapacityData, currentYear: number): Promise<Page> {
  const f = capacityFigures(data);
  return {
    title: 'Markedsdata: kapacitet',
    menu: '/markedsdata',
    main: h`<h1>Kapacitet over tid</h1>
${marketNav(PATH, data.filter)}
<p class="font-lead">Pladser i drift, belægning, ledige pladser og ventelister i tilbuddene i registret, som operatørerne har indberettet dem – pr. måned og pr. målgruppe.</p>
${marketFilterForm(PATH, data.filter, { currentYear, municipalityHint: 'Kommunen, tilbuddet ligger i.' })}
<p>${data.offers} tilbud i udsnittet.</p>
${await chartFigure(f.belaegning)}
${await chartFigure(f['ledige-og-venteliste'])}
${await chartFigure(f.maalgrupper)}`,
  };
}
