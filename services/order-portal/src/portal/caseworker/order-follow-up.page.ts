import type { Response, Router } from 'express';
import { assessedItems, followUpVocabulary, recordFollowUp } from '../../orders/follow-up.use-case';
import { readOrder } from '../../orders/read-orders.use-case';
import { readForm } from '../kit/form-kit';
import { pathId } from '../kit/ids';
import { withNotice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { formPage, submitForm, type FormState } from '../kit/submit';
import { requirePortalRole } from '../session';
import { followUpForm } from './order-follow-up.form';
import { followUpFormView } from './order-follow-up.view';

/** A follow-up meeting of a running placement, recorded by the case worker (GET/POST …/opfoelgning). */
export function registerOrderFollowUpPage(portal: Router, kit: PageKit): void {
  const only = requirePortalRole('caseworker');
  const od = kit.deps.orders;

  const load = async (res: Response) => {
    const order = await readOrder(od, signedInActor(res), pathId(res.req, 'id', 'order'));
    const vocabulary = await followUpVocabulary(od);
    return { order, vocabulary, items: assessedItems(order, vocabulary) };
  };
  const show = async (res: Response, state: Partial<FormState> = {}) => {
    const loaded = await load(res);
    await kit.render(res.req, res, followUpFormView({ ...loaded, ...formPage(res, state) }));
  };

  portal.get('/bestillinger/:id/opfoelgning', only, (_req, res) => show(res));

  portal.post('/bestillinger/:id/opfoelgning', only, ...kit.forms, async (req, res) => {
    const { order, items } = await load(res);
    const spec = followUpForm(items);
    await submitForm(res, {
      spec,
      values: readForm(req, spec.fields),
      run: async (body) => {
        await recordFollowUp(od, signedInActor(res), order.id, body);
        return withNotice(`/bestillinger/${order.id}`, 'opfoelgning');
      },
      show: (state) => show(res, state),
    });
  });
}
