import type { Router } from 'express';
import { InvalidInputError } from '@rammeaftale/domain';
import { ListRequestsQuery } from '../../orders/order.schemas';
import { listSupplierRequests } from '../../orders/requests.use-case';
import { listQuery } from '../kit/list-filters';
import { signedInActor, type PageKit } from '../kit/page';
import { requirePortalRole } from '../session';
import { requestsView } from './requests.view';

const PARAMS = { q: 'q', status: 'status', efter: 'cursor' } as const;

/** The supplier's requests, as anonymised profiles: searched, filtered and paged in the database. */
export function registerRequestsPage(portal: Router, kit: PageKit): void {
  portal.get('/leverandoer/forespoergsler', requirePortalRole('supplier'), async (req, res) => {
    const { api, shown } = listQuery(req, ListRequestsQuery, PARAMS);
    const actor = signedInActor(res);
    const ask = { ...api, limit: 50 };
    const page = await listSupplierRequests(kit.deps.orders, actor, ask).catch((err: unknown) => {
      if (err instanceof InvalidInputError && ask.cursor)
        return listSupplierRequests(kit.deps.orders, actor, { ...ask, cursor: undefined });
      throw err;
    });
    await kit.render(req, res, requestsView(page, req, shown));
  });
}
