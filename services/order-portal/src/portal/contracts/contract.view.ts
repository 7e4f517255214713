import type { ContractView } from '@rammeaftale/service-api';
import type { z } from 'zod';
import { day, kr, percentFromBp, when } from '../kit/format';
import { dateInput, errorSummary, titleWithErrors } from '../kit/form';
import { h, raw, type Html } from '../kit/html';
import { AUDIT_ACTION, CONTRACT_STATUS } from '../kit/labels';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';
import { table } from '../kit/tables';
import { endingFacts, endingForms } from './contract-ending.view';
import { proposalsSection } from './amendment-proposal.view';

type Contract = z.infer<typeof ContractView>;

export interface ContractPage extends FormPage {
  contract: Contract;
  isBuyer: boolean;
  isSupplier: boolean;
  /** A case worker of the acting or paying municipality: the order behind it is theirs to read. */
  seesOrder: boolean;
}

/** The step the signed-in party can take now, as a form (none when it is the other's turn). */
function actions(p: ContractPage): Html {
  const c = p.contract;
  const form = (path: string, label: string, extra: Html = raw('')) =>
    h`<form method="post" action="/kontrakter/${c.id}/${path}" class="mb-6" novalidate>${csrfField(p)}<input type="hidden" name="version" value="${c.version}">${extra}<button type="submit" class="button button-primary">${label}</button></form>`;
  if (p.isBuyer && c.status === 'draft') return form('send', 'Send kontrakten til leverandøren');
  if (p.isSupplier && c.status === 'sent_to_supplier')
    return h`<p>Læs version ${c.version} (PDF nedenfor), før I accepterer.</p>${form('accepter', `Acceptér version ${c.version}`)}`;
  if (p.isBuyer && c.status === 'accepted_by_supplier')
    return form('underskriv', `Underskriv version ${c.version}`);
  if (p.isBuyer && c.status === 'signed_by_buyer')
    return form(
      'aktiver',
      'Aktivér kontrakten',
      dateInput({
        id: 'startedOn',
        label: 'Placeringen startede',
        hint: `Tom: kontraktens startdato (${day(c.startDate)}).`,
        value: p.values.startedOn,
        errors: p.errors,
      }),
    );
  return raw('');
}

function parties(c: Contract): Html {
  return h`<h2>Parter</h2>
<dl class="summary">
<dt>Handlekommune</dt><dd>${c.actingMunicipality.name}</dd>
<dt>Betalingskommune</dt><dd>${c.payingMunicipality.name}</dd>
<dt>Leverandør</dt><dd>${c.supplier.name}${c.supplier.cvr ? ` (CVR ${c.supplier.cvr})` : ''}</dd>
<dt>Tilbud</dt><dd>${c.offer.name}${c.offer.departmentName ? `, ${c.offer.departmentName}` : ''}</dd>
<dt>Tilsyn</dt><dd>${c.offer.supervisingAuthority}</dd>
<dt>Borger</dt><dd>${c.citizen.reference}${c.citizen.isChild ? ' (barn/ung)' : ''}</dd>
</dl>`;
}

function serviceAndPrice(p: ContractPage): Html {
  const c = p.contract;
  return h`<h2>Ydelse og pris</h2>
<dl class="summary">
<dt>Ydelser</dt><dd><ul class="reasons">${c.services.map((s) => h`<li>${s.description} (${s.legalBasis})</li>`)}</ul></dd>
<dt>Døgntakst i alt</dt><dd>${kr(c.price.dailyTotalOre)} (grundtakst ${kr(c.price.dailyBasisTariffOre)}${c.price.additionalTariffs.map((a) => `, ${a.description} ${kr(a.dailyOre)}`).join('')}), takstår ${c.price.tariffYear}</dd>
<dt>Prisregulering</dt><dd>P/L ${percentFromBp(c.priceRegulation.plRateBp)}. Stigninger ud over P/L kræver kommunens godkendelse.</dd>
<dt>Start</dt><dd>${day(c.startDate)}${c.activatedOn ? `, aktiv fra ${day(c.activatedOn)}` : ''}</dd>
${c.endDate ? h`<dt>Aftalt slutdato</dt><dd>${day(c.endDate)}</dd>` : ''}
<dt>Betaling</dt><dd>${c.paymentDays} dage</dd>
<dt>Opsigelse</dt><dd>Kommunen ${c.notice.buyerMonths} mdr., leverandøren ${c.notice.supplierMonths} mdr.</dd>
${endingFacts(p)}
</dl>`;
}

function amendments(c: Contract): Html {
  if (!c.amendments.length) return h``;
  return h`<h2>Tillæg</h2>${table({
    caption: 'Nummererede tillæg',
    head: ['Nr.', 'Gælder fra', 'Indhold', 'Stigning', 'Godkendelse'],
    rows: c.amendments.map(
      (
        a,
      ) => h`<tr><th scope="row">${a.number}</th><td>${day(a.effectiveFrom)}</td><td>${a.description}${a.price ? ` – ny døgntakst ${kr(a.price.dailyTotalOre)}` : ''}</td>
<td>${a.change ? a.change.increasePercent : '–'}</td><td>${a.approval ? `${a.approval.reference} (${day(a.approval.approvedOn)})` : '–'}</td></tr>`,
    ),
  })}`;
}

function documentsAndHistory(c: Contract): Html {
  return h`<h2>Dokumenter</h2>
<ul>${c.versions.map(
    (v) =>
      h`<li><a href="/kontrakter/${c.id}/versioner/${v.number}/pdf">Version ${v.number} (PDF)</a> – ${v.reason}, ${when(v.createdAt)}</li>`,
  )}</ul>
<h2>Historik</h2>
<ol>${c.audit.map((a) => h`<li>${when(a.at)}: ${AUDIT_ACTION[a.action] ?? a.action} (version ${a.version})</li>`)}</ol>`;
}

/** One contract: the step to take now, the parties, service and price, amendments, documents. */
export function contractView(p: ContractPage): Page {
  const c = p.contract;
  return {
    title: titleWithErrors(`Kontrakt om ${c.offer.name}`, p.errors.length > 0),
    menu: '/kontrakter',
    // A refused step answers 409 (the contract is not where the form thought), a bad field 400.
    status: p.errors.length ? 400 : p.problem ? 409 : 200,
    main: h`<p><a href="/kontrakter">Tilbage til kontrakter</a></p>
<h1>Kontrakt om ${c.offer.name}</h1>
${p.notice}${p.problem ?? ''}${errorSummary(p.errors)}
<p class="font-lead">${c.template.title}, version ${c.version}. Status: <strong>${CONTRACT_STATUS[c.status] ?? c.status}</strong>.</p>
${p.seesOrder ? h`<p><a href="/bestillinger/${c.orderId}">Se bestillingen, kontrakten er lavet ud fra</a></p>` : ''}
${actions(p)}
${parties(c)}
${serviceAndPrice(p)}
<h2>Mål for borgerens udvikling</h2>
<ul>${c.goals.map((g) => h`<li>${g.goal} <span class="form-hint">Opfølgning: ${g.followUp}</span></li>`)}</ul>
${endingForms(p)}
${amendments(c)}
${proposalsSection(p)}
${documentsAndHistory(c)}`,
  };
}
