/**
 * The meeting pack of the two yearly meetings with Socialtilsyn Øst ("which offers most often
 * operate with large increases"): over the tariff changes taking effect in a period, offers and
 * suppliers ranked by how often and how much they rose above P/L and the report threshold, and the
 * increases against P/L per policy year. Pure; the figures are change-level (a change's largest
 * increase over its contracts, as fixed at announcement).
 */
import { isoToEpochMs } from '@rammeaftale/domain';
import type { MeetingPackRank, MeetingPackView } from '@rammeaftale/service-api';
import { toCsv } from '../common/csv';
import type { TariffChange } from '../tariffs/tariff-change.types';
import { INCREASE_BANDS } from '../tariffs/tariff-change.types';

export type PackChange = Pick<
  TariffChange,
  'id' | 'offer' | 'supplier' | 'effectiveFrom' | 'policy' | 'summary'
>;

/** The default period: the half year up to `today` (the same day six months before, to today). */
export function defaultPeriod(today: string, q: { from?: string; to?: string }) {
  const to = q.to ?? today;
  if (q.from) return { from: q.from, to };
  const d = new Date(isoToEpochMs(to));
  // The same day of the month six months before, or that month's last day (31 August → 28/29 February).
  const back = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 6, 1));
  const lastDay = new Date(Date.UTC(back.getUTCFullYear(), back.getUTCMonth() + 1, 0)).getUTCDate();
  back.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return { from: back.toISOString().slice(0, 10), to };
}

const aboveThreshold = (c: PackChange) => c.summary.band === 'above_report_threshold';
const increaseAbovePl = (c: PackChange) => c.summary.maxIncreaseBp - c.policy.plRateBp;
const mean = (xs: number[]) =>
  xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0;

function rank(changes: PackChange[], by: 'offer' | 'supplier'): MeetingPackRank[] {
  const groups = new Map<string, PackChange[]>();
  for (const c of changes) {
    const key = by === 'offer' ? c.offer.offerId : c.supplier.organisationId;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()]
    .map((cs) => {
      const first = cs[0]!;
      return {
        ...(by === 'offer' ? { offerId: first.offer.offerId, offerName: first.offer.name } : {}),
        supplierId: first.supplier.organisationId,
        supplierName: first.supplier.name,
        changes: cs.length,
        abovePl: cs.filter((c) => c.summary.abovePl).length,
        aboveThreshold: cs.filter(aboveThreshold).length,
        maxIncreaseBp: Math.max(...cs.map((c) => c.summary.maxIncreaseBp)),
        meanAbovePlBp: mean(cs.map(increaseAbovePl)),
      };
    })
    .sort(
      (a, b) =>
        b.aboveThreshold - a.aboveThreshold ||
        b.abovePl - a.abovePl ||
        b.maxIncreaseBp - a.maxIncreaseBp ||
        (a.offerName ?? a.supplierName).localeCompare(b.offerName ?? b.supplierName, 'da'),
    );
}

function years(changes: PackChange[]): MeetingPackView['years'] {
  const byYear = new Map<number, PackChange[]>();
  for (const c of changes)
    byYear.set(c.summary.policyYear, [...(byYear.get(c.summary.policyYear) ?? []), c]);
  return [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, cs]) => ({
      year,
      plRateBp: cs[cs.length - 1]!.policy.plRateBp,
      changes: cs.length,
      bands: Object.fromEntries(
        INCREASE_BANDS.map((band) => [band, cs.filter((c) => c.summary.band === band).length]),
      ) as MeetingPackView['years'][number]['bands'],
      meanIncreaseBp: mean(cs.map((c) => c.summary.maxIncreaseBp)),
    }));
}

export function meetingPack(
  changes: PackChange[],
  period: { from: string; to: string },
): MeetingPackView {
  return {
    ...period,
    totals: {
      changes: changes.length,
      contracts: changes.reduce((n, c) => n + c.summary.contracts, 0),
      abovePl: changes.filter((c) => c.summary.abovePl).length,
      aboveThreshold: changes.filter(aboveThreshold).length,
    },
    offers: rank(changes, 'offer'),
    suppliers: rank(changes, 'supplier'),
    years: years(changes),
    points: changes.map((c) => ({
      changeId: c.id,
      offerName: c.offer.name,
      effectiveFrom: c.effectiveFrom,
      increaseBp: c.summary.maxIncreaseBp,
      plRateBp: c.policy.plRateBp,
    })),
  };
}

export type MeetingPackTable = 'offers' | 'suppliers' | 'years';

/** One table of the pack as CSV (UTF-8, `;`), for spreadsheets. */
export function meetingPackCsv(pack: MeetingPackView, table: MeetingPackTable): string {
  if (table === 'years')
    return toCsv(
      [
        'aar',
        'pl_basispoint',
        'takstaendringer',
        ...INCREASE_BANDS,
        'gennemsnitlig_stigning_basispoint',
      ],
      pack.years.map((y) => [
        y.year,
        y.plRateBp,
        y.changes,
        ...INCREASE_BANDS.map((b) => y.bands[b]),
        y.meanIncreaseBp,
      ]),
    );
  const rows = table === 'offers' ? pack.offers : pack.suppliers;
  return toCsv(
    [
      'periode_fra',
      'periode_til',
      ...(table === 'offers' ? ['tilbud_id', 'tilbud'] : []),
      'leverandoer_id',
      'leverandoer',
      'takstaendringer',
      'over_pl',
      'over_indberetningsgraensen',
      'stoerste_stigning_basispoint',
      'gennemsnit_over_pl_basispoint',
    ],
    rows.map((r) => [
      pack.from,
      pack.to,
      ...(table === 'offers' ? [r.offerId, r.offerName] : []),
      r.supplierId,
      r.supplierName,
      r.changes,
      r.abovePl,
      r.aboveThreshold,
      r.maxIncreaseBp,
      r.meanAbovePlBp,
    ]),
  );
}
