import { day } from '../kit/format';
import { dateInput, textArea } from '../kit/form';
import { h, type Html } from '../kit/html';
import { csrfField } from '../kit/layout';
import type { ContractPage } from './contract.view';

const UNSIGNED = ['draft', 'sent_to_supplier', 'accepted_by_supplier'];
const RUNNING = ['active', 'amended'];

/** One ending as a folded section: opened when its own form came back with errors. */
function section(
  p: ContractPage,
  o: { path: string; title: string; fields: string[]; body: Html },
) {
  const open = p.errors.some((e) => o.fields.includes(e.field));
  return h`<details class="details"${open ? h` open` : ''}><summary class="details-summary">${o.title}</summary><div class="details-text">
<form method="post" action="/kontrakter/${p.contract.id}/${o.path}" novalidate>${csrfField(p)}
${o.body}
<button type="submit" class="button button-secondary">${o.title}</button></form></div></details>`;
}

/** How the signed-in party can end the contract now (nothing when it has ended). */
export function endingForms(p: ContractPage): Html {
  const c = p.contract;
  const v = p.values;
  const e = p.errors;
  const forms: Html[] = [];
  if (p.isBuyer && UNSIGNED.includes(c.status))
    forms.push(
      section(p, {
        path: 'trak-tilbage',
        title: 'Træk kontrakten tilbage',
        fields: ['withdrawReason'],
        body: textArea({
          id: 'withdrawReason',
          label: 'Begrundelse',
          hint: 'Leverandøren får et brev med begrundelsen, hvis kontrakten er sendt.',
          value: v.withdrawReason,
          errors: e,
          required: true,
        }),
      }),
    );
  if (p.isSupplier && c.status === 'sent_to_supplier')
    forms.push(
      section(p, {
        path: 'afvis',
        title: 'Afvis kontrakten',
        fields: ['rejectReason'],
        body: textArea({
          id: 'rejectReason',
          label: 'Begrundelse',
          hint: 'Kommunen får et brev med begrundelsen.',
          value: v.rejectReason,
          errors: e,
          required: true,
        }),
      }),
    );
  if ((p.isBuyer || p.isSupplier) && RUNNING.includes(c.status) && !c.termination) {
    const months = p.isBuyer ? c.notice.buyerMonths : c.notice.supplierMonths;
    forms.push(
      section(p, {
        path: 'opsig',
        title: 'Opsig kontrakten',
        fields: ['noticeGivenOn', 'terminationReason'],
        body: h`<p>Opsigelsesvarslet er ${months} måneder til udgangen af en måned.</p>
${dateInput({ id: 'noticeGivenOn', label: 'Opsigelsen er givet', value: v.noticeGivenOn, errors: e, required: true })}
${textArea({ id: 'terminationReason', label: 'Begrundelse', value: v.terminationReason, errors: e, required: true })}`,
      }),
      section(p, {
        path: 'ophaev',
        title: 'Ophæv kontrakten',
        fields: ['effectiveOn', 'rescissionReason'],
        body: h`<p>Ophævelse afslutter kontrakten uden varsel, fx ved væsentlig misligholdelse. Begrundelsen er påkrævet.</p>
${dateInput({ id: 'effectiveOn', label: 'Kontrakten ophører', hint: 'Tom: i dag.', value: v.effectiveOn, errors: e })}
${textArea({ id: 'rescissionReason', label: 'Begrundelse', value: v.rescissionReason, errors: e, required: true })}`,
      }),
    );
  }
  return forms.length ? h`<h2>Afslut kontrakten</h2>${forms}` : h``;
}

/** How the contract ended, if it did: by notice, at once, withdrawn or rejected. */
export function endingFacts(p: ContractPage): Html {
  const c = p.contract;
  const t = c.termination;
  const x = c.cancellation;
  const who = (party: string) => (party === 'buyer' ? 'kommunen' : 'leverandøren');
  if (t)
    return t.kind === 'immediate'
      ? h`<dt>Ophævet</dt><dd>Af ${who(t.party)} med virkning ${day(t.effectiveDate)}: ${t.reason}</dd>`
      : h`<dt>Opsagt</dt><dd>Af ${who(t.party)} ${day(t.noticeGivenOn)} med virkning ${day(t.effectiveDate)}: ${t.reason}</dd>`;
  if (x)
    return h`<dt>${x.kind === 'withdrawn' ? 'Trukket tilbage' : 'Afvist'}</dt><dd>Af ${who(x.party)}: ${x.reason}</dd>`;
  return h``;
}
