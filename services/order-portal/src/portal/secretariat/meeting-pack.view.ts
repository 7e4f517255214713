import type { MeetingPackRank, MeetingPackView } from '@rammeaftale/service-api';
import { dateInput, errorSummary, titleWithErrors, type FieldError } from '../kit/form';
import { dateField, percentFromBp } from '../kit/format';
import { attr, h, raw, type Html } from '../kit/html';
import type { Page } from '../kit/page';
import { table } from '../kit/tables';
import { queryString } from './report-filter';
import { BAND_NAMES } from './tariff-changes.view';

interface PackPage {
  base: '/sekretariat/moedepakke' | '/tilsyn/moedepakke';
  forAuthority: boolean;
  printable: boolean;
  /** Today (YYYY-MM-DD), for the half-year links. */
  today: string;
  values: { fra: string; til: string };
  errors: FieldError[];
  pack?: MeetingPackView;
  charts?: Html;
}

const BANDS = ['decrease_or_unchanged', 'within_pl', 'above_pl', 'above_report_threshold'] as const;

/** Percentage points over P/L, signed ("+1,5 procentpoint"). */
const points = (bp: number) =>
  `${bp > 0 ? '+' : ''}${percentFromBp(bp).replace(' %', '')} procentpoint`;

/** The four half-years up to the day (the meetings are twice a year), newest first. */
export function halfYears(today: string): { label: string; from: string; to: string }[] {
  const year = Number(today.slice(0, 4));
  const all = [year, year - 1, year - 2].flatMap((y) => [
    { label: `2. halvår ${y}`, from: `${y}-07-01`, to: `${y}-12-31` },
    { label: `1. halvår ${y}`, from: `${y}-01-01`, to: `${y}-06-30` },
  ]);
  return all.filter((h) => h.from <= today).slice(0, 4);
}

function periodForm(p: PackPage): Html {
  return h`<form method="get" action="${p.base}" class="portal-filter" novalidate>
<fieldset><legend class="h4">Periode mellem to møder</legend>
${dateInput({ id: 'fra', label: 'Fra og med', hint: 'Tom: et halvt år før til-datoen.', value: p.values.fra || p.pack?.from, errors: p.errors, conditional: true })}
${dateInput({ id: 'til', label: 'Til og med', hint: 'Tom: i dag.', value: p.values.til || p.pack?.to, errors: p.errors, conditional: true })}
<button type="submit" class="button button-primary">Vis</button>
</fieldset></form>
<nav aria-label="Halvår"><p>Vælg et halvår:</p><ul class="nobullet-list portal-subnav">${halfYears(
    p.today,
  ).map(
    (y) =>
      h`<li><a href="${p.base}?${queryString({ fra: dateField(y.from), til: dateField(y.to) })}"${attr('aria-current', p.pack?.from === y.from && p.pack.to === y.to && 'page')}>${y.label}</a></li>`,
  )}</ul></nav>`;
}

function rankTable(
  caption: string,
  rows: MeetingPackRank[],
  byOffer: boolean,
  link?: (r: MeetingPackRank) => string,
): Html {
  if (!rows.length) return h`<p>Ingen takstændringer i perioden.</p>`;
  return table({
    caption,
    head: [
      'Nr.',
      ...(byOffer ? ['Tilbud'] : []),
      'Leverandør',
      'Takstændringer',
      'Over P/L',
      'Over indberetningsgrænsen',
      'Største stigning',
      'Gennemsnit over P/L',
    ],
    rows: rows.map(
      (
        r,
        i,
      ) => h`<tr><td>${i + 1}</td>${byOffer ? h`<th scope="row">${link ? h`<a href="${link(r)}">${r.offerName}</a>` : r.offerName}</th><td>${r.supplierName}</td>` : h`<th scope="row">${r.supplierName}</th>`}
<td>${r.changes}</td><td>${r.abovePl}</td><td>${r.aboveThreshold}</td><td>${percentFromBp(r.maxIncreaseBp)}</td><td>${points(r.meanAbovePlBp)}</td></tr>`,
    ),
  });
}

function yearsTable(pack: MeetingPackView): Html {
  if (!pack.years.length) return h``;
  return table({
    caption: 'Stigninger mod P/L pr. år (politisk år for datoen, stigningen gælder fra)',
    head: [
      'År',
      'P/L',
      'Takstændringer',
      ...BANDS.map((b) => BAND_NAMES[b]!),
      'Gennemsnitlig største stigning',
    ],
    rows: pack.years.map(
      (y) =>
        h`<tr><th scope="row">${y.year}</th><td>${percentFromBp(y.plRateBp)}</td><td>${y.changes}</td>${BANDS.map((b) => h`<td>${y.bands[b]}</td>`)}<td>${percentFromBp(y.meanIncreaseBp)}</td></tr>`,
    ),
  });
}

function downloads(p: PackPage, pack: MeetingPackView): Html {
  if (p.printable) return raw('');
  const q = queryString({ fra: pack.from, til: pack.to });
  return h`<ul class="nobullet-list portal-actions">
<li><a href="${p.base}/udskrift?${q}">Printvenlig udgave</a></li>
<li><a href="${p.base}/csv?${q}&amp;tabel=tilbud" download>Tilbud som CSV</a></li>
<li><a href="${p.base}/csv?${q}&amp;tabel=leverandoerer" download>Leverandører som CSV</a></li>
<li><a href="${p.base}/csv?${q}&amp;tabel=aar" download>År som CSV</a></li>
</ul>`;
}

function content(p: PackPage, pack: MeetingPackView): Html {
  const t = pack.totals;
  const offerLink =
    p.forAuthority || p.printable
      ? undefined
      : (r: MeetingPackRank) =>
          `/sekretariat/takstaendringer?tilbud=${encodeURIComponent(r.offerId ?? '')}`;
  return h`<p class="font-lead">Perioden ${dateField(pack.from)}–${dateField(pack.to)}: ${t.changes} takstændringer på ${t.contracts} kontrakter. ${t.abovePl} lå over P/L, ${t.aboveThreshold} over indberetningsgrænsen.</p>
${downloads(p, pack)}
<h2>Tilbud med flest og største stigninger</h2>
${rankTable('Tilbud efter antal stigninger over indberetningsgrænsen, derefter over P/L og største stigning', pack.offers, true, offerLink)}
<h2>Leverandører</h2>
${rankTable('Leverandører efter antal stigninger over indberetningsgrænsen, derefter over P/L og største stigning', pack.suppliers, false)}
<h2>Stigninger mod P/L pr. år</h2>
${yearsTable(pack)}
<h2>Figurer</h2>
${p.charts ?? ''}`;
}

/** The meeting pack of a period, on screen or as its printable view. */
export function meetingPackView(p: PackPage): Page {
  const title = p.forAuthority
    ? 'Mødepakke: takststigninger i jeres tilbud'
    : 'Mødepakke til møderne med Socialtilsyn Øst';
  return {
    title: titleWithErrors(title, p.errors.length > 0),
    menu: p.base,
    status: p.errors.length ? 400 : 200,
    main: h`${p.printable ? h`<p class="portal-print-hide"><a href="${p.base}?${queryString({ fra: p.pack?.from, til: p.pack?.to })}">Tilbage til mødepakken</a></p>` : ''}
<h1>${title}</h1>
${errorSummary(p.errors)}
${p.printable ? '' : periodForm(p)}
${p.pack ? content(p, p.pack) : ''}`,
  };
}
