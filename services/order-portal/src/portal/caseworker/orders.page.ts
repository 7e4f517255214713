import type { Router } from 'express';
import { InvalidInputError } from '@rammeaftale/domain';
import { listOrders } from '../../orders/read-orders.use-case';
import { ListOrdersQuery } from '../../orders/order.schemas';
import { listQuery } from '../kit/list-filters';
import { signedInActor, type PageKit } from '../kit/page';
import { requirePortalRole } from '../session';
import { ordersView } from './orders.view';

/** The list's query parameters (Danish) → the API's list query. */
const PARAMS = { q: 'q', status: 'status', maalgruppe: 'targetGroup', efter: 'cursor' } as const;

/** "Mine bestillinger": searched and filtered in the database, 50 to a page. */
export function registerOrdersPage(portal: Router, kit: PageKit): void {
  portal.get('/bestillinger', requirePortalRole('caseworker'), async (req, res) => {
    const { api, shown } = listQuery(req, ListOrdersQuery, PARAMS);
    const actor = signedInActor(res);
    const ask = { ...api, limit: 50 };
    const page = await listOrders(kit.deps.orders, actor, ask).catch((err: unknown) => {
      // A cursor from an old or edited address: the first page of the same search.
      if (err instanceof InvalidInputError && ask.cursor)
        return listOrders(kit.deps.orders, actor, { ...ask, cursor: undefined });
      throw err;
    });
    await kit.render(req, res, ordersView(page, req, shown));
  });
}
