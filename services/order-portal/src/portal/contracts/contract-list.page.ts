import type { Router } from 'express';
import { signedInActor, type PageKit } from '../kit/page';
import { requirePortalRole } from '../session';
import { contractListView } from './contract-list.view';
import { contractsFor } from './contracts-service';

/** The contracts of the signed-in case worker's municipality or supplier. */
export function registerContractListPage(portal: Router, kit: PageKit): void {
  portal.get('/kontrakter', requirePortalRole('caseworker', 'supplier'), async (req, res) => {
    const { client, token } = contractsFor(kit, res);
    const items = await client.contracts(token);
    const role = signedInActor(res).role === 'supplier' ? 'supplier' : 'caseworker';
    await kit.render(req, res, contractListView(items, role));
  });
}
