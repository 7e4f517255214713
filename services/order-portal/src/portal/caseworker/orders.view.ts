import type { Request } from 'express';
import { ORDER_STATES, TARGET_GROUPS } from '@rammeaftale/domain';
import type { ListPage } from '../../orders/list-cursor';
import type { Order } from '../../orders/order.repository';
import { day, when } from '../kit/format';
import { h } from '../kit/html';
import { statusName, targetGroupName } from '../kit/labels';
import { countLine, filterForm } from '../kit/list-filters';
import type { Page } from '../kit/page';
import { cursorNav } from '../kit/pagination';
import { table, tableOr } from '../kit/tables';

const FILTERS = [
  { name: 'q', label: 'Borgerens reference indeholder' },
  {
    name: 'status',
    label: 'Status',
    options: ORDER_STATES.map((s): [string, string] => [s, statusName(s)]),
  },
  {
    name: 'maalgruppe',
    label: 'Målgruppe',
    options: TARGET_GROUPS.map((g): [string, string] => [g.slug, g.label]),
  },
];

/** "Mine bestillinger": the municipality's orders, newest first, with search and filters. */
export function ordersView(
  page: ListPage<Order>,
  req: Request,
  filters: Readonly<Record<string, string>>,
): Page {
  const rows = page.items.map(
    (o) => h`<tr>
<td><a href="/bestillinger/${o.id}">${o.citizen.reference}</a></td>
<td>${targetGroupName(o.need.targetGroup)}</td>
<td>${o.need.legalBasis}</td>
<td>${day(o.need.wantedStart)}</td>
<td>${statusName(o.status)}</td>
<td>${when(o.createdAt)}</td>
</tr>`,
  );
  const filtered = Object.keys(filters).some((k) => k !== 'efter');
  return {
    title: 'Mine bestillinger',
    menu: '/bestillinger',
    main: h`<h1>Mine bestillinger</h1>
<p><a class="button button-primary" href="/bestillinger/ny">Ny bestilling</a></p>
${filterForm({ path: '/bestillinger', legend: 'Søg i bestillingerne', fields: FILTERS, values: filters })}
${countLine(page.count, filtered ? 'bestilling matcher' : 'bestilling', filtered ? 'bestillinger matcher' : 'bestillinger')}
${tableOr(
  rows,
  filtered ? 'Ingen bestillinger matcher søgningen.' : 'Kommunen har ingen bestillinger endnu.',
  () =>
    table({
      caption: 'Kommunens bestillinger, nyeste først',
      head: [
        'Borger (reference)',
        'Målgruppe',
        'Lovgrundlag',
        'Ønsket start',
        'Status',
        'Oprettet',
      ],
      rows,
    }),
)}${cursorNav(req, { count: page.count, shown: page.items.length, nextCursor: page.nextCursor }, { path: '/bestillinger', label: 'Sider med bestillinger', filters: { q: filters.q, status: filters.status, maalgruppe: filters.maalgruppe } })}`,
  };
}
