import { chartCsv, chartFigure, chartSpec, type ChartOptions } from '../../src/portal/kit/charts';

type Increase = { year: string; percent: number; kind: string };

const options = (rows: Increase[]): ChartOptions<Increase> => ({
  id: 'stigninger',
  title: 'Stigninger <over> P/L',
  summary: 'Tre stigninger, to over tærsklen.',
  mark: 'bar',
  x: { field: 'year', title: 'År', type: 'ordinal' },
  y: { field: 'percent', title: 'Stigning i procent', type: 'quantitative' },
  color: { field: 'kind', title: 'Driftsform', type: 'nominal' },
  rules: [{ value: 5, label: 'Tærskel 5 % (privat)' }],
  rows,
  columns: [
    { title: 'År', value: (r) => r.year },
    { title: 'Driftsform', value: (r) => r.kind },
    { title: 'Stigning %', value: (r) => r.percent, numeric: true },
  ],
  csvHref: '/sekretariat/moedemateriale?format=csv&figur=stigninger',
});

const rows: Increase[] = [
  { year: '2024', percent: 3.1, kind: 'Privat' },
  { year: '2025', percent: 6.4, kind: 'Privat' },
  { year: '2025', percent: 1234.5, kind: 'Offentlig' },
];

describe('chart kit', () => {
  it('When a bar chart is drawn, then there is one bar per row, as one named image without script or style', async () => {
    const { html } = await chartFigure(options(rows));
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>') + 6);
    const bars = /<g class="mark-rect role-mark[^"]*">(.*?)<\/g>/s.exec(svg)?.[1] ?? '';
    expect(bars.match(/<path /g)).toHaveLength(3);
    expect(svg).toMatch(
      /^<svg role="img" aria-label="Stigninger &lt;over&gt; P\/L" focusable="false" /,
    );
    expect(svg.match(/ role="/g)).toHaveLength(1);
    expect(svg).not.toMatch(/<script|style=|on\w+="/i);
    expect(svg).toContain('Tærskel 5 % (privat)');
  });

  it('When a chart is shown, then its data is a table beside it in Danish number format, with the CSV link', async () => {
    const { html } = await chartFigure(options(rows));
    expect(html).toContain('<caption>Tallene bag figuren: Stigninger &lt;over&gt; P/L</caption>');
    expect(html.match(/<tr>/g)).toHaveLength(4);
    expect(html).toContain('<td class="align-text-right">1.234,5</td>');
    expect(html).toContain('href="/sekretariat/moedemateriale?format=csv&amp;figur=stigninger"');
  });

  it('When there are no rows, then the figure says so and draws nothing', async () => {
    const { html } = await chartFigure({ ...options([]), empty: 'Ingen stigninger i perioden.' });
    expect(html).toContain('Ingen stigninger i perioden.');
    expect(html).not.toContain('<svg');
  });

  it('When the data is downloaded, then the CSV is semicolon-separated with a decimal comma', () => {
    expect(chartCsv(options(rows))).toBe(
      '\uFEFFÅr;Driftsform;Stigning %\r\n2024;Privat;3,1\r\n2025;Privat;6,4\r\n2025;Offentlig;1234,5\r\n',
    );
  });

  it('When the axes are labelled, then numbers use the Danish decimal comma', async () => {
    const spec = chartSpec({ ...options([{ year: '2025', percent: 0.5, kind: 'Privat' }]) });
    expect(JSON.stringify(spec)).toContain('"decimal":","');
    const { html } = await chartFigure({
      ...options([{ year: '2025', percent: 0.5, kind: 'Privat' }]),
      rules: [],
    });
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    expect(svg).toMatch(/>0,5</);
    expect(svg).not.toMatch(/>0\.5</);
  });
});
