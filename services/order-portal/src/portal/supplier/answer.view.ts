import { competenceLabel } from '@rammeaftale/domain';
import type { getSupplierRequest } from '../../orders/requests.use-case';
import { day, kr, when } from '../kit/format';
import {
  dateInput,
  errorSummary,
  radioGroup,
  textArea,
  textField,
  titleWithErrors,
} from '../kit/form';
import { h, type Html } from '../kit/html';
import { GENDERS, REQUEST_STATUS, municipalityName, targetGroupName } from '../kit/labels';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';

type SupplierRequest = Awaited<ReturnType<typeof getSupplierRequest>>;

export interface AnswerPage extends FormPage {
  request: SupplierRequest;
}

function profile(r: SupplierRequest): Html {
  const p = r.profile;
  return h`<h2>Anonymiseret profil</h2>
<dl class="summary">
<dt>Kommune</dt><dd>${municipalityName(r.buyerMunicipalityCode)}</dd>
<dt>Målgruppe</dt><dd>${targetGroupName(p.targetGroup)}</dd>
<dt>Lovgrundlag</dt><dd>${p.legalBasis}</dd>
<dt>Alder</dt><dd>${p.age} år</dd>
${p.gender ? h`<dt>Køn</dt><dd>${GENDERS[p.gender] ?? p.gender}</dd>` : ''}
<dt>Ønsket start</dt><dd>${day(p.wantedStart)}</dd>
${p.expectedDurationMonths ? h`<dt>Forventet varighed</dt><dd>${p.expectedDurationMonths} måneder</dd>` : ''}
<dt>Behov</dt><dd>${p.needs}</dd>
${p.specialRequirements ? h`<dt>Særlige krav</dt><dd>${p.specialRequirements}</dd>` : ''}
${p.requiredCompetences?.length ? h`<dt>Krævede kompetencer</dt><dd>${p.requiredCompetences.map(competenceLabel).join(', ')}</dd>` : ''}
<dt>Mål</dt><dd><ul class="reasons">${p.goals.map((g) => h`<li>${g}</li>`)}</ul></dd>
<dt>Svarfrist</dt><dd>${when(r.deadline)}</dd>
<dt>Status</dt><dd>${REQUEST_STATUS[r.status] ?? r.status}</dd>
</dl>`;
}

function given(r: SupplierRequest): Html {
  const a = r.answer;
  if (!a) return h``;
  const text =
    a.kind === 'offer'
      ? `Tilbud: ${kr(a.dailyPriceOre)} pr. døgn, mulig start ${day(a.possibleStart)}.${a.conditions ? ` Betingelser: ${a.conditions}` : ''}`
      : `Afvist: ${a.declineReason ?? ''}`;
  return h`<h2>Jeres svar</h2><p>${text}</p>`;
}

function answerForm(p: AnswerPage): Html {
  const { values: v, errors } = p;
  return h`<h2>Besvar forespørgslen</h2>
<form method="post" action="/leverandoer/forespoergsler/${p.request.requestId}/svar" novalidate>${csrfField(p)}
${radioGroup({
  name: 'kind',
  legend: 'Jeres svar',
  options: [
    ['offer', 'Vi kan tilbyde en plads'],
    ['decline', 'Vi kan ikke tilbyde en plads'],
  ],
  value: v.kind,
  errors,
})}
<fieldset class="mb-6"><legend class="h3">Hvis I tilbyder en plads</legend>
${textField({ id: 'dailyPrice', label: 'Døgnpris i kr.', hint: 'Påkrævet, når I tilbyder en plads. Skriv beløbet som fx 2.345,50', value: v.dailyPrice, errors, width: 'm', inputmode: 'decimal', conditional: true })}
${dateInput({ id: 'possibleStart', label: 'Mulig startdato', hint: 'Påkrævet, når I tilbyder en plads.', value: v.possibleStart, errors, conditional: true })}
${textArea({ id: 'conditions', label: 'Betingelser', value: v.conditions, errors })}
</fieldset>
<fieldset class="mb-6"><legend class="h3">Hvis I afviser</legend>
${textArea({ id: 'declineReason', label: 'Begrundelse for afslag', hint: 'Påkrævet, når I afviser.', value: v.declineReason, errors, conditional: true })}
</fieldset>
<button type="submit" class="button button-primary">Send svar</button></form>`;
}

/** One request as an anonymised profile, with the answer given or the form to answer it. */
export function answerView(p: AnswerPage): Page {
  const r = p.request;
  return {
    title: titleWithErrors(`Forespørgsel til ${r.offerName}`, p.errors.length > 0),
    menu: '/leverandoer/forespoergsler',
    status: p.errors.length || p.problem ? 400 : 200,
    main: h`<p><a href="/leverandoer/forespoergsler">Tilbage til forespørgsler</a></p>
<h1>Forespørgsel til ${r.offerName}</h1>
${p.notice}${p.problem ?? ''}${errorSummary(p.errors)}
${profile(r)}
${given(r)}
${r.status === 'open' ? answerForm(p) : ''}
${r.status === 'selected' ? h`<h2>Anbringelsen</h2><p>Kommunen valgte jeres tilbud. <a href="/leverandoer/forespoergsler/${r.requestId}/opfoelgning">Se opfølgningen og giv jeres rapport</a></p>` : ''}`,
  };
}
