import type { TariffChangeSummaryView } from '@rammeaftale/service-api';
import type { z } from 'zod';
import { day } from '../kit/format';
import { h } from '../kit/html';
import type { Page } from '../kit/page';
import { table } from '../kit/tables';

/** The announced tariff changes the signed-in party is part of. */
export function tariffChangesView(
  items: z.infer<typeof TariffChangeSummaryView>[],
  canAnnounce: boolean,
): Page {
  return {
    title: 'Takstændringer',
    menu: '/takstaendringer',
    main: h`<h1>Takstændringer</h1>
<p class="font-lead">Varslede takstændringer. En stigning ud over P/L kræver kommunens godkendelse; store stigninger indberettes til tilsynet.</p>
${canAnnounce ? h`<p><a class="button button-secondary" href="/takstaendringer/ny">Varsl en ny takst</a></p>` : ''}
${
  items.length
    ? table({
        caption: 'Takstændringer',
        head: [
          'Tilbud',
          'Leverandør',
          'Gælder fra',
          'Største stigning',
          'Afventer godkendelse',
          'Frist',
        ],
        rows: items.map(
          (
            t,
          ) => h`<tr><th scope="row"><a href="/takstaendringer/${t.id}">${t.offer.name}</a></th><td>${t.supplierName}</td><td>${day(t.effectiveFrom)}</td>
<td>${t.maxIncreasePercent}${t.reported ? ' (indberettet til tilsynet)' : ''}</td><td>${t.awaitingApproval} af ${t.contracts}</td><td>${day(t.approvalDeadline)}${t.overdue ? ' – overskredet' : ''}</td></tr>`,
        ),
      })
    : h`<p>Der er ingen takstændringer.</p>`
}`,
  };
}
