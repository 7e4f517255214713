import type { Router } from 'express';
import { contractsFor } from '../contracts/contracts-service';
import { pathId } from '../kit/ids';
import type { PageKit } from '../kit/page';
import { requirePortalRole } from '../session';
import { tariffChangeView } from './tariff-change.view';

/**
 * One tariff change as the secretariat follows it: every municipality's contracts and decisions,
 * the letters and reports it caused with their delivery, and the policy values used.
 */
export function registerSecretariatTariffChangePage(portal: Router, kit: PageKit): void {
  portal.get(
    '/sekretariat/takstaendringer/:id',
    requirePortalRole('secretariat'),
    async (req, res) => {
      const { client, token } = contractsFor(kit, res);
      const change = await client.tariffChange(token, pathId(req, 'id', 'tariffChange'));
      await kit.render(req, res, tariffChangeView(change));
    },
  );
}
