import type { AmendmentProposalView } from '@rammeaftale/service-api';
import { day, kr, when } from '../kit/format';
import { dateInput, textArea, textField } from '../kit/form';
import { h, type Html } from '../kit/html';
import { csrfField } from '../kit/layout';
import { table } from '../kit/tables';
import type { ContractPage } from './contract.view';

const RUNNING = ['active', 'amended'];
const who = (party: string) => (party === 'buyer' ? 'Kommunen' : 'Leverandøren');

/** What a proposal changes, in Danish, each change on its own line. */
function changes(p: AmendmentProposalView): Html {
  const c = p.changes;
  const lines: Html[] = [];
  if (c.services)
    lines.push(
      h`<li>Ydelser: ${c.services.map((s) => `${s.description} (${s.legalBasis})`).join('; ')}</li>`,
    );
  if (c.dailyBasisTariffOre !== undefined)
    lines.push(h`<li>Grundtakst pr. døgn: ${kr(c.dailyBasisTariffOre)}</li>`);
  if (c.additionalTariffs)
    lines.push(
      h`<li>Tillægstakster: ${c.additionalTariffs.length ? c.additionalTariffs.map((t) => `${t.description} ${kr(t.dailyOre)}`).join('; ') : 'ingen'}</li>`,
    );
  if (c.endDate) lines.push(h`<li>Slutdato: ${day(c.endDate)}</li>`);
  return h`<ul class="reasons">${lines}</ul>`;
}

/** The signed-in party is the one that did not propose it: it decides. */
const decidesOn = (p: ContractPage, proposal: AmendmentProposalView) =>
  (p.isBuyer && proposal.party === 'supplier') || (p.isSupplier && proposal.party === 'buyer');

/** The proposal awaiting an answer, with the other party's accept and decline buttons. */
function pending(p: ContractPage, proposal: AmendmentProposalView): Html {
  const other = proposal.party === 'buyer' ? 'leverandøren' : 'kommunen';
  const running = RUNNING.includes(p.contract.status);
  const answer = !running
    ? h`<p>Kontrakten er afsluttet, så forslaget kan ikke længere besvares.</p>`
    : decidesOn(p, proposal)
      ? h`<form method="post" action="/kontrakter/${p.contract.id}/tillaeg/${proposal.number}/svar" novalidate>${csrfField(p)}
${textArea({ id: 'decisionComment', label: 'Bemærkning', hint: `${who(proposal.party)} kan læse bemærkningen i portalen.`, value: p.values.decisionComment, errors: p.errors })}
<button type="submit" name="decision" value="accept" class="button button-primary">Acceptér forslag nr. ${proposal.number}</button>
<button type="submit" name="decision" value="decline" class="button button-secondary">Afvis forslag nr. ${proposal.number}</button>
</form>`
      : h`<p>Forslaget venter på svar fra ${other}.</p>`;
  return h`<h3>Forslag nr. ${proposal.number}${running ? ' venter på svar' : ' blev ikke besvaret'}</h3>
<dl class="summary">
<dt>Foreslået af</dt><dd>${who(proposal.party)}, ${when(proposal.proposedAt)}</dd>
<dt>Gælder fra</dt><dd>${day(proposal.effectiveFrom)}</dd>
<dt>Ændringer</dt><dd>${changes(proposal)}</dd>
<dt>Begrundelse</dt><dd>${proposal.reason}</dd>
</dl>
${answer}`;
}

function decided(list: AmendmentProposalView[]): Html {
  if (!list.length) return h``;
  return table({
    caption: 'Besvarede forslag',
    head: ['Nr.', 'Foreslået af', 'Gælder fra', 'Ændringer', 'Svar'],
    rows: list.map(
      (x) =>
        h`<tr><th scope="row">${x.number}</th><td>${who(x.party)}, ${when(x.proposedAt)}</td><td>${day(x.effectiveFrom)}</td><td>${changes(x)}<span class="form-hint">Begrundelse: ${x.reason}</span></td>
<td>${x.status === 'accepted' ? `Accepteret (tillæg nr. ${x.decision?.amendmentNumber ?? '–'})` : 'Afvist'}${x.decision?.comment ? `: ${x.decision.comment}` : ''}</td></tr>`,
    ),
  });
}

/** The form a party of a running contract proposes an amendment with (none while one is pending). */
function proposalForm(p: ContractPage): Html {
  const c = p.contract;
  const v = p.values;
  const e = p.errors;
  const open = e.some((x) => x.field.startsWith('proposal'));
  const now = c.services.map((s) => `${s.description} (${s.legalBasis})`).join('; ');
  return h`<details class="details"${open ? h` open` : ''}><summary class="details-summary">Foreslå et tillæg</summary><div class="details-text">
<p>Ændringen gælder først, når ${p.isBuyer ? 'leverandøren' : 'kommunen'} har accepteret den. Udfyld det, der skal ændres.</p>
<form method="post" action="/kontrakter/${c.id}/tillaeg" novalidate>${csrfField(p)}
${dateInput({ id: 'proposalEffectiveFrom', label: 'Ændringen gælder fra', value: v.proposalEffectiveFrom, errors: e, required: true })}
${textArea({ id: 'proposalServices', label: 'Ydelser', hint: `Alle ydelser efter ændringen, én pr. linje med lovgrundlaget i parentes. Tom: uændret. Nu: ${now}.`, value: v.proposalServices, errors: e })}
${textField({ id: 'proposalDailyBasisTariff', label: 'Ny grundtakst pr. døgn (kr.)', hint: `Tom: uændret. Nu: ${kr(c.price.dailyBasisTariffOre)}.`, value: v.proposalDailyBasisTariff, errors: e, width: 'm', inputmode: 'decimal' })}
${dateInput({ id: 'proposalEndDate', label: 'Aftalt slutdato', hint: c.endDate ? `Nu: ${day(c.endDate)}.` : 'Tom: ingen slutdato.', value: v.proposalEndDate, errors: e })}
${textArea({ id: 'proposalReason', label: 'Begrundelse', hint: 'Den anden part læser begrundelsen i portalen; den står ikke i brevet.', value: v.proposalReason, errors: e, required: true })}
<button type="submit" class="button button-secondary">Send forslaget</button>
</form></div></details>`;
}

/**
 * Amendments by agreement on the contract page: both parties see the proposal awaiting an answer
 * and the answered ones; the party that did not propose accepts or declines; a party of a running
 * contract with no proposal pending can propose one.
 */
export function proposalsSection(p: ContractPage): Html {
  const c = p.contract;
  const list = c.amendmentProposals;
  const open = list.find((x) => x.status === 'pending');
  const mayPropose =
    (p.isBuyer || p.isSupplier) && RUNNING.includes(c.status) && !c.termination && !open;
  if (!list.length && !mayPropose) return h``;
  return h`<h2>Forslag til tillæg</h2>
${open ? pending(p, open) : ''}
${mayPropose ? proposalForm(p) : ''}
${decided(list.filter((x) => x.status !== 'pending'))}`;
}
