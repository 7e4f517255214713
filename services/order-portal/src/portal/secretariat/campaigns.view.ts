import type { CampaignRow } from '../../notifications/notifications.client';
import { when } from '../kit/format';
import { h, type Html } from '../kit/html';
import type { Page } from '../kit/page';
import type { FormPage } from '../kit/submit';
import { table, tableOr } from '../kit/tables';

export interface CampaignsPage extends Pick<FormPage, 'notice'> {
  /** Undefined: the portal has no notifications service to ask. */
  items?: CampaignRow[];
}

export const NOT_CONNECTED = h`<p>Portalen er ikke forbundet med tjenesten for breve og indberetninger, så orienteringsbreve kan ikke sendes eller følges herfra.</p>`;

const row = (c: CampaignRow): Html => {
  const waiting = c.counts.pending + c.counts.sending;
  return h`<tr><th scope="row"><a href="/sekretariat/kampagner/${encodeURIComponent(c.id)}">Orienteringsbrev ${c.id.split('-')[1] ?? ''}</a><br><span class="form-hint">${c.id}</span></th><td>${when(c.createdAt)}</td><td>${c.total}</td><td>${c.counts.sent}</td><td>${waiting}</td><td>${c.counts.failed}</td></tr>`;
};

/** The campaigns sent, newest first, with how far each has come. */
export function campaignsView(p: CampaignsPage): Page {
  return {
    title: 'Orienteringsbreve',
    menu: '/sekretariat/kampagner',
    main: h`<h1>Orienteringsbreve</h1>
${p.notice}
<p class="font-lead">Orienteringsbrevet om standardkontrakter og takststigninger sendes til leverandørerne i registret med årets P/L-sats og indberetningsgrænser.</p>
<p><a class="button button-primary" href="/sekretariat/kampagner/ny">Send et nyt orienteringsbrev</a></p>
${
  p.items
    ? tableOr(p.items.map(row), 'Der er ikke sendt orienteringsbreve endnu.', () =>
        table({
          caption: 'Sendte orienteringsbreve, nyeste først',
          head: ['Kampagne', 'Startet', 'Modtagere', 'Sendt', 'Undervejs', 'Fejlet'],
          rows: p.items!.map(row),
        }),
      )
    : NOT_CONNECTED
}`,
  };
}
