import type { DeliveryRow } from '../../notifications/notifications.client';
import { when } from '../kit/format';
import { h, type Html } from '../kit/html';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';
import { table, tableOr } from '../kit/tables';
import { LETTER_KINDS, mailErrorText } from './operator-labels';

export interface DeliveriesPage extends Pick<FormPage, 'csrf' | 'notice'> {
  /** Undefined: the portal has no notifications service to ask. */
  lists?: { failed: DeliveryRow[]; retrying: DeliveryRow[] };
}

const NOT_CONNECTED = h`<p>Portalen er ikke forbundet med tjenesten for breve og indberetninger, så brevene kan ikke vises her.</p>`;

/** A bounce is flagged in words (not by colour alone), with what the letter was about. */
const bounceFlag = (d: DeliveryRow): Html =>
  d.bounce
    ? h`<span class="badge badge-error">Afvist af modtageren</span>${aboutText(d)}<br>`
    : h``;

function aboutText(d: DeliveryRow): Html {
  if (d.about?.contractId) return h` <span class="form-hint">Kontrakt ${d.about.contractId}</span>`;
  if (d.about?.tariffChangeId)
    return h` <span class="form-hint">Takstændring ${d.about.tariffChangeId}</span>`;
  return h``;
}

const reason = (d: DeliveryRow): Html =>
  h`${bounceFlag(d)}${d.lastError?.startsWith('ETLS') ? 'Mailserveren tilbød ingen krypteret forbindelse (TLS), så brevet blev ikke sendt' : mailErrorText(d.lastError)}${d.lastError ? h`<br><span class="form-hint">Serverens svar: <code>${d.lastError}</code></span>` : ''}`;

const letter = (d: DeliveryRow): Html =>
  h`<th scope="row">${LETTER_KINDS[d.kind] ?? d.kind}<br><span class="form-hint">${d.subject}</span></th><td>${d.to.join(', ')}</td>`;

function failedRow(d: DeliveryRow, csrf: string): Html {
  return h`<tr>${letter(d)}<td>${reason(d)}</td><td>${d.attempts}</td><td>${when(d.updatedAt)}</td>
<td><form method="post" action="/drift/forsendelser/${encodeURIComponent(d.id)}/proev-igen">${csrfField({ csrf })}<button type="submit" class="button button-secondary">Prøv igen<span class="sr-only">: ${LETTER_KINDS[d.kind] ?? d.kind} til ${d.to.join(', ')}</span></button></form></td></tr>`;
}

const retryingRow = (d: DeliveryRow): Html =>
  h`<tr>${letter(d)}<td>${reason(d)}</td><td>${d.attempts}</td><td>${when(d.updatedAt)}</td></tr>`;

/** Letters that failed for good (with a retry each) and letters waiting for another attempt. */
export function deliveriesView(p: DeliveriesPage): Page {
  return {
    title: 'Fejlede breve',
    menu: '/drift/forsendelser',
    main: h`<p><a href="/drift">Tilbage til drift</a></p>
<h1>Fejlede breve og breve, der forsøges igen</h1>
${p.notice}
${p.lists ? lists(p, p.lists) : NOT_CONNECTED}`,
  };
}

function lists(p: DeliveriesPage, l: NonNullable<DeliveriesPage['lists']>): Html {
  return h`<h2>Opgivet</h2>
<p>Brevene her blev ikke afleveret, og der forsøges ikke mere af sig selv. Ret årsagen (fx modtagerens adresse hos mailudbyderen), og prøv igen. Et brev mærket »Afvist af modtageren« blev afvist for altid af modtagerens mailserver; kontrakten eller takstændringen, det hører til, står ved brevet.</p>
${tableOr(
  l.failed.map((d) => failedRow(d, p.csrf)),
  'Ingen breve er opgivet.',
  () =>
    table({
      caption: 'Opgivne breve',
      head: ['Brev', 'Modtager', 'Årsag', 'Forsøg', 'Sidst ændret', 'Handling'],
      rows: l.failed.map((d) => failedRow(d, p.csrf)),
    }),
)}
<h2>Forsøges igen</h2>
<p>Et forsøg mislykkedes; brevet sendes igen af sig selv med stigende mellemrum.</p>
${tableOr(l.retrying.map(retryingRow), 'Ingen breve venter på et nyt forsøg.', () =>
  table({
    caption: 'Breve, der forsøges igen',
    head: ['Brev', 'Modtager', 'Årsag til sidste fejl', 'Forsøg', 'Sidst ændret'],
    rows: l.retrying.map(retryingRow),
  }),
)}
<p><a href="/drift/forsendelser">Opdater listen</a></p>`;
}
