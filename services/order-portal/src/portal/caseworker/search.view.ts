import { COMPETENCES, competenceLabel, type SearchResult } from '@rammeaftale/domain';
import type { Order } from '../../orders/order.repository';
import type { SearchFilter } from '../../orders/search-filter';
import { residenceOf, type SearchView } from '../../orders/search-placements.use-case';
import { alert, errorSummary, selectField, textField, titleWithErrors } from '../kit/form';
import { kr } from '../kit/format';
import { h, type Html } from '../kit/html';
import { municipalityName, targetGroupName, tierBadge } from '../kit/labels';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';
import { table } from '../kit/tables';

export interface SearchPage extends FormPage {
  order: Order;
  search: SearchView;
  /** The rows the case worker's filter keeps, in the order asked for. */
  shown: SearchResult[];
  filter: SearchFilter;
  /** The filter as the page's query string ('' without one), kept when the requests are sent. */
  query: string;
  defaultDeadlineHours: number;
}

const ASKABLE = ['searching', 'requested', 'offers_received'];
const comma1 = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1).replace('.', ','));
const km = (d: number | null) =>
  d === null ? 'ukendt' : d >= 10 ? `${Math.round(d)} km` : `${comma1(d)} km`;

/** The choice of one row: a box to tick, "Spurgt" when already asked, or why it cannot be asked. */
function choice(p: SearchPage, r: SearchResult, canAsk: boolean, asked: Set<string>): Html {
  const name = p.search.offers[r.offerId]!.name;
  if (asked.has(r.offerId)) return h`Spurgt`;
  if (r.freePlaces <= 0) return h`Fuld`;
  if (!canAsk) return h`–`;
  return h`<div class="form-group-checkbox"><input type="checkbox" class="form-checkbox" id="offer-${r.offerId}" name="offerIds" value="${r.offerId}"><label for="offer-${r.offerId}"><span class="sr-only">Vælg ${name}</span></label></div>`;
}

/** One compact row; the reasons for its rank are behind a disclosure, so the list stays short. */
function resultRow(p: SearchPage, r: SearchResult, canAsk: boolean, asked: Set<string>): Html {
  const o = p.search.offers[r.offerId]!;
  const wished = r.competencesMet.length + r.competencesMissing.length;
  return h`<tr>
<td>${choice(p, r, canAsk, asked)}</td>
<td>${r.rank}</td>
<th scope="row">${o.name}<br><span class="form-hint">${municipalityName(o.municipalityCode)}</span></th>
<td>${tierBadge(r.tier)}</td>
<td>${wished ? `${r.competencesMet.length} af ${wished}` : '–'}</td>
<td>${km(r.distanceKm)}</td>
<td>${o.qualityScore === null ? 'ukendt' : `${comma1(o.qualityScore)} af 5`}</td>
<td>${o.dailyTariffOre === null ? 'ukendt' : kr(o.dailyTariffOre)}</td>
<td>${r.freePlaces}${r.stale ? h` <span class="badge badge-warning">Ikke bekræftet</span>` : ''}</td>
<td><details class="details"><summary class="details-summary">Begrundelse<span class="sr-only"> for ${o.name}</span></summary><div class="details-text"><ul class="reasons">${r.reasons.map((x) => h`<li>${x.text}</li>`)}</ul></div></details></td>
</tr>`;
}

const sendButtons = h`<div class="actions"><button type="submit" class="button button-primary" name="scope" value="chosen">Send til markerede</button>
<button type="submit" class="button button-secondary" name="scope" value="all">Send til alle egnede</button></div>`;

function resultTable(p: SearchPage, canAsk: boolean): Html {
  const asked = new Set(
    p.order.requests
      .filter((r) => r.status !== 'expired' && r.status !== 'closed')
      .map((r) => r.offerId),
  );
  if (!p.shown.length)
    return h`<p>Ingen tilbud passer til det valgte. <a href="/bestillinger/${p.order.id}/soegning">Vis alle egnede tilbud</a>.</p>`;
  return table({
    caption: `Egnede tilbud (${p.shown.length})`,
    head: [
      'Vælg',
      'Rang',
      'Tilbud',
      'Type',
      'Ønskede kompetencer',
      'Afstand',
      'Kvalitet',
      'Døgntakst',
      'Ledige pladser',
      'Hvorfor denne plads',
    ],
    kind: 'compact',
    rows: p.shown.map((r) => resultRow(p, r, canAsk, asked)),
  });
}

/** The requests form: deadline and the send buttons above the list, and the buttons again below. */
function requestForm(p: SearchPage): Html {
  const canAsk = ASKABLE.includes(p.order.status);
  if (!p.search.results.length)
    return h`<p>Ingen egnede tilbud med ledig plads. Tjek om andre kommuner har lignende behov, før et enkeltmandstilbud oprettes.</p>
<p><a class="button button-secondary" href="/bestillinger/${p.order.id}/faelles-tilbud">Tjek for fælles tilbud</a></p>`;
  const top = canAsk
    ? h`<div class="form-group${p.errors.some((e) => e.field === 'offerIds') ? ' form-error' : ''}" id="offerIds" tabindex="-1"><p>Markér de tilbud, der skal have en forespørgsel, eller send til alle egnede tilbud med ledig plads. ”Alle egnede” er alle ${p.search.results.filter((r) => r.freePlaces > 0).length} med ledig plads, også dem et filter skjuler.</p></div>
${textField({ id: 'deadlineHours', label: 'Svarfrist i timer', hint: `Standard: ${p.defaultDeadlineHours} timer.`, errors: p.errors, width: 'xs', inputmode: 'numeric' })}
${sendButtons}`
    : '';
  return h`<form method="post" action="/bestillinger/${p.order.id}/forespoergsler${p.query}" novalidate>
${csrfField(p)}
${top}
${resultTable(p, canAsk)}
${canAsk && p.shown.length > 8 ? sendButtons : ''}
</form>`;
}

const opts = (pairs: [string, string][], all: string): [string, string][] => [['', all], ...pairs];

/** Filters and sorting as a GET form: the page's address says what is shown. */
function filterForm(p: SearchPage): Html {
  const f = p.filter;
  const active =
    [f.driftsherre, f.maksKm, f.kompetence].filter((v) => v !== undefined).length +
    (f.ledige === 'alle' ? 1 : 0) +
    (f.sortering !== 'rang' ? 1 : 0);
  const wished = new Set(p.order.need.wishedCompetences);
  // The order's wished competences first: they are the ones a case worker filters by.
  const competences = [...COMPETENCES].sort(
    (a, b) => Number(wished.has(b.slug)) - Number(wished.has(a.slug)),
  );
  return h`<details class="details"${active ? h` open` : ''}><summary class="details-summary">Afgræns og sortér${active ? ` (${active} valgt)` : ''}</summary><div class="details-text">
<form method="get" action="/bestillinger/${p.order.id}/soegning">
${selectField({
  id: 'driftsherre',
  label: 'Driftsherre',
  options: opts(
    [
      ['offentlig', 'Offentlige (kommunale og regionale)'],
      ['kommunal', 'Kommunale'],
      ['regional', 'Regionale'],
      ['privat', 'Private'],
    ],
    'Alle',
  ),
  value: f.driftsherre ?? '',
  conditional: true,
})}
${selectField({
  id: 'maksKm',
  label: 'Højst afstand',
  hint: 'Tilbud med ukendt placering vises ikke, når en afstand er valgt.',
  options: opts(
    ['10', '25', '50', '100'].map((k) => [k, `${k} km`]),
    'Alle afstande',
  ),
  value: f.maksKm === undefined ? '' : String(f.maksKm),
  conditional: true,
})}
${selectField({
  id: 'kompetence',
  label: 'Har kompetencen',
  options: opts(
    competences.map((c) => [c.slug, wished.has(c.slug) ? `${c.label} (ønsket)` : c.label]),
    'Alle',
  ),
  value: f.kompetence ?? '',
  conditional: true,
})}
${selectField({
  id: 'ledige',
  label: 'Ledige pladser',
  options: [
    ['nu', 'Ledig plads nu'],
    ['alle', 'Også fulde tilbud (venteliste)'],
  ],
  value: f.ledige,
  conditional: true,
})}
${selectField({
  id: 'sortering',
  label: 'Sortér efter',
  hint: 'Rangen efter rammeaftalens regel står altid i kolonnen Rang.',
  options: [
    ['rang', 'Rang (egnethed, offentlig før privat, afstand, kvalitet, pris)'],
    ['afstand', 'Afstand, nærmeste først'],
    ['kvalitet', 'Kvalitet, højeste først'],
    ['pris', 'Døgntakst, laveste først'],
  ],
  value: f.sortering,
  conditional: true,
})}
<div class="actions"><button type="submit" class="button button-secondary">Vis</button> <a href="/bestillinger/${p.order.id}/soegning">Nulstil</a></div>
</form></div></details>`;
}

function excluded(search: SearchView): Html {
  if (!search.excluded.length) return h``;
  return h`<details class="details"><summary class="details-summary">Tilbud der ikke er egnede (${search.excluded.length})</summary><div class="details-text">
${table({
  caption: 'Fravalgte tilbud og hvorfor',
  head: ['Tilbud', 'Årsag'],
  kind: 'compact',
  rows: search.excluded.map(
    (x) =>
      h`<tr><td>${x.offerId}</td><td><ul class="reasons">${x.reasons.map((r) => h`<li>${r.text}</li>`)}</ul></td></tr>`,
  ),
})}</div></details>`;
}

/** The search result: a compact list in rank order with its filters, the send action at the top. */
export function searchView(p: SearchPage): Page {
  const o = p.order;
  const from = residenceOf(o);
  const wished = o.need.wishedCompetences.map(competenceLabel).join(', ');
  return {
    title: titleWithErrors(`Søgeresultat for ${o.citizen.reference}`, p.errors.length > 0),
    menu: '/bestillinger',
    status: p.errors.length || p.problem ? 400 : 200,
    main: h`<p><a href="/bestillinger/${o.id}">Tilbage til bestillingen</a></p>
<h1>Søgeresultat: ${o.citizen.reference}</h1>
<p class="font-lead">${targetGroupName(o.need.targetGroup)}, ${o.need.legalBasis}, ${o.citizen.age} år${wished ? `; ønskede kompetencer: ${wished}` : ''}. Afstand måles fra ${from?.town ?? 'borgerens bopæl (ukendt)'}.</p>
<p>Rækkefølgen: først de tilbud, der har flest af de ønskede kompetencer; blandt dem offentlige (kommunale og regionale) før private; så afstand, kvalitet og pris. Ukendt afstand, kvalitet eller pris tæller hverken op eller ned og vises som ”ukendt”.</p>
${p.problem ?? ''}${errorSummary(p.errors)}
${p.search.publicCapacityAvailable ? alert('info', 'Et egnet offentligt tilbud har ledig plads.', 'Vælger du senere et privat tilbud, skal du begrunde valget.') : alert('info', 'Ingen egnede offentlige tilbud har ledig plads.')}
${filterForm(p)}
<p>Viser ${p.shown.length} af ${p.search.results.length} egnede tilbud.</p>
${requestForm(p)}
${excluded(p.search)}`,
  };
}
