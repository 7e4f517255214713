import type { Vocabulary } from '../../orders/follow-up-vocabulary';
import type { readSupplierFollowUps } from '../../orders/follow-up.use-case';
import { day, when } from '../kit/format';
import { errorSummary, textArea, titleWithErrors } from '../kit/form';
import { h, type Html } from '../kit/html';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';
import { table } from '../kit/tables';

type Placement = Awaited<ReturnType<typeof readSupplierFollowUps>>;

export interface SupplierFollowUpsPage extends FormPage {
  requestId: string;
  placement: Placement;
  vocabulary: Vocabulary;
}

/** The newest meeting the supplier has not reported on: the one its report form is for. */
const awaitingReport = (p: Placement) => [...p.followUps].reverse().find((f) => !f.supplierReport);

function reportForm(p: SupplierFollowUpsPage): Html {
  const f = awaitingReport(p.placement);
  if (!f) return h``;
  return h`<h2>Jeres rapport til mødet ${day(f.heldOn)}</h2>
<form method="post" action="/leverandoer/forespoergsler/${p.requestId}/opfoelgning/${f.followUpId}/rapport" novalidate>${csrfField(p)}
${textArea({ id: 'report', label: 'Rapport', hint: 'Hvordan borgeren har det, og hvad I arbejder med frem mod næste møde.', value: p.values.report, errors: p.errors, required: true })}
<button type="submit" class="button button-primary">Gem rapporten</button></form>`;
}

/** The follow-up meetings of the supplier's placement, as the municipality recorded them. */
export function followUpsView(p: SupplierFollowUpsPage): Page {
  const statusName = (code: string) =>
    p.vocabulary.statuses.find((s) => s.code === code)?.label ?? code;
  const rows = [...p.placement.followUps].reverse().map(
    (f) => h`<tr><th scope="row">${day(f.heldOn)}</th>
<td><ul class="reasons">${f.assessments.map((a) => h`<li>${a.label}: <strong>${statusName(a.status)}</strong></li>`)}</ul></td>
<td>${f.notes}</td>
<td>${f.supplierReport ? h`${f.supplierReport.text} <span class="form-hint">(${when(f.supplierReport.at)})</span>` : 'Ingen endnu'}</td>
<td>${day(f.nextDueOn)}</td></tr>`,
  );
  return {
    title: titleWithErrors('Opfølgning på anbringelsen', p.errors.length > 0),
    menu: '/leverandoer/forespoergsler',
    status: p.errors.length || p.problem ? 400 : 200,
    main: h`<p><a href="/leverandoer/forespoergsler/${p.requestId}">Tilbage til forespørgslen</a></p>
<h1>Opfølgning på anbringelsen</h1>
${p.notice}${p.problem ?? ''}${errorSummary(p.errors)}
<p class="font-lead">Kommunens opfølgningsmøder om borgerens mål${p.placement.placement ? `, anbringelsen startede ${day(p.placement.placement.startedOn)}` : ''}.</p>
<h2>Mål</h2><ul>${p.placement.goals.map((g) => h`<li>${g}</li>`)}</ul>
<h2>Møder</h2>
${rows.length ? table({ caption: 'Opfølgningsmøder, nyeste først', head: ['Møde', 'Mål og status', 'Kommunens noter', 'Jeres rapport', 'Næste senest'], rows }) : h`<p>Kommunen har ikke holdt opfølgningsmøder endnu.</p>`}
${reportForm(p)}`,
  };
}
