import type { Request } from 'express';
import { REQUEST_STATUSES } from '../../orders/order.schemas';
import type { listSupplierRequests } from '../../orders/requests.use-case';
import { day, when } from '../kit/format';
import { h } from '../kit/html';
import { REQUEST_STATUS, municipalityName, targetGroupName } from '../kit/labels';
import { countLine, filterForm } from '../kit/list-filters';
import type { Page } from '../kit/page';
import { cursorNav } from '../kit/pagination';
import { table, tableOr } from '../kit/tables';

type RequestPage = Awaited<ReturnType<typeof listSupplierRequests>>;

const FILTERS = [
  { name: 'q', label: 'Tilbuddets navn indeholder' },
  {
    name: 'status',
    label: 'Status',
    options: REQUEST_STATUSES.map((s): [string, string] => [s, REQUEST_STATUS[s] ?? s]),
  },
];

/** The supplier's requests as anonymised profiles, newest first, with search and filters. */
export function requestsView(
  page: RequestPage,
  req: Request,
  filters: Readonly<Record<string, string>>,
): Page {
  const filtered = Boolean(filters.q || filters.status);
  const rows = page.items.map(
    (
      r,
    ) => h`<tr><th scope="row"><a href="/leverandoer/forespoergsler/${r.requestId}">${r.offerName}</a></th>
<td>${municipalityName(r.buyerMunicipalityCode)}</td><td>${targetGroupName(r.profile.targetGroup)}</td><td>${r.profile.age} år</td>
<td>${day(r.profile.wantedStart)}</td><td>${when(r.deadline)}</td><td>${REQUEST_STATUS[r.status] ?? r.status}</td></tr>`,
  );
  return {
    title: 'Forespørgsler',
    menu: '/leverandoer/forespoergsler',
    main: h`<h1>Forespørgsler</h1>
<p class="font-lead">Kommunernes forespørgsler på jeres tilbud. Borgeren vises som en anonymiseret profil, indtil der er indgået kontrakt.</p>
${filterForm({ path: '/leverandoer/forespoergsler', legend: 'Søg i forespørgslerne', fields: FILTERS, values: filters })}
${countLine(page.count, filtered ? 'forespørgsel matcher' : 'forespørgsel', filtered ? 'forespørgsler matcher' : 'forespørgsler')}
${tableOr(
  rows,
  filtered ? 'Ingen forespørgsler matcher søgningen.' : 'Der er ingen forespørgsler.',
  () =>
    table({
      caption: 'Forespørgsler, nyeste først',
      head: ['Tilbud', 'Kommune', 'Målgruppe', 'Alder', 'Ønsket start', 'Svarfrist', 'Status'],
      rows,
    }),
)}${cursorNav(req, { count: page.count, shown: page.items.length, nextCursor: page.nextCursor }, { path: '/leverandoer/forespoergsler', label: 'Sider med forespørgsler', filters: { q: filters.q, status: filters.status } })}`,
  };
}
