import type { Router } from 'express';
import type { PageKit } from '../kit/page';
import { registerMeetingPackPages } from './meeting-pack.page';
import { registerReportPage } from './report.page';
import { registerReportListPage } from './reports.page';
import { registerSecretariatTariffChangePage } from './tariff-change.page';
import { registerSecretariatTariffChangesPage } from './tariff-changes.page';

/**
 * The secretariat's tariff work across the 17 municipalities (issue 14): every tariff change,
 * the reports to the supervising authorities, and the meeting pack; also the one report page
 * the secretariat and the authorities share (each sees what the contracts service lets it).
 */
export function registerTariffOversightPages(portal: Router, kit: PageKit): void {
  registerSecretariatTariffChangesPage(portal, kit);
  registerSecretariatTariffChangePage(portal, kit);
  registerReportListPage(portal, kit, { path: '/sekretariat/indberetninger', role: 'secretariat' });
  registerMeetingPackPages(portal, kit, { base: '/sekretariat/moedepakke', role: 'secretariat' });
  registerReportPage(portal, kit);
}
