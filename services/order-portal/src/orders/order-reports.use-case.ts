import type { Actor } from '@rammeaftale/auth';
import { crossTenant } from '@rammeaftale/db';
import { MUNICIPALITIES } from '@rammeaftale/domain';
import { actorScope } from '../tenancy';
import type { OrderDeps } from './order-deps';

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Orders per municipality, days from order to placement (selection), the public/private share of
 * placements, and private placements made while public capacity was free, with their reasons.
 * The secretariat sees every municipality; a case worker only their own.
 */
export async function orderReport(deps: OrderDeps, actor: Actor) {
  const rows = await deps.orders.forReports(
    actor.role === 'secretariat'
      ? crossTenant("the secretariat's report covers every municipality")
      : actorScope(actor, 'municipality'),
  );
  const perMunicipality = new Map<
    number,
    {
      orders: number;
      placed: number;
      public: number;
      private: number;
      privateWithReason: number;
      days: number[];
    }
  >();
  const privateWithReason: {
    orderId: string;
    municipalityCode: number;
    offerId: string;
    code: string;
    text: string;
    at: Date;
  }[] = [];
  for (const o of rows) {
    const m = perMunicipality.get(o.actingMunicipalityCode) ?? {
      orders: 0,
      placed: 0,
      public: 0,
      private: 0,
      privateWithReason: 0,
      days: [],
    };
    m.orders++;
    if (o.selection) {
      m.placed++;
      m[o.selection.tier]++;
      m.days.push(
        (new Date(o.selection.at).getTime() - new Date(o.createdAt).getTime()) / 86_400_000,
      );
      if (o.selection.privateReason) {
        m.privateWithReason++;
        privateWithReason.push({
          orderId: o._id,
          municipalityCode: o.actingMunicipalityCode,
          offerId: o.selection.offerId,
          code: o.selection.privateReason.code,
          text: o.selection.privateReason.text,
          at: o.selection.at,
        });
      }
    }
    perMunicipality.set(o.actingMunicipalityCode, m);
  }
  const name = (code: number) => MUNICIPALITIES.find((x) => x.code === code)?.name ?? String(code);
  const municipalities = [...perMunicipality.entries()]
    .map(([code, m]) => ({
      municipalityCode: code,
      municipality: name(code),
      orders: m.orders,
      placed: m.placed,
      publicPlacements: m.public,
      privatePlacements: m.private,
      publicSharePercent: m.placed ? Math.round((m.public * 1000) / m.placed) / 10 : null,
      privateWithReason: m.privateWithReason,
      medianDaysToPlacement: median(m.days) === null ? null : Math.round(median(m.days)! * 10) / 10,
    }))
    .sort((a, b) => a.municipality.localeCompare(b.municipality, 'da'));
  const totals = municipalities.reduce(
    (t, m) => ({
      orders: t.orders + m.orders,
      placed: t.placed + m.placed,
      public: t.public + m.publicPlacements,
      private: t.private + m.privatePlacements,
    }),
    { orders: 0, placed: 0, public: 0, private: 0 },
  );
  return { generatedAt: deps.now(), totals, municipalities, privateWithReason };
}

/** The same report as CSV (semicolon-separated, Danish decimal comma: opens directly in Danish Excel). */
export function orderReportCsv(report: Awaited<ReturnType<typeof orderReport>>): string {
  const num = (n: number | null) => (n === null ? '' : String(n).replace('.', ','));
  const lines = [
    'Kommune;Kommunekode;Bestillinger;Placeret;Offentlige;Private;Offentlig andel %;Private med begrundelse;Median dage til placering',
  ];
  for (const m of report.municipalities) {
    lines.push(
      [
        m.municipality,
        m.municipalityCode,
        m.orders,
        m.placed,
        m.publicPlacements,
        m.privatePlacements,
        num(m.publicSharePercent),
        m.privateWithReason,
        num(m.medianDaysToPlacement),
      ].join(';'),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
