import type { Router } from 'express';
import { signedInActor, type PageKit } from '../kit/page';
import { requirePortalRole } from '../session';
import { contractsFor } from './contracts-service';
import { tariffChangesView } from './tariff-changes.view';

/** The tariff changes of the signed-in case worker's municipality or supplier. */
export function registerTariffChangesPage(portal: Router, kit: PageKit): void {
  portal.get('/takstaendringer', requirePortalRole('caseworker', 'supplier'), async (req, res) => {
    const { client, token } = contractsFor(kit, res);
    const items = await client.tariffChanges(token);
    await kit.render(req, res, tariffChangesView(items, signedInActor(res).role === 'supplier'));
  });
}
