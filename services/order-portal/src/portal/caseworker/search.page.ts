import type { Response, Router } from 'express';
import type { z } from 'zod';
import { ShortlistBody } from '../../orders/order.schemas';
import { sendRequests } from '../../orders/requests.use-case';
import { NO_FILTER, SearchFilterQuery } from '../../orders/search-filter';
import { currentSearchResult } from '../../orders/search-result.use-case';
import { intFromField } from '../kit/format';
import { field, fields, listOf, type FormSpec } from '../kit/form-kit';
import { pathId } from '../kit/ids';
import { withNotice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { formPage, submitForm, type FormState } from '../kit/submit';
import { requirePortalRole } from '../session';
import { searchView } from './search.view';

/** The requests to suppliers as the API's shortlist body: the marked offers, or all of them. */
const REQUESTS_FORM: FormSpec<z.infer<typeof ShortlistBody>> = {
  name: 'requests',
  fields: ['offerIds', 'deadlineHours'],
  schema: ShortlistBody,
  toBody: (v) => ({
    ...(v.scope === 'all' ? { all: true } : { offerIds: listOf(v.offerIds ?? '') }),
    deadlineHours: intFromField(v.deadlineHours ?? ''),
  }),
};

/** The search result of an order (GET …/soegning) and the requests sent from it. */
export function registerSearchPage(portal: Router, kit: PageKit): void {
  const only = requirePortalRole('caseworker');
  const od = kit.deps.orders;

  const show = async (res: Response, state: Partial<FormState> = {}) => {
    // A hand-edited address with a value the filter does not know shows the whole result.
    const parsed = SearchFilterQuery.safeParse(emptyAsAbsent(res.req.query));
    const filter = parsed.success ? parsed.data : NO_FILTER;
    const id = pathId(res.req, 'id', 'order');
    const found = await currentSearchResult(od, signedInActor(res), id, filter);
    const query = new URLSearchParams(
      Object.entries(filter).filter(
        ([k, v]) => v !== undefined && v !== NO_FILTER[k as keyof typeof NO_FILTER],
      ) as [string, string][],
    ).toString();
    await kit.render(
      res.req,
      res,
      searchView({
        ...found,
        query: query ? `?${query}` : '',
        ...formPage(res, state),
        defaultDeadlineHours: od.settings.requestDeadlineHours,
      }),
    );
  };

  portal.get('/bestillinger/:id/soegning', only, (_req, res) => show(res));

  portal.post('/bestillinger/:id/forespoergsler', only, ...kit.forms, (req, res) => {
    const id = pathId(req, 'id', 'order');
    return submitForm(res, {
      spec: REQUESTS_FORM,
      // Offer ids have no commas (IDS.offer), so the marked ones travel as one list.
      values: {
        scope: field(req, 'scope'),
        offerIds: fields(req, 'offerIds').join(','),
        deadlineHours: field(req, 'deadlineHours'),
      },
      run: async (body) => {
        await sendRequests(od, signedInActor(res), id, body);
        return withNotice(`/bestillinger/${id}`, 'sendt');
      },
      show: (state) => show(res, state),
    });
  });
}

/** A GET form sends its "Alle" choices as empty values; they mean no filter. */
function emptyAsAbsent(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));
}
