import type { Router } from 'express';
import type { PageKit } from '../kit/page';
import { registerAnnouncePage } from './announce.page';
import { registerContractListPage } from './contract-list.page';
import { registerContractPage } from './contract.page';
import { registerTariffChangePage } from './tariff-change.page';
import { registerTariffChangesPage } from './tariff-changes.page';

/**
 * The contracts and tariff changes of the signed-in person, from the contracts service: the pages
 * the contract letters and the tariff letters link to. Shared by case workers and suppliers; the
 * contracts service decides who may see and do what.
 */
export function registerContractPages(portal: Router, kit: PageKit): void {
  registerContractListPage(portal, kit);
  registerContractPage(portal, kit);
  registerTariffChangesPage(portal, kit);
  // `/takstaendringer/ny` before `/takstaendringer/:id`.
  registerAnnouncePage(portal, kit);
  registerTariffChangePage(portal, kit);
}
