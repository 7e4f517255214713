import { OPERATOR_KIND_LABELS } from '@rammeaftale/domain';
import type { priceMarketData } from '../../market/market-data.use-case';
import { filterQuery } from '../../market/market-filter';
import type { PriceDevelopment, SupplierPriceRow } from '../../market/market.rules';
import { chartFigure, type ChartOptions } from '../kit/charts';
import type { DataColumn } from '../kit/csv';
import { decimal, kr, percentFromBp } from '../kit/format';
import { h, type Html } from '../kit/html';
import type { Page } from '../kit/page';
import { table } from '../kit/tables';
import { marketFilterForm, marketNav, selectionText } from './market-filter.view';

type PriceData = Awaited<ReturnType<typeof priceMarketData>>;
type IndexRow = { year: number; series: string; index: number };
type SupplierRow = SupplierPriceRow & { supplier: string };

const PATH = '/markedsdata/priser';
/** Offers drawn as their own line beside the P/L and the average: the largest early warnings. */
const DRAWN_WARNINGS = 4;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The cumulative P/L as an index (first year = 100), compounded with each later year's rate. */
function plSeries(data: PriceData): IndexRow[] {
  const rate = new Map(data.rates.map((r) => [r.year, r.plRateBp]));
  let index = 100;
  return data.years.map((year, i) => {
    if (i > 0) index *= 1 + (rate.get(year) ?? 0) / 10_000;
    return { year, series: 'Kumuleret P/L', index: round1(index) };
  });
}

function averageSeries(data: PriceData): IndexRow[] {
  return data.years.flatMap((year) => {
    const values = data.developments.flatMap((d) =>
      d.years.filter((y) => y.year === year).map((y) => y.index),
    );
    return values.length
      ? [
          {
            year,
            series: 'Gennemsnit af tilbuddene',
            index: round1(values.reduce((s, v) => s + v, 0) / values.length),
          },
        ]
      : [];
  });
}

/** One column per year of an offer's price and change, for the table and the CSV of all offers. */
export function offerColumns(data: PriceData): DataColumn<PriceDevelopment>[] {
  const yearCols = data.years.flatMap((year): DataColumn<PriceDevelopment>[] => [
    {
      title: `Døgntakst ${year}`,
      value: (d) => {
        const y = d.years.find((x) => x.year === year);
        return y ? kr(y.dailyBasisOre) : null;
      },
      numeric: true,
    },
    {
      title: `Stigning ${year}`,
      value: (d) => {
        const y = d.years.find((x) => x.year === year);
        return y?.increaseBp == null
          ? null
          : `${percentFromBp(y.increaseBp)}${y.abovePl ? ' (over P/L)' : ''}`;
      },
      numeric: true,
    },
  ]);
  return [
    { title: 'Tilbud', value: (d) => d.offerName },
    { title: 'Leverandør', value: (d) => data.supplierNames[d.supplierId] ?? d.supplierId },
    { title: 'Driftsform', value: (d) => OPERATOR_KIND_LABELS[d.operatorKind] },
    ...yearCols,
    { title: 'Indeks', value: (d) => d.years.at(-1)?.index ?? null, numeric: true },
    {
      title: 'Kumuleret P/L (indeks)',
      value: (d) => d.years.at(-1)?.plIndex ?? null,
      numeric: true,
    },
    { title: 'År over P/L', value: (d) => d.yearsAbovePl, numeric: true },
    { title: 'Tidlig varsling', value: (d) => (d.earlyWarning ? 'Ja' : 'Nej') },
  ];
}

/** The figures of the price page; the CSV route draws the same rows (`?figur=<id>`). */
export function priceFigures(data: PriceData) {
  const q = filterQuery(data.filter);
  const selection = selectionText(data.filter);
  const lastYear = data.years.at(-1)!;
  const pl = plSeries(data);
  const drawn = data.warnings.slice(0, DRAWN_WARNINGS);
  const indexRows: IndexRow[] = [
    ...pl,
    ...averageSeries(data),
    ...drawn.flatMap((d) =>
      d.years.map((y) => ({ year: y.year, series: d.offerName, index: y.index })),
    ),
  ];
  const plLast = pl.at(-1)?.index ?? 100;
  const index: ChartOptions<IndexRow> = {
    id: 'prisindeks',
    title: 'Prisindeks mod kumuleret P/L',
    summary: `Døgntaksterne som indeks (første år = 100) mod den kumulerede P/L-regulering, ${selection}. ${data.warnings.length} af ${data.developments.length} tilbud har tidlig varsling: priser over P/L to år i træk eller mere og samlet over den kumulerede P/L.${drawn.length ? ` De ${drawn.length} største er vist som egne linjer.` : ''}`,
    mark: 'line',
    x: { field: 'year', title: 'År', type: 'ordinal' },
    y: { field: 'index', title: 'Indeks (første år = 100)', type: 'quantitative' },
    color: { field: 'series', title: 'Serie', type: 'nominal' },
    rows: indexRows,
    columns: [
      { title: 'År', value: (r) => String(r.year) },
      { title: 'Serie', value: (r) => r.series },
      { title: 'Indeks', value: (r) => r.index, numeric: true },
    ],
    csvHref: `${PATH}.csv?figur=prisindeks&${q}`,
    empty: 'Der er ingen takster i det valgte udsnit.',
  };
  const supplierRows: SupplierRow[] = data.suppliers
    .filter((s) => s.year === lastYear)
    .map((s) => ({ ...s, supplier: data.supplierNames[s.supplierId] ?? s.supplierId }))
    .sort((a, b) => b.index - a.index);
  const above = supplierRows.filter((s) => s.index > s.plIndex).length;
  const suppliers: ChartOptions<SupplierRow> = {
    id: 'leverandoerer',
    title: `Prisindeks pr. leverandør, ${lastYear}`,
    summary: `Gennemsnittet af hver leverandørs tilbuds prisindeks i ${lastYear}, ${selection}. ${above} af ${supplierRows.length} leverandører ligger over den kumulerede P/L (stiplet linje, ${decimal(plLast)}).`,
    mark: 'bar',
    x: { field: 'supplier', title: 'Leverandør', type: 'nominal', sort: '-y' },
    y: { field: 'index', title: 'Indeks (første år = 100)', type: 'quantitative' },
    rules: [{ value: plLast, label: 'Kumuleret P/L' }],
    rows: supplierRows,
    columns: [
      { title: 'Leverandør', value: (r) => r.supplier },
      { title: 'Tilbud', value: (r) => r.offers, numeric: true },
      { title: 'Indeks', value: (r) => r.index, numeric: true },
      { title: 'Kumuleret P/L (indeks)', value: (r) => r.plIndex, numeric: true },
    ],
    csvHref: `${PATH}.csv?figur=leverandoerer&${q}`,
    empty: 'Der er ingen takster i det valgte udsnit.',
    height: 320,
  };
  return { prisindeks: index, leverandoerer: suppliers };
}

function warningsTable(data: PriceData): Html {
  if (!data.warnings.length)
    return h`<p>Ingen tilbud har haft stigninger over P/L flere år i træk i det valgte udsnit.</p>`;
  const cols = offerColumns(data);
  return table({
    caption: `Tilbud med tidlig varsling (${data.warnings.length})`,
    head: cols.map((c) => c.title),
    kind: 'compact',
    rows: data.warnings.map(
      (d) =>
        h`<tr>${cols.map((c, i) => (i === 0 ? h`<th scope="row">${c.value(d) ?? '–'}</th>` : h`<td>${c.value(d) ?? '–'}</td>`))}</tr>`,
    ),
  });
}

/** Price development per offer and supplier against the cumulative P/L, with early warnings. */
export async function marketPricesView(data: PriceData, currentYear: number): Promise<Page> {
  const f = priceFigures(data);
  const q = filterQuery(data.filter);
  const rates = data.rates.map((r) => `${r.year}: ${percentFromBp(r.plRateBp)}`).join(', ');
  return {
    title: 'Markedsdata: prisudvikling',
    menu: '/markedsdata',
    main: h`<h1>Prisudvikling mod P/L</h1>
${marketNav(PATH, data.filter)}
<p class="font-lead">Døgntaksterne i registret år for år mod den kumulerede P/L-regulering – pr. tilbud og pr. leverandør – og de tilbud, hvis priser løber fra P/L år efter år.</p>
${marketFilterForm(PATH, data.filter, { currentYear, municipalityHint: 'Kommunen, tilbuddet ligger i.' })}
<p>P/L pr. år: ${rates || 'ingen P/L-satser registreret'}. Stigningen ind i et år sammenlignes med det års P/L.</p>
${await chartFigure(f.prisindeks)}
<h2>Tidlig varsling</h2>
<p>Et tilbud får tidlig varsling, når dets døgntakst er steget mere end P/L to år i træk eller mere, og taksten samlet ligger over den første takst fremskrevet med P/L.</p>
${warningsTable(data)}
<p><a href="${PATH}.csv?figur=tilbud&${q}" download>Hent prisudviklingen for alle ${data.developments.length} tilbud som CSV</a></p>
${await chartFigure(f.leverandoerer)}`,
  };
}
