import type { sharedOfferOverview } from '../../orders/shared-offer-overview.use-case';
import { day, when } from '../kit/format';
import { alert, errorSummary, radioGroup, textArea, titleWithErrors } from '../kit/form';
import { h, type Html } from '../kit/html';
import {
  SHARED_OUTCOMES,
  municipalityName,
  sharedOutcomeName,
  statusName,
  targetGroupName,
} from '../kit/labels';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';
import { table } from '../kit/tables';

export interface SharedOfferPage extends FormPage {
  orderId: string;
  overview: Awaited<ReturnType<typeof sharedOfferOverview>>;
}

function openOrders(p: SharedOfferPage): Html {
  const open = p.overview.openOrders;
  if (!open.length)
    return h`<p>Ingen andre kommuner har åbne bestillinger i målgruppen lige nu.</p>`;
  return table({
    caption: 'Andre kommuners åbne bestillinger i målgruppen',
    head: ['Kommune', 'Lovgrundlag', 'Ønsket start', 'Aldersgruppe', 'Status', 'Interesse'],
    rows: open.map(
      (
        o,
      ) => h`<tr><th scope="row">${municipalityName(o.municipalityCode)}</th><td>${o.legalBasis}</td><td>${day(o.wantedStart)}</td><td>${o.ageBand} år</td><td>${statusName(o.status)}</td>
<td><form method="post" action="/bestillinger/${p.orderId}/faelles-tilbud/interesse">${csrfField(p)}<input type="hidden" name="otherOrderId" value="${o.orderId}"><button type="submit" class="button button-tertiary">Vis interesse<span class="sr-only"> for ${municipalityName(o.municipalityCode)}s bestilling</span></button></form></td></tr>`,
    ),
  });
}

function interests(p: SharedOfferPage): Html {
  const list = p.overview.interests;
  if (!list.length) return h``;
  return h`<h2>Andre kommuners interesse for denne bestilling</h2><ul>${list.map((i) => h`<li>${municipalityName(i.municipalityCode)} (${when(i.at)})${i.note ? `: ${i.note}` : ''}</li>`)}</ul>`;
}

function checkForm(p: SharedOfferPage): Html {
  const check = p.overview.check;
  return h`<h2>Registrér tjekket</h2>
${check ? alert('info', `Tjekket er registreret ${when(check.at)}.`, sharedOutcomeName(check.outcome)) : ''}
<form method="post" action="/bestillinger/${p.orderId}/faelles-tilbud" novalidate>${csrfField(p)}
${radioGroup({ name: 'outcome', legend: 'Resultat af tjekket', options: SHARED_OUTCOMES.map(([k, l]) => [k, l]), value: p.values.outcome, errors: p.errors })}
${textArea({ id: 'note', label: 'Note', value: p.values.note, errors: p.errors })}
<button type="submit" class="button button-primary">Registrér tjek</button></form>`;
}

function singlePerson(p: SharedOfferPage): Html {
  const decided = p.overview.singlePersonOffer;
  return h`<h2>Enkeltmandstilbud</h2>
${
  decided
    ? h`<p>Besluttet ${when(decided.at)}.</p>`
    : h`<p>Et enkeltmandstilbud kan først besluttes, når tjekket er registreret.</p>
<form method="post" action="/bestillinger/${p.orderId}/enkeltmandstilbud">${csrfField(p)}<button type="submit" class="button button-secondary">Beslut enkeltmandstilbud</button></form>`
}`;
}

/** The shared-offer check, before a single-person offer is decided. */
export function sharedOfferView(p: SharedOfferPage): Page {
  return {
    title: titleWithErrors('Tjek for fælles tilbud', p.errors.length > 0),
    menu: '/bestillinger',
    status: p.errors.length || p.problem ? 400 : 200,
    main: h`<p><a href="/bestillinger/${p.orderId}">Tilbage til bestillingen</a></p>
<h1>Tjek for fælles tilbud</h1>
<p class="font-lead">Før et enkeltmandstilbud oprettes, skal det tjekkes, om andre kommuner har åbne bestillinger i samme målgruppe (${targetGroupName(p.overview.targetGroup)}), så I kan gå sammen om et fælles tilbud.</p>
${p.notice}${p.problem ?? ''}${errorSummary(p.errors)}
${openOrders(p)}
${interests(p)}
${checkForm(p)}
${singlePerson(p)}`,
  };
}
