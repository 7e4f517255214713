import type { listSupplierRequests } from '../../orders/requests.use-case';
import { day, when } from '../kit/format';
import { h } from '../kit/html';
import { REQUEST_STATUS, municipalityName, targetGroupName } from '../kit/labels';
import type { Page } from '../kit/page';
import { table } from '../kit/tables';

type SupplierRequest = Awaited<ReturnType<typeof listSupplierRequests>>[number];

/** The supplier's requests as anonymised profiles, newest first. */
export function requestsView(items: SupplierRequest[]): Page {
  const sorted = [...items].sort(
    (a, b) => new Date(b.sentAt).getTime() - new Date(a.sentAt).getTime(),
  );
  return {
    title: 'Forespørgsler',
    menu: '/leverandoer/forespoergsler',
    main: h`<h1>Forespørgsler</h1>
<p class="font-lead">Kommunernes forespørgsler på jeres tilbud. Borgeren vises som en anonymiseret profil, indtil der er indgået kontrakt.</p>
${
  sorted.length
    ? table({
        caption: 'Forespørgsler, nyeste først',
        head: ['Tilbud', 'Kommune', 'Målgruppe', 'Alder', 'Ønsket start', 'Svarfrist', 'Status'],
        rows: sorted.map(
          (
            r,
          ) => h`<tr><th scope="row"><a href="/leverandoer/forespoergsler/${r.requestId}">${r.offerName}</a></th>
<td>${municipalityName(r.buyerMunicipalityCode)}</td><td>${targetGroupName(r.profile.targetGroup)}</td><td>${r.profile.age} år</td>
<td>${day(r.profile.wantedStart)}</td><td>${when(r.deadline)}</td><td>${REQUEST_STATUS[r.status] ?? r.status}</td></tr>`,
        ),
      })
    : h`<p>Der er ingen forespørgsler.</p>`
}`,
  };
}
