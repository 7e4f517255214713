import type { TariffChangeView } from '@rammeaftale/service-api';
import type { Actor } from '@rammeaftale/auth';
import type { z } from 'zod';
import { day, kr, percentFromBp, when } from '../kit/format';
import { errorSummary, radioGroup, textArea, textField, titleWithErrors } from '../kit/form';
import { h, type Html } from '../kit/html';
import { CLASSIFICATION, DECISION_STATUS } from '../kit/labels';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';
import { table } from '../kit/tables';

type TariffChange = z.infer<typeof TariffChangeView>;

export interface TariffChangePage extends FormPage {
  change: TariffChange;
  actor: Actor;
}

export function facts(t: TariffChange): Html {
  return h`<dl class="summary">
<dt>Leverandør</dt><dd>${t.supplier.name}</dd>
<dt>Ny grundtakst</dt><dd>${kr(t.announcement.dailyBasisTariffOre)} pr. døgn fra ${day(t.effectiveFrom)} (takstår ${t.announcement.tariffYear})</dd>
<dt>Leverandørens begrundelse</dt><dd>${t.reason}</dd>
<dt>Politiske værdier brugt</dt><dd>P/L ${percentFromBp(t.policy.plRateBp)}; indberetning ved over ${percentFromBp(t.policy.privateReportThresholdBp)} (private) og ${percentFromBp(t.policy.publicReportThresholdBp)} (offentlige) – år ${t.policy.year}</dd>
<dt>Frist for godkendelse</dt><dd>${day(t.approvalDeadline)}${t.overdue ? ' – overskredet' : ''}</dd>
</dl>`;
}

function decisions(p: TariffChangePage): Html {
  const own = (buyer: string) => p.actor.role !== 'caseworker' || buyer === p.actor.organisationId;
  return h`<h2>Berørte kontrakter</h2>${table({
    caption: 'Hver kontrakt vurderes mod prisen i kraft',
    head: ['Kontrakt', 'Kommune', 'Pris nu', 'Ny pris', 'Stigning', 'Vurdering', 'Status'],
    rows: p.change.decisions.map(
      (
        d,
      ) => h`<tr><th scope="row">${own(d.buyer.organisationId) ? h`<a href="/kontrakter/${d.contractId}">${d.contractId}</a>` : d.contractId}</th>
<td>${d.buyer.name}</td><td>${kr(d.currentPrice.dailyTotalOre)}</td><td>${kr(d.newPrice.dailyTotalOre)}</td><td>${d.classification.increasePercent}</td>
<td>${CLASSIFICATION[d.classification.kind] ?? d.classification.kind}${d.classification.reportToAuthority ? ` – indberettes til ${d.authority}` : ''}</td>
<td>${DECISION_STATUS[d.status] ?? d.status}${d.buyerDecision?.comment ? ` (${d.buyerDecision.comment})` : ''}</td></tr>`,
    ),
  })}`;
}

export function justifications(t: TariffChange): Html {
  if (!t.justifications.length) return h``;
  return h`<h2>Leverandørens dokumentation</h2><ul>${t.justifications.map((j) => h`<li>${when(j.at)}: ${j.note ?? ''}${j.documentReference ? ` (bilag ${j.documentReference})` : ''}</li>`)}</ul>`;
}

function decisionForm(p: TariffChangePage): Html {
  const t = p.change;
  return h`<h2>Kommunens beslutning</h2>
<p>Stigningen er større end P/L (${percentFromBp(t.policy.plRateBp)}) og gælder kun jeres kontrakter, hvis I godkender den.</p>
<form method="post" action="/takstaendringer/${t.id}/beslutning" novalidate>${csrfField(p)}
${radioGroup({
  name: 'decision',
  legend: 'Godkender I stigningen?',
  options: [
    ['approve', 'Ja, stigningen godkendes'],
    ['reject', 'Nej, stigningen afvises (den hidtidige pris gælder)'],
  ],
  value: p.values.decision,
  errors: p.errors,
})}
${textField({ id: 'reference', label: 'Journalnummer', hint: 'Kommunens egen reference, fx 27.42.06-G01-1-26', value: p.values.reference, errors: p.errors, width: 'l' })}
${textArea({ id: 'comment', label: 'Bemærkning', hint: 'Påkrævet ved afvisning.', value: p.values.comment, errors: p.errors, conditional: true })}
<button type="submit" class="button button-primary">Registrér beslutningen</button></form>`;
}

function justificationForm(p: TariffChangePage): Html {
  const t = p.change;
  return h`<h2>Send begrundelse</h2>
<p>Kommunerne har bedt om en begrundelse for stigningen ud over P/L (frist ${day(t.justificationDeadline)}).</p>
<form method="post" action="/takstaendringer/${t.id}/begrundelse" novalidate>${csrfField(p)}
${textArea({ id: 'note', label: 'Begrundelse', hint: 'Skriv en begrundelse, en bilagsreference eller begge.', value: p.values.note, errors: p.errors, conditional: true })}
${textField({ id: 'documentReference', label: 'Bilagsreference', hint: 'Fx reference til takstberegningen', value: p.values.documentReference, errors: p.errors, width: 'l', conditional: true })}
<button type="submit" class="button button-primary">Send begrundelsen</button></form>`;
}

/** One tariff change: the new tariff, each contract's assessment, and the decision or the reason. */
export function tariffChangeView(p: TariffChangePage): Page {
  const t = p.change;
  const awaitingMine =
    p.actor.role === 'caseworker' &&
    t.decisions.some(
      (d) => d.buyer.organisationId === p.actor.organisationId && d.status === 'awaiting_approval',
    );
  return {
    title: titleWithErrors(`Takstændring for ${t.offer.name}`, p.errors.length > 0),
    menu: '/takstaendringer',
    status: p.errors.length || p.problem ? 400 : 200,
    main: h`<p><a href="/takstaendringer">Tilbage til takstændringer</a></p>
<h1>Takstændring for ${t.offer.name}</h1>
${p.notice}${p.problem ?? ''}${errorSummary(p.errors)}
${facts(t)}
${decisions(p)}
${justifications(t)}
${awaitingMine ? decisionForm(p) : ''}
${p.actor.role === 'supplier' && t.status === 'awaiting_approval' ? justificationForm(p) : ''}`,
  };
}
