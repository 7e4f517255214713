import { OPERATOR_KIND_LABELS } from '@rammeaftale/domain';
import { filterQuery } from '../../market/market-filter';
import type { purchaseVolumeMarketData } from '../../market/purchase-volume.use-case';
import { volumeBy, type VolumeRow, type VolumeTotal } from '../../market/purchase-volume.rules';
import { chartFigure, type ChartOptions } from '../kit/charts';
import type { DataColumn } from '../kit/csv';
import { kr } from '../kit/format';
import { h } from '../kit/html';
import { municipalityName, targetGroupName } from '../kit/labels';
import type { Page } from '../kit/page';
import { marketFilterForm, marketNav, selectionText } from './market-filter.view';

type VolumeData = Awaited<ReturnType<typeof purchaseVolumeMarketData>>;
type Bar = VolumeTotal & { label: string; kroner: number };
type KindBar = Bar & { year: string; kind: string };

const PATH = '/markedsdata/koebsvolumen';
/** Suppliers drawn and listed beside the chart; every supplier is in the CSV. */
const TOP_SUPPLIERS = 15;

const kroner = (ore: number) => Math.round(ore / 100);
const bars = (totals: VolumeTotal[], label: (key: string) => string): Bar[] =>
  totals.map((t) => ({ ...t, label: label(t.key), kroner: kroner(t.volumeOre) }));

const columns = (first: string): DataColumn<Bar>[] => [
  { title: first, value: (r) => r.label },
  { title: 'Kontrakter', value: (r) => r.contracts, numeric: true },
  { title: 'Døgn', value: (r) => r.placementDays, numeric: true },
  { title: 'Købsvolumen (kr.)', value: (r) => r.kroner, numeric: true },
];

const total = (rows: readonly VolumeRow[]) => rows.reduce((s, r) => s + r.volumeOre, 0);

/** Every row of the breakdown, for the CSV of the whole selection. */
export function breakdownColumns(data: VolumeData): DataColumn<VolumeRow>[] {
  return [
    { title: 'År', value: (r) => String(r.year) },
    { title: 'Leverandør', value: (r) => r.supplierName },
    {
      title: 'Betalende kommune',
      value: (r) =>
        r.municipalityCode === null ? r.municipalityId : municipalityName(r.municipalityCode),
    },
    { title: 'Tilbud', value: (r) => r.offerName },
    { title: 'Driftsform', value: (r) => OPERATOR_KIND_LABELS[r.operatorKind] },
    {
      title: 'Målgrupper',
      value: (r) => data.targetGroupsOf(r.offerId).map(targetGroupName).join(', '),
    },
    { title: 'Kontrakter', value: (r) => r.contracts, numeric: true },
    { title: 'Døgn', value: (r) => r.placementDays, numeric: true },
    { title: 'Købsvolumen (kr.)', value: (r) => kroner(r.volumeOre), numeric: true },
  ];
}

function kindFigure(data: VolumeData, q: string): ChartOptions<KindBar> {
  const rows: KindBar[] = data.years.flatMap((year) =>
    bars(
      volumeBy(
        data.rows.filter((r) => r.year === year),
        (r) => [r.operatorKind],
      ),
      (k) => OPERATOR_KIND_LABELS[k as VolumeRow['operatorKind']],
    ).map((b) => ({ ...b, year: String(year), kind: b.label })),
  );
  const privateShare = (() => {
    const all = total(data.rows);
    const priv = total(data.rows.filter((r) => r.operatorKind === 'private'));
    return all > 0 ? Math.round((priv * 100) / all) : 0;
  })();
  return {
    id: 'driftsform',
    title: 'Købsvolumen pr. år efter driftsform',
    summary: `Hvad kommunerne har købt for (døgnpris i kraft × døgn i kontrakterne), ${selectionText(data.filter)}: i alt ${kr(total(data.rows))}, heraf ${privateShare} % hos private tilbud.`,
    mark: 'bar',
    x: { field: 'year', title: 'År', type: 'ordinal' },
    y: { field: 'kroner', title: 'Købsvolumen (kr.)', type: 'quantitative', format: ',d' },
    color: { field: 'kind', title: 'Driftsform', type: 'nominal' },
    rows,
    columns: [
      { title: 'År', value: (r) => r.year },
      { title: 'Driftsform', value: (r) => r.kind },
      { title: 'Kontrakter', value: (r) => r.contracts, numeric: true },
      { title: 'Døgn', value: (r) => r.placementDays, numeric: true },
      { title: 'Købsvolumen (kr.)', value: (r) => r.kroner, numeric: true },
    ],
    csvHref: `${PATH}.csv?figur=driftsform&${q}`,
    empty: 'Der er ingen kontrakter med købsvolumen i det valgte udsnit.',
  };
}

/** The figures of the purchase volume page; the CSV route draws the same rows (`?figur=<id>`). */
export function volumeFigures(data: VolumeData) {
  const q = filterQuery(data.filter);
  const selection = selectionText(data.filter);
  const suppliers = bars(
    volumeBy(data.rows, (r) => [r.supplierName]),
    (k) => k,
  );
  const top = suppliers.slice(0, TOP_SUPPLIERS);
  const municipalities = bars(
    volumeBy(data.rows, (r) => [
      r.municipalityCode === null ? r.municipalityId : municipalityName(r.municipalityCode),
    ]),
    (k) => k,
  );
  const groups = bars(
    volumeBy(data.rows, (r) => data.targetGroupsOf(r.offerId)),
    targetGroupName,
  );
  const empty = 'Der er ingen kontrakter med købsvolumen i det valgte udsnit.';
  const bar = (
    id: string,
    title: string,
    summary: string,
    rows: Bar[],
    first: string,
    axis: string,
  ): ChartOptions<Bar> => ({
    id,
    title,
    summary,
    mark: 'bar',
    x: { field: 'label', title: axis, type: 'nominal', sort: '-y' },
    y: { field: 'kroner', title: 'Købsvolumen (kr.)', type: 'quantitative', format: ',d' },
    rows,
    columns: columns(first),
    csvHref: `${PATH}.csv?figur=${id}&${q}`,
    empty,
  });
  const lead = (rows: Bar[]) =>
    rows[0] ? `Størst: ${rows[0].label} med ${kr(rows[0].volumeOre)}.` : '';
  return {
    driftsform: kindFigure(data, q),
    leverandoerer: bar(
      'leverandoerer',
      `De ${Math.min(TOP_SUPPLIERS, suppliers.length)} største leverandører`,
      `Købsvolumen pr. leverandør, ${selection}, af ${suppliers.length} leverandører i alt. ${lead(top)}`,
      top,
      'Leverandør',
      'Leverandør',
    ),
    kommuner: bar(
      'kommuner',
      'Købsvolumen pr. betalende kommune',
      `Hvad hver kommune har købt for, ${selection}. ${lead(municipalities)}`,
      municipalities,
      'Kommune',
      'Kommune',
    ),
    maalgrupper: bar(
      'maalgrupper',
      'Købsvolumen pr. målgruppe',
      `Købsvolumen efter tilbuddenes målgrupper, ${selection}. Et tilbud til flere målgrupper tæller med i hver af dem. ${lead(groups)}`,
      groups,
      'Målgruppe',
      'Målgruppe',
    ),
  };
}

/** Purchase volume per supplier by municipality, target group and operator kind, over years. */
export async function marketVolumeView(data: VolumeData, currentYear: number): Promise<Page> {
  const f = volumeFigures(data);
  const q = filterQuery(data.filter);
  return {
    title: 'Markedsdata: købsvolumen',
    menu: '/markedsdata',
    main: h`<h1>Købsvolumen</h1>
${marketNav(PATH, data.filter)}
<p class="font-lead">Hvad de 17 kommuner køber hos hver leverandør – efter driftsform, betalende kommune og målgruppe, år for år – beregnet af kontrakternes døgnpriser i kraft gange døgnene, kontrakterne løb. Et år, der ikke er slut, tæller med de døgn, kommunerne har forpligtet sig til.</p>
${marketFilterForm(PATH, data.filter, { currentYear, municipalityHint: 'Kommunen, der betaler.' })}
${await chartFigure(f.driftsform)}
${await chartFigure(f.leverandoerer)}
<p><a href="${PATH}.csv?figur=alle&${q}" download>Hent hele opdelingen som CSV (år, leverandør, kommune, tilbud, driftsform og målgrupper)</a></p>
${await chartFigure(f.kommuner)}
${await chartFigure(f.maalgrupper)}`,
  };
}
