import type { AuthorityReportRow } from '@rammeaftale/service-api';
import { day, kr, percentFromBp, when } from '../kit/format';
import { h } from '../kit/html';
import type { Page } from '../kit/page';
import { table } from '../kit/tables';
import { documentLinks, reportState } from './reports.view';
import { OPERATOR_KIND_NAMES } from './tariff-changes.view';

/** One report: what was reported, to whom, when, its figures and its documents. */
export function reportView(r: AuthorityReportRow, forAuthority: boolean): Page {
  const back = forAuthority ? '/tilsyn/indberetninger' : '/sekretariat/indberetninger';
  return {
    title: `Indberetning: ${r.offer.name}`,
    menu: back,
    main: h`<p><a href="${back}">Tilbage til indberetninger</a></p>
<h1>Indberetning: ${r.offer.name}</h1>
<dl class="summary">
<dt>Tilsyn</dt><dd>${r.authority}</dd>
<dt>Tilbud</dt><dd>${r.offer.name} (${OPERATOR_KIND_NAMES[r.offer.operatorKind] ?? r.offer.operatorKind})</dd>
<dt>Leverandør</dt><dd>${r.supplier.name}</dd>
<dt>Ny takst gælder fra</dt><dd>${day(r.effectiveFrom)}</dd>
<dt>Politiske værdier</dt><dd>År ${r.policy.year}: P/L ${percentFromBp(r.policy.plRateBp)}, indberetningsgrænse ${percentFromBp(r.policy.thresholdBp)}</dd>
<dt>Købende kommuner</dt><dd>${r.municipalities.map((m) => m.name).join(', ')}</dd>
<dt>Indberetning dannet</dt><dd>${when(r.createdAt)}</dd>
<dt>Status</dt><dd>${reportState(r)}</dd>
<dt>Dokumenter</dt><dd>${documentLinks(r)}</dd>
</dl>
<h2>Indberettede kontrakter</h2>
${table({
  caption: 'Kontrakter med en stigning over indberetningsgrænsen',
  head: [
    'Kontrakt',
    'Købende kommune',
    'Betalende kommune',
    'Døgnpris før',
    'Ny døgnpris',
    'Stigning',
  ],
  rows: r.contracts.map(
    (c) =>
      h`<tr><th scope="row">${c.contractId}</th><td>${c.buyerName}</td><td>${c.payingMunicipalityName}</td><td>${kr(c.currentDailyOre)}</td><td>${kr(c.newDailyOre)}</td><td>${c.increasePercent}</td></tr>`,
  ),
})}
${forAuthority ? '' : h`<p><a href="/sekretariat/takstaendringer/${r.changeId}">Se hele takstændringen</a></p>`}`,
  };
}
