import type { Request } from 'express';
import type { Order } from '../../orders/order.repository';
import { day, when } from '../kit/format';
import { h } from '../kit/html';
import { statusName, targetGroupName } from '../kit/labels';
import type { Page } from '../kit/page';
import { paginate } from '../kit/pagination';
import { table, tableOr } from '../kit/tables';

/** "Mine bestillinger": the municipality's orders, newest first, 50 to a page. */
export function ordersView(orders: Order[], req: Request): Page {
  const page = paginate(orders, req, { path: '/bestillinger', label: 'Sider med bestillinger' });
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
  return {
    title: 'Mine bestillinger',
    menu: '/bestillinger',
    main: h`<h1>Mine bestillinger</h1>
<p><a class="button button-primary" href="/bestillinger/ny">Ny bestilling</a></p>
${tableOr(rows, 'Kommunen har ingen bestillinger endnu.', () =>
  table({
    caption: 'Kommunens bestillinger, nyeste først',
    head: ['Borger (reference)', 'Målgruppe', 'Lovgrundlag', 'Ønsket start', 'Status', 'Oprettet'],
    rows,
  }),
)}${page.nav}`,
  };
}
