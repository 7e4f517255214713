import type { Router } from 'express';
import type { PageKit } from '../kit/page';
import { registerNewOrderPage } from './new-order.page';
import { registerOrderDetailPage } from './order-detail.page';
import { registerOrderFollowUpPage } from './order-follow-up.page';
import { registerOrderPlacementPages } from './order-placement.page';
import { registerOrdersPage } from './orders.page';
import { registerSearchPage } from './search.page';
import { registerSharedOfferPage } from './shared-offer.page';

/** The case worker's pages: orders, a new order, one order, its search and shared-offer check. */
export function registerCaseworkerPages(portal: Router, kit: PageKit): void {
  // `/bestillinger/ny` before `/bestillinger/:id`, or "ny" would be read as an order id.
  registerNewOrderPage(portal, kit);
  registerOrdersPage(portal, kit);
  registerOrderDetailPage(portal, kit);
  registerOrderPlacementPages(portal, kit);
  registerOrderFollowUpPage(portal, kit);
  registerSearchPage(portal, kit);
  registerSharedOfferPage(portal, kit);
}
