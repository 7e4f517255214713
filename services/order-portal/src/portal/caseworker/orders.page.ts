import type { Router } from 'express';
import { listOrders } from '../../orders/read-orders.use-case';
import { signedInActor, type PageKit } from '../kit/page';
import { requirePortalRole } from '../session';
import { ordersView } from './orders.view';

export function registerOrdersPage(portal: Router, kit: PageKit): void {
  portal.get('/bestillinger', requirePortalRole('caseworker'), async (req, res) => {
    const orders = await listOrders(kit.deps.orders, signedInActor(res), {});
    await kit.render(req, res, ordersView(orders, req));
  });
}
