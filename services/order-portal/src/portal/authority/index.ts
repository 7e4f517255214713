import type { Router } from 'express';
import type { PageKit } from '../kit/page';
import { registerMeetingPackPages } from '../secretariat/meeting-pack.page';
import { registerReportListPage } from '../secretariat/reports.page';

/**
 * The supervising authority's pages (Socialtilsyn Øst, and any other authority in the data): the
 * reports addressed to it and its own view of the meeting pack, over the offers it supervises.
 * The pages are the secretariat's with the authority's scope: the contracts service answers an
 * authority's token with what is addressed to it only. A report's page is shared
 * (`/indberetninger/:id/:authority`, registered with the secretariat's).
 */
export function registerAuthorityPages(portal: Router, kit: PageKit): void {
  registerReportListPage(portal, kit, { path: '/tilsyn/indberetninger', role: 'authority' });
  registerMeetingPackPages(portal, kit, { base: '/tilsyn/moedepakke', role: 'authority' });
}
