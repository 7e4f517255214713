import {
  dateInput,
  errorSummary,
  selectField,
  textArea,
  textField,
  titleWithErrors,
} from '../kit/form';
import { h } from '../kit/html';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';

export interface AnnouncePage extends FormPage {
  /** The offers the supplier runs, as [id, name]. */
  offers: [string, string][];
}

/** A supplier announces a new daily basis tariff for one of its offers. */
export function announceView(p: AnnouncePage): Page {
  const { values: v, errors } = p;
  return {
    title: titleWithErrors('Varsl en ny takst', errors.length > 0),
    menu: '/takstaendringer',
    status: errors.length || p.problem ? 400 : 200,
    main: h`<p><a href="/takstaendringer">Tilbage til takstændringer</a></p>
<h1>Varsl en ny takst</h1>
<p class="font-lead">Den nye grundtakst vurderes for hver kontrakt mod prisen i kraft. En stigning ud over P/L gælder kun, hvis kommunen godkender den; store stigninger indberettes til tilsynet.</p>
${p.problem ?? ''}${errorSummary(errors)}
<form method="post" action="/takstaendringer" novalidate>${csrfField(p)}
${selectField({ id: 'offerId', label: 'Tilbud', options: p.offers, value: v.offerId, errors, required: true, placeholder: 'Vælg tilbud' })}
${dateInput({ id: 'effectiveFrom', label: 'Gælder fra', value: v.effectiveFrom, errors, required: true })}
${textField({ id: 'dailyBasisTariff', label: 'Ny grundtakst pr. døgn i kr.', hint: 'Skriv beløbet som fx 2.345,50. Tillægstakster følger kontrakterne.', value: v.dailyBasisTariff, errors, width: 'm', inputmode: 'decimal', required: true })}
${textArea({ id: 'reason', label: 'Begrundelse', hint: 'Fx nye overenskomster eller ændret bemanding.', value: v.reason, errors, required: true })}
<button type="submit" class="button button-primary">Varsl takstændringen</button></form>`,
  };
}
