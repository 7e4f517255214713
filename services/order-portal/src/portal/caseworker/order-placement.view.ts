import { contractIdOfOrder, nextContractIdOfOrder } from '../../contracts/contract-ids';
import type { Order } from '../../orders/order.repository';
import { day, when } from '../kit/format';
import { dateInput, textArea } from '../kit/form';
import { h, type Html } from '../kit/html';
import { csrfField } from '../kit/layout';
import type { FormPage } from '../kit/submit';

/** The order's contract, once an offer is selected: the contracts service drafts it from the order. */
export function contractLink(order: Order): Html {
  const c0 = order.contract;
  if (!order.selection && c0?.cancelledAt)
    return h`<h2>Kontrakt</h2><p>Kontrakten blev ${c0.cancelledAs === 'rejected' ? 'afvist af leverandøren' : 'trukket tilbage'} ${when(c0.cancelledAt)}. Vælg et andet tilbud, eller søg igen. <a href="/kontrakter/${c0.contractId}">Se den tidligere kontrakt</a></p>`;
  if (!order.selection) return h``;
  // Selected again after its contract was withdrawn or rejected: the next contract is drafted.
  const c = c0?.cancelledAt ? undefined : c0;
  const id = c0?.cancelledAt
    ? nextContractIdOfOrder(order.id, c0.contractId)
    : (c0?.contractId ?? contractIdOfOrder(order.id));
  const state = c?.terminatedAt
    ? `Kontrakten er opsagt${c.effectiveDate ? ` med virkning ${day(c.effectiveDate)}` : ''}.`
    : c?.signedAt
      ? `Kontrakten er underskrevet ${when(c.signedAt)}.`
      : 'Kontrakten udarbejdes ud fra bestillingen og sendes herfra til leverandøren.';
  return h`<h2>Kontrakt</h2><p>${state} <a href="/kontrakter/${id}">Se kontrakten</a></p>`;
}

/** When the placement started and ended, as the case worker recorded it. */
function placementFacts(order: Order): Html {
  const p = order.placement;
  if (!p) return h``;
  return h`<dl class="summary">
<dt>Anbringelsen startede</dt><dd>${day(p.startedOn)}</dd>
${p.endedOn ? h`<dt>Anbringelsen sluttede</dt><dd>${day(p.endedOn)}</dd><dt>Årsag</dt><dd>${p.endReason ?? ''}</dd>` : ''}
</dl>`;
}

/** The next step of the placement the case worker records: its start, then its end. */
function placementForm(d: FormPage & { order: Order }): Html {
  const o = d.order;
  if (o.status === 'contracted')
    return h`<form method="post" action="/bestillinger/${o.id}/anbringelse/start" novalidate>${csrfField(d)}
${dateInput({ id: 'startedOn', label: 'Anbringelsen startede', hint: 'Den dag borgeren flyttede ind.', value: d.values.startedOn, errors: d.errors, required: true })}
<button type="submit" class="button button-primary">Registrér start</button></form>`;
  if (o.status === 'active')
    return h`<form method="post" action="/bestillinger/${o.id}/anbringelse/slut" novalidate>${csrfField(d)}
${dateInput({ id: 'endedOn', label: 'Anbringelsens sidste dag', value: d.values.endedOn, errors: d.errors, required: true })}
${textArea({ id: 'endReason', label: 'Årsag til ophøret', value: d.values.endReason, errors: d.errors, required: true })}
<button type="submit" class="button button-secondary">Registrér ophør</button></form>`;
  return h``;
}

/** The placement section of the order page (contracted, active or ended orders only). */
export function placementSection(d: FormPage & { order: Order }): Html {
  const o = d.order;
  if (!['contracted', 'active', 'ended'].includes(o.status) && !o.placement) return h``;
  return h`<h2>Anbringelsen</h2>
${o.placement ? placementFacts(o) : h`<p>Anbringelsen er ikke startet endnu.</p>`}
${placementForm(d)}`;
}
