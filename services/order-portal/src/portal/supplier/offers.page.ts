import type { Router } from 'express';
import { listOwnOffers } from '../../offers/own-offers.use-case';
import { notice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { requirePortalRole } from '../session';
import { offersView } from './offers.view';

const NOTICES = { kapacitet: 'Kapaciteten er opdateret og bekræftet.' };

/** "Mine tilbud": the offers the supplier's organisation runs, with their capacity. */
export function registerOffersPage(portal: Router, kit: PageKit): void {
  portal.get('/leverandoer/tilbud', requirePortalRole('supplier'), async (req, res) => {
    const list = await listOwnOffers(kit.deps.registry, signedInActor(res));
    await kit.render(req, res, offersView(list, notice(req, NOTICES)));
  });
}
