import type { MeetingPackView } from '@rammeaftale/service-api';
import { chartCsv, chartFigure, type ChartOptions } from '../kit/charts';
import { dateField } from '../kit/format';
import { h, type Html } from '../kit/html';

/** The offers drawn in the picture over time: the top of the ranking (the table has them all). */
const OFFERS_DRAWN = 6;

type IncreaseRow = { offer: string; day: string; dato: string; percent: number; overPl: number };
type DistributionRow = { overPl: number; label: string; changes: number };

const pct = (bp: number) => Math.round(bp) / 100;

function increasesOverTime(pack: MeetingPackView, csvHref?: string): ChartOptions<IncreaseRow> {
  const top = new Set(pack.offers.slice(0, OFFERS_DRAWN).map((o) => o.offerName));
  const rows = pack.points
    .filter((p) => top.has(p.offerName))
    .map((p) => ({
      offer: p.offerName,
      day: p.effectiveFrom,
      dato: dateField(p.effectiveFrom),
      percent: pct(p.increaseBp),
      overPl: pct(p.increaseBp - p.plRateBp),
    }));
  const most = pack.offers[0];
  return {
    id: 'stigninger-over-tid',
    title: 'Stigninger pr. tilbud over tid',
    summary: most
      ? `De ${Math.min(OFFERS_DRAWN, pack.offers.length)} tilbud, der oftest lå over grænserne i perioden. Flest stigninger over indberetningsgrænsen: ${most.offerName} (${most.aboveThreshold} af ${most.changes}). Stiplede linjer viser årets P/L.`
      : 'Ingen takstændringer i perioden.',
    mark: 'line',
    x: { field: 'day', title: 'Gælder fra', type: 'temporal' },
    y: { field: 'percent', title: 'Største stigning (%)', type: 'quantitative' },
    color: { field: 'offer', title: 'Tilbud', type: 'nominal' },
    rules: pack.years.map((y) => ({ value: pct(y.plRateBp), label: `P/L ${y.year}` })),
    rows,
    columns: [
      { title: 'Tilbud', value: (r) => r.offer },
      { title: 'Gælder fra', value: (r) => r.dato },
      { title: 'Stigning %', value: (r) => r.percent, numeric: true },
      { title: 'Over P/L, procentpoint', value: (r) => r.overPl, numeric: true },
    ],
    empty: 'Ingen takstændringer i perioden.',
    ...(csvHref ? { csvHref: `${csvHref}&figur=stigninger` } : {}),
  };
}

function distribution(pack: MeetingPackView, csvHref?: string): ChartOptions<DistributionRow> {
  const counts = new Map<number, number>();
  for (const p of pack.points) {
    const n = Math.floor((p.increaseBp - p.plRateBp) / 100);
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  const rows = [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([n, changes]) => ({
      overPl: n,
      label: `${n >= 0 ? '+' : ''}${n} til ${n + 1 >= 0 ? '+' : ''}${n + 1}`,
      changes,
    }));
  const above = pack.points.filter((p) => p.increaseBp > p.plRateBp).length;
  return {
    id: 'fordeling-mod-pl',
    title: 'Fordelingen af stigninger mod P/L',
    summary: `${above} af ${pack.points.length} takstændringer i perioden steg mere end årets P/L. Søjlerne tæller ændringerne efter, hvor mange procentpoint stigningen lå over (eller under) P/L.`,
    mark: 'bar',
    x: { field: 'overPl', title: 'Procentpoint over P/L (rundet ned)', type: 'ordinal' },
    y: { field: 'changes', title: 'Takstændringer', type: 'quantitative' },
    rows,
    columns: [
      { title: 'Procentpoint over P/L', value: (r) => r.label },
      { title: 'Takstændringer', value: (r) => r.changes, numeric: true },
    ],
    empty: 'Ingen takstændringer i perioden.',
    ...(csvHref ? { csvHref: `${csvHref}&figur=fordeling` } : {}),
  };
}

export const MEETING_PACK_FIGURES = ['stigninger', 'fordeling'] as const;
export type MeetingPackFigure = (typeof MEETING_PACK_FIGURES)[number];

/** The two figures of the pack; `csvHref` is the figure route with the period (`…?fra=…&til=…`). */
export async function meetingPackCharts(pack: MeetingPackView, csvHref?: string): Promise<Html> {
  return h`${await chartFigure(increasesOverTime(pack, csvHref))}${await chartFigure(distribution(pack, csvHref))}`;
}

/** One figure's data as CSV (the same rows as its table). */
export function meetingPackFigureCsv(pack: MeetingPackView, figure: MeetingPackFigure): string {
  return figure === 'stigninger' ? chartCsv(increasesOverTime(pack)) : chartCsv(distribution(pack));
}
