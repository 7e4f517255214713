import type { Order } from '../../orders/order.repository';
import { day, kr, when } from '../kit/format';
import { radioGroup, selectField, textArea, type FieldError } from '../kit/form';
import type { FormValues } from '../kit/form-kit';
import { h, type Html } from '../kit/html';
import { PRIVATE_REASONS, REQUEST_STATUS, tierBadge } from '../kit/labels';
import { csrfField } from '../kit/layout';
import { table } from '../kit/tables';

/** The suppliers' answers side by side, to compare before choosing. */
export function answersTable(order: Order): Html {
  if (!order.requests.length)
    return h`<p>Der er ikke sendt forespørgsler endnu. Søg pladser og vælg de tilbud, der skal spørges.</p>`;
  return table({
    caption: 'Svar fra leverandørerne, til sammenligning',
    head: [
      'Tilbud',
      'Type',
      'Status',
      'Døgnpris',
      'Mulig start',
      'Betingelser eller afslag',
      'Svarfrist',
    ],
    rows: order.requests.map(
      (
        r,
      ) => h`<tr><th scope="row">${r.offerName}</th><td>${tierBadge(r.tier)}</td><td>${REQUEST_STATUS[r.status] ?? r.status}</td>
<td>${r.answer?.kind === 'offer' ? kr(r.answer.dailyPriceOre) : '–'}</td>
<td>${r.answer?.possibleStart ? day(r.answer.possibleStart) : '–'}</td>
<td>${r.answer?.kind === 'offer' ? (r.answer.conditions ?? '') : (r.answer?.declineReason ?? '')}</td>
<td>${when(r.deadline)}</td></tr>`,
    ),
  });
}

/** The answers with an offer, the ones a case worker can choose. */
export const offered = (order: Order) =>
  order.requests.filter((r) => r.status === 'offered' && r.answer?.kind === 'offer');

function privateReasonFields(
  order: Order,
  opts: { values: FormValues; errors: FieldError[] },
): Html {
  const publicFree = order.lastSearch?.publicCapacityAvailable ?? false;
  return h`<fieldset class="mb-6"><legend class="h3">Begrundelse for valg af privat tilbud</legend>
<p class="form-hint">${publicFree ? 'Et egnet offentligt tilbud har ledig plads. Vælger du et privat tilbud, skal du begrunde valget – begrundelsen gemmes og indgår i rapporterne.' : 'Udfyldes, hvis du vælger et privat tilbud, mens et egnet offentligt tilbud har ledig plads.'}</p>
${selectField({ id: 'privateReasonCode', label: 'Begrundelse', options: PRIVATE_REASONS, conditional: true, value: opts.values.privateReasonCode, errors: opts.errors, placeholder: 'Vælg begrundelse' })}
${textArea({ id: 'privateReasonText', conditional: true, label: 'Uddybning', hint: 'Mindst 10 tegn.', value: opts.values.privateReasonText, errors: opts.errors })}
</fieldset>`;
}

/**
 * The choice among the answers with an offer; when a private one is among them, the reason that
 * choosing it over a free public place needs.
 */
export function selectionForm(d: {
  order: Order;
  csrf: string;
  values: FormValues;
  errors: FieldError[];
}): Html {
  const answers = offered(d.order);
  if (d.order.status !== 'offers_received' || !answers.length) return h``;
  return h`<h2 id="vaelg">Vælg tilbud</h2>
<form method="post" action="/bestillinger/${d.order.id}/valg" novalidate>
${csrfField(d)}
${radioGroup({
  name: 'requestId',
  legend: 'Hvilket tilbud vælger du?',
  options: answers.map((r) => [
    r.requestId,
    `${r.offerName} – ${r.tier === 'public' ? 'offentligt' : 'privat'} – ${kr(r.answer?.dailyPriceOre)} pr. døgn`,
    r.answer?.possibleStart ? `Mulig start ${day(r.answer.possibleStart)}` : undefined,
  ]),
  value: d.values.requestId,
  errors: d.errors,
})}
${answers.some((r) => r.tier === 'private') ? privateReasonFields(d.order, d) : ''}
<button type="submit" class="button button-primary">Vælg tilbud</button>
</form>`;
}
