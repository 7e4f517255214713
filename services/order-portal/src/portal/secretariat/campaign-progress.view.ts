import type { CampaignProgress } from '../../notifications/notifications.client';
import { when } from '../kit/format';
import { alert } from '../kit/form';
import { h, type Html } from '../kit/html';
import { csrfField } from '../kit/layout';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';
import { table } from '../kit/tables';
import { mailErrorText } from '../operator/operator-labels';

export interface CampaignProgressPage extends Pick<FormPage, 'csrf' | 'notice'> {
  progress: CampaignProgress;
  /** The page refreshes itself (a Refresh header) while letters are under way. */
  follow: boolean;
  done: boolean;
}

type Recipient = CampaignProgress['recipients'][number];

function statusText(r: Recipient): string {
  if (r.status === 'sent') return 'Sendt';
  if (r.status === 'failed') return 'Fejlet';
  if (r.status === 'not_accepted') return 'Ikke modtaget af udsendelsen endnu';
  return r.lastError ? 'Forsøges igen' : 'Sendes';
}

const row = (r: Recipient): Html =>
  h`<tr><th scope="row">${r.name}</th><td>${r.email}</td><td>${statusText(r)}</td><td>${r.lastError ? h`${mailErrorText(r.lastError)}<br><span class="form-hint">Serverens svar: <code>${r.lastError}</code></span>` : '–'}</td><td>${when(r.sentAt) || '–'}</td></tr>`;

/** Progress per recipient: sent, on its way, retrying, failed with why; retry the failed ones. */
export function campaignProgressView(p: CampaignProgressPage): Page {
  const c = p.progress;
  const retrying = c.recipients.filter(
    (r) => r.status !== 'failed' && r.status !== 'sent' && r.lastError,
  ).length;
  const underway = c.counts.pending + c.counts.sending + c.counts.not_accepted - retrying;
  const self = `/sekretariat/kampagner/${encodeURIComponent(c.id)}`;
  return {
    title: `Orienteringsbrev ${c.id}`,
    menu: '/sekretariat/kampagner',
    main: h`<p><a href="/sekretariat/kampagner">Tilbage til orienteringsbreve</a></p>
<h1>Orienteringsbrev: status</h1>
${p.notice}
<p>Kampagne <code>${c.id}</code>, startet ${when(c.createdAt)}. ${c.percentDone} % færdig.</p>
<ul>
<li>Sendt: ${c.counts.sent} af ${c.total}</li>
<li>Undervejs: ${underway}</li>
<li>Forsøges igen: ${retrying}</li>
<li>Fejlet: ${c.counts.failed}</li>
</ul>
${
  p.follow
    ? h`<p>Siden opdaterer sig selv hvert 5. sekund, mens brevene sendes. <a href="${self}?opdater=nej">Stop den automatiske opdatering</a>.</p>`
    : h`<p><a href="${self}">Opdater status</a></p>`
}
${p.done && !c.counts.failed ? alert('success', 'Alle breve er sendt.') : ''}
${
  c.counts.failed
    ? h`<form method="post" action="${self}/proev-igen">${csrfField(p)}<button type="submit" class="button button-secondary">Send de ${c.counts.failed} fejlede breve igen</button></form>`
    : ''
}
${table({ caption: 'Status pr. modtager', head: ['Leverandør', 'E-mailadresse', 'Status', 'Årsag', 'Sendt'], rows: c.recipients.map(row) })}`,
  };
}
