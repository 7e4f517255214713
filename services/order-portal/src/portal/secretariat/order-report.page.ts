import type { Router } from 'express';
import { orderReport } from '../../orders/order-reports.use-case';
import { signedInActor, type PageKit } from '../kit/page';
import { requirePortalRole } from '../session';
import { orderReportView } from './order-report.view';

/** The orders report. The secretariat sees every municipality; a case worker only their own. */
export function registerReportPages(portal: Router, kit: PageKit): void {
  portal.get(
    '/rapporter/bestillinger',
    requirePortalRole('secretariat', 'caseworker'),
    async (req, res) => {
      const report = await orderReport(kit.deps.orders, signedInActor(res));
      await kit.render(req, res, orderReportView(report));
    },
  );
}
