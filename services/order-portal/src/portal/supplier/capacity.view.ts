import { operatorAdjustmentRange } from '@rammeaftale/domain';
import type { listOwnOffers } from '../../offers/own-offers.use-case';
import { when } from '../kit/format';
import { errorSummary, textField, titleWithErrors } from '../kit/form';
import { h } from '../kit/html';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';

type Offer = Awaited<ReturnType<typeof listOwnOffers>>['items'][number];

export interface CapacityPage extends FormPage {
  offer: Offer;
}

const COUNTS = [
  ['placesInOperation', 'Pladser i drift'],
  ['occupied', 'Optagne pladser'],
  ['free', 'Ledige pladser'],
  ['waitingList', 'Antal på venteliste'],
] as const;

/** The capacity form of one offer: places in operation, occupied, free, the waiting list. */
export function capacityView(p: CapacityPage): Page {
  const c = p.offer.capacity;
  const value = (k: (typeof COUNTS)[number][0]) => p.values?.[k] ?? (c ? String(c[k]) : '');
  const range = operatorAdjustmentRange(p.offer.approvedPlaces);
  // The operator's ±20 % of the approved places (framework agreement), said where it is typed.
  const hint = (k: (typeof COUNTS)[number][0]) =>
    k === 'placesInOperation'
      ? `Højst ±20 % fra de ${p.offer.approvedPlaces} godkendte pladser: ${range.min}–${range.max}.`
      : undefined;
  return {
    title: titleWithErrors(`Kapacitet for ${p.offer.name}`, p.errors.length > 0),
    menu: '/leverandoer/tilbud',
    status: p.errors.length || p.problem ? 400 : 200,
    main: h`<p><a href="/leverandoer/tilbud">Tilbage til mine tilbud</a></p>
<h1>Kapacitet: ${p.offer.name}</h1>
<p>Godkendte pladser: ${p.offer.approvedPlaces}. ${c ? `Senest bekræftet ${when(c.confirmedAt)}.` : 'Kapaciteten er aldrig meldt.'}</p>
${p.problem ?? ''}${errorSummary(p.errors)}
<form method="post" action="/leverandoer/tilbud/${p.offer.id}/kapacitet" novalidate>${csrfField(p)}
${COUNTS.map(([id, label]) => textField({ id, label, hint: hint(id), value: value(id), errors: p.errors, required: true, width: 'xs', inputmode: 'numeric' }))}
<button type="submit" class="button button-primary">Gem og bekræft kapacitet</button></form>`,
  };
}
