import type { Order } from '../../orders/order.repository';
import type { SearchView } from '../../orders/search-placements.use-case';
import { alert, errorSummary, textField, titleWithErrors } from '../kit/form';
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
  defaultDeadlineHours: number;
}

const ASKABLE = ['searching', 'requested', 'offers_received'];

function resultRows(p: SearchPage, canAsk: boolean): Html[] {
  const asked = new Set(
    p.order.requests
      .filter((r) => r.status !== 'expired' && r.status !== 'closed')
      .map((r) => r.offerId),
  );
  return p.search.results.map((r) => {
    const o = p.search.offers[r.offerId]!;
    const ask =
      canAsk && r.freePlaces > 0 && !asked.has(r.offerId)
        ? h`<input type="checkbox" class="form-checkbox" id="offer-${r.offerId}" name="offerIds" value="${r.offerId}"><label for="offer-${r.offerId}"><span class="sr-only">Spørg ${o.name}</span></label>`
        : asked.has(r.offerId)
          ? h`Spurgt`
          : h`–`;
    return h`<tr>
<td>${r.rank}</td>
<th scope="row">${o.name}<br><span class="form-hint">${municipalityName(o.municipalityCode)}</span></th>
<td>${tierBadge(r.tier)}</td>
<td>${r.freePlaces}${r.stale ? h` <span class="badge badge-warning">Ikke bekræftet</span>` : ''}</td>
<td>${kr(o.dailyTariffOre)}</td>
<td>${r.score === null ? 'ukendt' : r.score.toFixed(3).replace('.', ',')}</td>
<td><ul class="reasons">${r.reasons.map((x) => h`<li>${x.text}</li>`)}</ul></td>
<td class="form-group-checkbox">${ask}</td>
</tr>`;
  });
}

function requestForm(p: SearchPage): Html {
  const canAsk = ASKABLE.includes(p.order.status);
  if (!p.search.results.length)
    return h`<p>Ingen egnede tilbud med ledig plads. Tjek om andre kommuner har lignende behov, før et enkeltmandstilbud oprettes.</p>
<p><a class="button button-secondary" href="/bestillinger/${p.order.id}/faelles-tilbud">Tjek for fælles tilbud</a></p>`;
  return h`<form method="post" action="/bestillinger/${p.order.id}/forespoergsler" novalidate>
${csrfField(p)}
${table({
  caption: `Egnede tilbud i rangorden (${p.search.results.length})`,
  head: [
    'Rang',
    'Tilbud',
    'Type',
    'Ledige pladser',
    'Døgntakst',
    'Score',
    'Hvorfor denne plads i rækkefølgen',
    'Send forespørgsel',
  ],
  rows: resultRows(p, canAsk),
})}
${
  canAsk
    ? h`<div class="form-group${p.errors.some((e) => e.field === 'offerIds') ? ' form-error' : ''}" id="offerIds" tabindex="-1"><p>Markér de tilbud, der skal have en forespørgsel, eller send til alle egnede tilbud med ledig plads.</p></div>
${textField({ id: 'deadlineHours', label: 'Svarfrist i timer', hint: `Standard: ${p.defaultDeadlineHours} timer.`, errors: p.errors, width: 'xs', inputmode: 'numeric' })}
<div class="actions"><button type="submit" class="button button-primary" name="scope" value="chosen">Send til markerede</button>
<button type="submit" class="button button-secondary" name="scope" value="all">Send til alle egnede</button></div>`
    : ''
}
</form>`;
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

/** The search result: suitable offers in rank order, public before private, with the reasons. */
export function searchView(p: SearchPage): Page {
  const o = p.order;
  return {
    title: titleWithErrors(`Søgeresultat for ${o.citizen.reference}`, p.errors.length > 0),
    menu: '/bestillinger',
    status: p.errors.length || p.problem ? 400 : 200,
    main: h`<p><a href="/bestillinger/${o.id}">Tilbage til bestillingen</a></p>
<h1>Søgeresultat: ${o.citizen.reference}</h1>
<p class="font-lead">${targetGroupName(o.need.targetGroup)}, ${o.need.legalBasis}, ${o.citizen.age} år. Egnethed kommer først; blandt egnede tilbud med ledig plads vises offentlige (kommunale og regionale) altid før private.</p>
${p.problem ?? ''}${errorSummary(p.errors)}
${p.search.publicCapacityAvailable ? alert('info', 'Et egnet offentligt tilbud har ledig plads.', 'Vælger du senere et privat tilbud, skal du begrunde valget.') : alert('info', 'Ingen egnede offentlige tilbud har ledig plads.')}
${requestForm(p)}
${excluded(p.search)}`,
  };
}
