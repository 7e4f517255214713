import type { Router } from 'express';
import type { PageKit } from '../kit/page';
import { registerAnswerPage } from './answer.page';
import { registerCapacityPage } from './capacity.page';
import { registerOffersPage } from './offers.page';
import { registerRequestsPage } from './requests.page';

/** The supplier's pages: requests and answers, offers and their capacity. */
export function registerSupplierPages(portal: Router, kit: PageKit): void {
  registerRequestsPage(portal, kit);
  registerAnswerPage(portal, kit);
  registerOffersPage(portal, kit);
  registerCapacityPage(portal, kit);
}
