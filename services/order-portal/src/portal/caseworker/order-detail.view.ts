import { isOpenForSharing, isTerminal, type OrderState } from '@rammeaftale/domain';
import type { Order } from '../../orders/order.repository';
import { kr, when } from '../kit/format';
import { alert, errorSummary, textField, titleWithErrors } from '../kit/form';
import { h, type Html } from '../kit/html';
import { EVENT_NAMES, actorName, privateReasonName, statusName } from '../kit/labels';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';
import { table } from '../kit/tables';
import { answersTable, selectionForm } from './order-answers.view';
import { contractLink, placementSection } from './order-placement.view';
import { orderSummary } from './order-summary.view';

export interface OrderDetail extends FormPage {
  order: Order;
  /** Names of the organisations in the history, for entries that did not record a person's name. */
  organisationNames: Readonly<Record<string, string>>;
  /** The follow-up meetings of the placement, rendered with their vocabulary. */
  followUps: Html;
}

const SEARCHABLE: readonly OrderState[] = ['draft', 'searching', 'requested', 'offers_received'];

function actions(order: Order, csrf: string): Html {
  const list: Html[] = [];
  if (SEARCHABLE.includes(order.status))
    list.push(
      h`<form method="post" action="/bestillinger/${order.id}/soeg">${csrfField({ csrf })}<button type="submit" class="button button-primary">${order.status === 'draft' ? 'Søg pladser' : 'Søg igen'}</button></form>`,
    );
  if (isOpenForSharing(order.status))
    list.push(
      h`<a class="button button-secondary" href="/bestillinger/${order.id}/faelles-tilbud">Tjek for fælles tilbud</a>`,
    );
  return list.length ? h`<div class="actions">${list}</div>` : h``;
}

function chosen(order: Order): Html {
  const s = order.selection;
  if (!s) return h``;
  const name = order.requests.find((r) => r.requestId === s.requestId)?.offerName ?? s.offerId;
  const reason = s.privateReason
    ? ` Begrundelse: ${privateReasonName(s.privateReason.code)} – ${s.privateReason.text}`
    : '';
  return h`<h2>Valgt tilbud</h2>${alert('success', `Valgt: ${name}`, `${s.tier === 'public' ? 'Offentligt' : 'Privat'} tilbud, ${kr(s.dailyPriceOre)} pr. døgn. Valgt ${when(s.at)}.${reason}`)}`;
}

function history(order: Order, names: Readonly<Record<string, string>>): Html {
  if (!order.transitions.length)
    return h`<h2>Historik</h2><p>Oprettet ${when(order.createdAt)}. Ingen hændelser endnu.</p>`;
  return h`<h2>Historik</h2>${table({
    caption: 'Bestillingens forløb',
    head: ['Tidspunkt', 'Hændelse', 'Fra', 'Til', 'Af', 'Begrundelse'],
    kind: 'plain',
    rows: order.transitions.map(
      (t) =>
        h`<tr><td>${when(t.at)}</td><td>${EVENT_NAMES[t.event] ?? t.event}</td><td>${statusName(t.from)}</td><td>${statusName(t.to)}</td><td>${actorName(t.by, names)}</td><td>${t.reason ?? ''}</td></tr>`,
    ),
  })}`;
}

function cancelForm(d: OrderDetail): Html {
  const status = d.order.status;
  if (isTerminal(status) || status === 'active' || status === 'contracted') return h``;
  return h`<details class="details"${d.errors.some((e) => e.field === 'cancelReason') ? h` open` : ''}><summary class="details-summary">Annuller bestillingen</summary><div class="details-text">
<form method="post" action="/bestillinger/${d.order.id}/annuller" novalidate>${csrfField(d)}
${textField({ id: 'cancelReason', label: 'Årsag til annullering', value: d.values.cancelReason, errors: d.errors, required: true, width: 'xl' })}
<button type="submit" class="button button-secondary">Annuller bestilling</button></form></div></details>`;
}

/** One order: its summary, the answers to compare and choose from, and its history. */
export function orderDetailView(d: OrderDetail): Page {
  const failed = d.errors.length > 0 || Boolean(d.problem);
  return {
    title: titleWithErrors(`Bestilling ${d.order.citizen.reference}`, d.errors.length > 0),
    menu: '/bestillinger',
    status: failed ? 400 : 200,
    main: h`<p><a href="/bestillinger">Tilbage til mine bestillinger</a></p>
<h1>Bestilling: ${d.order.citizen.reference}</h1>
${d.notice}${d.problem ?? ''}${errorSummary(d.errors)}
${orderSummary(d.order)}
${actions(d.order, d.csrf)}
${chosen(d.order)}
${contractLink(d.order)}
${placementSection(d)}
${d.followUps}
<h2>Forespørgsler og svar</h2>
${answersTable(d.order)}
${selectionForm(d)}
${history(d.order, d.organisationNames)}
${cancelForm(d)}`,
  };
}
