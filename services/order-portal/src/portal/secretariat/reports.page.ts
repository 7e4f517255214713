import type { Router } from 'express';
import { listOrganisations } from '../../offers/organisations.use-case';
import { contractsFor } from '../contracts/contracts-service';
import type { MenuItem } from '../kit/layout';
import type { PageKit } from '../kit/page';
import { requirePortalRole } from '../session';
import { pageOf, periodOf, text } from './report-filter';
import { reportsView } from './reports.view';

const PAGE_SIZE = 25;

/**
 * The reports of increases above the report threshold, newest first: the secretariat's page shows
 * every report, the authority's the reports addressed to it (the contracts service decides from
 * the person's token, so an authority cannot ask for another's).
 */
export function registerReportListPage(
  portal: Router,
  kit: PageKit,
  at: {
    path: '/sekretariat/indberetninger' | '/tilsyn/indberetninger';
    role: 'secretariat' | 'authority';
  },
): void {
  portal.get(at.path, requirePortalRole(at.role), async (req, res) => {
    const period = periodOf(req);
    const supplier = text(req, 'leverandoer');
    const supplierId = /^[A-Za-z0-9_.:-]{1,100}$/.test(supplier) ? supplier : undefined;
    const { client, token } = contractsFor(kit, res);
    const [found, organisations] = await Promise.all([
      period.errors.length
        ? undefined
        : client.authorityReports(token, {
            from: period.from,
            to: period.to,
            supplierId,
            page: pageOf(req),
            pageSize: PAGE_SIZE,
          }),
      listOrganisations(kit.deps.registry),
    ]);
    await kit.render(
      req,
      res,
      reportsView({
        path: at.path,
        menu: at.path satisfies MenuItem,
        forAuthority: at.role === 'authority',
        values: { fra: text(req, 'fra'), til: text(req, 'til'), leverandoer: supplier },
        errors: period.errors,
        found,
        suppliers: organisations.items
          .map((o): [string, string] => [o.id, o.name])
          .sort((a, b) => a[1].localeCompare(b[1], 'da')),
      }),
    );
  });
}
