import type { Router } from 'express';
import { listSupplierRequests } from '../../orders/requests.use-case';
import { signedInActor, type PageKit } from '../kit/page';
import { requirePortalRole } from '../session';
import { requestsView } from './requests.view';

/** The supplier's requests, as anonymised profiles. */
export function registerRequestsPage(portal: Router, kit: PageKit): void {
  portal.get('/leverandoer/forespoergsler', requirePortalRole('supplier'), async (req, res) => {
    const items = await listSupplierRequests(kit.deps.orders, signedInActor(res));
    await kit.render(req, res, requestsView(items));
  });
}
