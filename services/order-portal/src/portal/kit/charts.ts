import * as vega from 'vega';
import * as vl from 'vega-lite';
import { DANISH_MONTHS } from '@rammeaftale/domain';
import { csvOf, type DataColumn } from './csv';
import { h, raw, type Html } from './html';

/**
 * Charts as the portal shows them: drawn on the server by vega-lite (compiled) and vega's SVG
 * renderer, so a page needs no client script and the strict CSP holds (the SVG carries
 * presentation attributes, never `style`). Each chart is a `<figure>` with its title, a Danish
 * summary in words, the picture (one image to assistive technology, named by its title), and the
 * same data as a table beside it with a CSV link — a screen reader, a printer and a spreadsheet
 * get the numbers, not the picture.
 *
 * Usage: `await chartFigure({ id, title, summary, mark, x, y, color?, rules?, rows, columns, csvHref? })`
 * where `rows` are tidy records (one per bar or point) and `x`/`y`/`color` name their fields.
 */

export type Row = Readonly<Record<string, string | number | null>>;

/** How a field of the rows is drawn on one axis (or as the colour of the series). */
export interface Channel {
  field: string;
  /** The axis or legend title, in Danish. */
  title: string;
  /** `nominal` names, `ordinal` ordered names (years), `quantitative` numbers, `temporal` ISO dates. */
  type: 'nominal' | 'ordinal' | 'quantitative' | 'temporal';
  /** A d3 number format for axis labels, e.g. `.1f`, `,d`, `.0%`. */
  format?: string;
  /** Bars sorted by this axis's value: `-y` largest first. */
  sort?: '-x' | '-y' | 'x' | 'y';
}

export interface ChartOptions<R extends Row> {
  /** A stable id for the figure (anchors and the table's id). */
  id: string;
  title: string;
  /** The chart in a sentence or two: what it shows and its main finding. */
  summary: string;
  mark: 'bar' | 'line' | 'point' | 'area';
  x: Channel;
  y: Channel;
  color?: Channel;
  /** Horizontal reference lines at a y value, e.g. the year's P/L or the 5 % threshold. */
  rules?: readonly { value: number; label: string }[];
  rows: readonly R[];
  /** The table's (and CSV's) columns; the same rows as the chart. */
  columns: readonly DataColumn<R>[];
  /** Where the same data downloads as CSV (a route of the page); none → no link. */
  csvHref?: string;
  /** Said when there are no rows (no chart is drawn then). */
  empty?: string;
  width?: number;
  height?: number;
}

/** Danish number and time formats for the axes (decimal comma, thousands dot, Danish months). */
const DANISH_LOCALE = {
  number: {
    decimal: ',',
    thousands: '.',
    grouping: [3],
    currency: ['', ' kr.'] as [string, string],
  },
  time: {
    dateTime: '%A den %d %B %Y %X',
    date: '%d.%m.%Y',
    time: '%H:%M:%S',
    periods: ['AM', 'PM'] as [string, string],
    days: ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'],
    shortDays: ['søn', 'man', 'tir', 'ons', 'tor', 'fre', 'lør'],
    months: [...DANISH_MONTHS],
    shortMonths: [
      'jan',
      'feb',
      'mar',
      'apr',
      'maj',
      'jun',
      'jul',
      'aug',
      'sep',
      'okt',
      'nov',
      'dec',
    ],
  },
};

/** DKFDS-like type and a palette that holds 3:1 against white for every series colour. */
const CONFIG = {
  aria: false,
  locale: DANISH_LOCALE,
  font: 'IBM Plex Sans, Arial, sans-serif',
  background: '#ffffff',
  view: { stroke: null },
  axisX: { labelAngle: 0 },
  axis: { labelFontSize: 12, titleFontSize: 13, labelColor: '#1a1a1a', titleColor: '#1a1a1a' },
  legend: { labelFontSize: 12, titleFontSize: 13, orient: 'bottom' },
  range: { category: ['#0059b3', '#b34700', '#00784b', '#8c1a6a', '#5c5c5c', '#a06b00'] },
  mark: { color: '#0059b3' },
};

const encodingOf = (c: Channel) => ({
  field: c.field,
  title: c.title,
  type: c.type,
  ...(c.sort ? { sort: c.sort } : {}),
  ...(c.format ? { axis: { format: c.format } } : {}),
});

/** The vega-lite specification of a chart (exported for tests). */
export function chartSpec<R extends Row>(o: ChartOptions<R>): vl.TopLevelSpec {
  const main = {
    mark: o.mark === 'line' ? { type: 'line', point: true } : { type: o.mark },
    encoding: {
      x: encodingOf(o.x),
      y: encodingOf(o.y),
      ...(o.color
        ? { color: { field: o.color.field, title: o.color.title, type: o.color.type } }
        : {}),
    },
  };
  const rules = (o.rules ?? []).flatMap((r) => [
    {
      mark: { type: 'rule', strokeDash: [6, 4], color: '#1a1a1a' },
      encoding: { y: { datum: r.value } },
    },
    {
      mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#1a1a1a', fontSize: 11 },
      encoding: { y: { datum: r.value }, x: { value: 0 }, text: { value: r.label } },
    },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: o.width ?? 560,
    height: o.height ?? 280,
    data: { values: o.rows.map((r) => ({ ...r })) },
    layer: [main, ...rules],
    config: CONFIG,
  } as vl.TopLevelSpec;
}

/** The chart as SVG markup (no script, no style attributes), marked as one image named by `label`. */
export async function chartSvg(spec: vl.TopLevelSpec, label: string): Promise<Html> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  // One image to assistive technology: the marks' own ARIA roles are dropped, the root is named.
  const quiet = svg.replace(/ (?:role|aria-roledescription|aria-hidden|aria-label)="[^"]*"/g, '');
  return raw(
    quiet.replace(/^<svg /, `<svg role="img" aria-label="${h`${label}`.html}" focusable="false" `),
  );
}

/** The data table beside a chart: the same rows, formatted in Danish. */
export function dataTable<R>(
  caption: string,
  columns: readonly DataColumn<R>[],
  rows: readonly R[],
): Html {
  const show = (v: string | number | null | undefined) =>
    v === null || v === undefined
      ? '–'
      : typeof v === 'number'
        ? v.toLocaleString('da-DK', { maximumFractionDigits: 2 })
        : v;
  // A region a keyboard can reach: the table scrolls sideways beside the chart (WCAG 2.1.1).
  return h`<div class="table-wrap" role="region" tabindex="0" aria-label="${caption}"><table class="table table--compact">
<caption>${caption}</caption>
<thead><tr>${columns.map((c) => h`<th scope="col"${c.numeric ? raw(' class="align-text-right"') : raw('')}>${c.title}</th>`)}</tr></thead>
<tbody>${rows.map(
    (r) =>
      h`<tr>${columns.map((c) => h`<td${c.numeric ? raw(' class="align-text-right"') : raw('')}>${show(c.value(r))}</td>`)}</tr>`,
  )}</tbody></table></div>`;
}

/** A chart as a figure: title, summary, picture, and its data as a table and CSV. */
export async function chartFigure<R extends Row>(o: ChartOptions<R>): Promise<Html> {
  const head = h`<figcaption><h3 class="h4">${o.title}</h3><p>${o.summary}</p></figcaption>`;
  if (o.rows.length === 0) {
    return h`<figure class="chart" id="${o.id}">${head}<p>${o.empty ?? 'Der er ingen data at vise.'}</p></figure>`;
  }
  const svg = await chartSvg(chartSpec(o), o.title);
  const csv = o.csvHref
    ? h`<p><a href="${o.csvHref}" download>Hent tallene som CSV<span class="sr-only"> (${o.title})</span></a></p>`
    : raw('');
  return h`<figure class="chart" id="${o.id}">${head}<div class="chart__body">
<div class="chart__picture">${svg}</div>
<div class="chart__data">${dataTable(`Tallene bag figuren: ${o.title}`, o.columns, o.rows)}${csv}</div>
</div></figure>`;
}

/** The same rows as CSV, for the page's `csvHref` route. */
export const chartCsv = <R extends Row>(o: Pick<ChartOptions<R>, 'columns' | 'rows'>): string =>
  csvOf(o.columns, o.rows);
