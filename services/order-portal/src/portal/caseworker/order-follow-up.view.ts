import type { Vocabulary } from '../../orders/follow-up-vocabulary';
import type { Order } from '../../orders/order.repository';
import { day, when } from '../kit/format';
import {
  alert,
  dateInput,
  errorSummary,
  selectField,
  textArea,
  titleWithErrors,
} from '../kit/form';
import { h, type Html } from '../kit/html';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';
import { table } from '../kit/tables';
import { statusField, type AssessedItem } from './order-follow-up.form';

/** The meetings of a placement as a table: each goal's status, the notes, the supplier's report. */
export function followUpsTable(
  followUps: NonNullable<Order['followUps']>,
  vocabulary: Vocabulary,
): Html {
  const statusName = (code: string) =>
    vocabulary.statuses.find((s) => s.code === code)?.label ?? code;
  return table({
    caption: 'Opfølgningsmøder, nyeste først',
    head: ['Møde', 'Mål og status', 'Noter', 'Leverandørens rapport', 'Næste senest'],
    rows: [...followUps].reverse().map(
      (f) => h`<tr><th scope="row">${day(f.heldOn)}</th>
<td><ul class="reasons">${f.assessments.map((a) => h`<li>${a.label}: <strong>${statusName(a.status)}</strong></li>`)}</ul></td>
<td>${f.notes}</td>
<td>${f.supplierReport ? h`${f.supplierReport.text} <span class="form-hint">(${when(f.supplierReport.at)})</span>` : 'Ingen endnu'}</td>
<td>${day(f.nextDueOn)}</td></tr>`,
    ),
  });
}

/** The follow-up section of the order page: the meetings so far, when the next is due. */
export function followUpSection(order: Order, vocabulary: Vocabulary, today: string): Html {
  const followUps = order.followUps ?? [];
  if (order.status !== 'active' && !followUps.length) return h``;
  const next = followUps.at(-1)?.nextDueOn;
  const due =
    order.status === 'active' && next
      ? next < today
        ? alert(
            'warning',
            `Opfølgningen var senest ${day(next)}`,
            'Registrér mødet, når det er holdt.',
          )
        : h`<p>Næste opfølgning senest ${day(next)}.</p>`
      : h``;
  return h`<h2>Opfølgning (personrettet tilsyn)</h2>
${due}
${followUps.length ? followUpsTable(followUps, vocabulary) : h`<p>Der er ikke holdt opfølgningsmøder endnu.</p>`}
${order.status === 'active' ? h`<p><a class="button button-secondary" href="/bestillinger/${order.id}/opfoelgning">Registrér opfølgningsmøde</a></p>` : ''}`;
}

export interface FollowUpFormPage extends FormPage {
  order: Order;
  items: readonly AssessedItem[];
  vocabulary: Vocabulary;
}

/** The form of one follow-up meeting: the day, a status per goal and theme, notes, next due date. */
export function followUpFormView(p: FollowUpFormPage): Page {
  const v = p.values;
  const options = p.vocabulary.statuses.map((s): [string, string] => [s.code, s.label]);
  return {
    title: titleWithErrors(`Opfølgning: ${p.order.citizen.reference}`, p.errors.length > 0),
    menu: '/bestillinger',
    status: p.errors.length || p.problem ? 400 : 200,
    main: h`<p><a href="/bestillinger/${p.order.id}">Tilbage til bestillingen</a></p>
<h1>Opfølgningsmøde: ${p.order.citizen.reference}</h1>
${p.problem ?? ''}${errorSummary(p.errors)}
<p class="font-lead">Registrér status for hvert mål i bestillingen${p.vocabulary.themes.length ? ' og hvert tema i kvalitetsmodellen' : ''}. Noterne er personoplysninger og vises kun her og for leverandøren af tilbuddet.</p>
<form method="post" action="/bestillinger/${p.order.id}/opfoelgning" novalidate>${csrfField(p)}
${dateInput({ id: 'heldOn', label: 'Mødet blev holdt', value: v.heldOn, errors: p.errors, required: true })}
<fieldset><legend class="h3">Status for mål og temaer</legend>
${p.items.map((it, i) => selectField({ id: statusField(i + 1), label: it.label, options, value: v[statusField(i + 1)], errors: p.errors, required: true, placeholder: 'Vælg status' }))}
</fieldset>
${textArea({ id: 'notes', label: 'Noter fra mødet', value: v.notes, errors: p.errors, required: true })}
${dateInput({ id: 'nextDueOn', label: 'Næste opfølgning senest', value: v.nextDueOn, errors: p.errors, required: true })}
<button type="submit" class="button button-primary">Gem opfølgningen</button></form>`,
  };
}
