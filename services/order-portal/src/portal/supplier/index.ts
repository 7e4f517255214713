import type { Router } from 'express';
import type { PageKit } from '../kit/page';
import { registerAnswerPage } from './answer.page';
import { registerCapacityPage } from './capacity.page';
import { registerSupplierFollowUpsPage } from './follow-ups.page';
import { registerOffersPage } from './offers.page';
import { registerRequestsPage } from './requests.page';

/** The supplier's pages: requests and answers, a placement's follow-ups, offers and capacity. */
export function registerSupplierPages(portal: Router, kit: PageKit): void {
  registerRequestsPage(portal, kit);
  registerAnswerPage(portal, kit);
  registerSupplierFollowUpsPage(portal, kit);
  registerOffersPage(portal, kit);
  registerCapacityPage(portal, kit);
}
