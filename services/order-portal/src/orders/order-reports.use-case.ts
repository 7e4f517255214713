import type { Actor } from '@rammeaftale/auth';
import { crossTenant } from '@rammeaftale/db';
import { MUNICIPALITIES } from '@rammeaftale/domain';
import { SHARED_REGISTRY, actorScope } from '../tenancy';
import type { OrderDeps } from './order-deps';

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Tally {
  orders: number;
  placed: number;
  public: number;
  private: number;
  privateWithReason: number;
  days: number[];
}

type ReportRow = Awaited<ReturnType<OrderDeps['orders']['forReports']>>[number];

/** A private choice made while public capacity was free, with its reason (the report's table). */
interface PrivateChoice {
  orderId: string;
  municipalityCode: number;
  offerId: string;
  /** The offer's name in the registry, so people read names, not ids (the id if it is gone). */
  offerName: string;
  code: string;
  text: string;
  at: Date;
}

function tally(rows: ReportRow[]) {
  const perMunicipality = new Map<number, Tally>();
  const choices: Omit<PrivateChoice, 'offerName'>[] = [];
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
        choices.push({
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
  return { perMunicipality, choices };
}

/** The offers' names from the registry the search reads (cached there), by id. */
async function offerNames(deps: OrderDeps, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const wanted = new Set(ids);
  const names = new Map(
    (await deps.candidates.all(SHARED_REGISTRY))
      .filter((c) => wanted.has(c.id))
      .map((c) => [c.id, c.name]),
  );
  // An offer no longer searchable (revoked) is still named where the registry has it.
  for (const id of wanted)
    if (!names.has(id)) {
      const found = await deps.candidates.get(SHARED_REGISTRY, id);
      if (found) names.set(id, found.name);
    }
  return names;
}

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
  const { perMunicipality, choices } = tally(rows);
  const names = await offerNames(deps, [...new Set(choices.map((c) => c.offerId))]);
  const privateWithReason: PrivateChoice[] = choices.map((c) => ({
    ...c,
    offerName: names.get(c.offerId) ?? c.offerId,
  }));
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
