import type { Response, Router } from 'express';
import type { z } from 'zod';
import { NotFoundError } from '@rammeaftale/domain';
import { OrderIdParams, SharedCheckBody } from '../../orders/order.schemas';
import {
  markInterestFromOwnOrder,
  sharedOfferOverview,
} from '../../orders/shared-offer-overview.use-case';
import {
  decideSinglePersonOffer,
  recordSharedOfferCheck,
} from '../../orders/shared-offer.use-case';
import { field, optional, readForm, type FormSpec } from '../kit/form-kit';
import { pathId } from '../kit/ids';
import { withNotice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { formRefusal } from '../kit/refusals';
import { formPage, submitForm, type FormState } from '../kit/submit';
import { requirePortalRole } from '../session';
import { sharedOfferView } from './shared-offer.view';

const NOTICES = {
  tjek: 'Tjekket for fælles tilbud er registreret.',
  interesse: 'Interessen for et fælles tilbud er registreret hos den anden kommune.',
  enkeltmand: 'Beslutningen om et enkeltmandstilbud er registreret.',
};

const CHECK_FORM: FormSpec<z.infer<typeof SharedCheckBody>> = {
  name: 'sharedCheck',
  fields: ['outcome', 'note'],
  schema: SharedCheckBody,
  toBody: (v) => ({ outcome: v.outcome, note: optional(v.note) }),
};

/** The shared-offer check of an order, interest in others' orders, a single-person offer. */
export function registerSharedOfferPage(portal: Router, kit: PageKit): void {
  const only = requirePortalRole('caseworker');
  const od = kit.deps.orders;
  const base = '/bestillinger/:id/faelles-tilbud';
  const back = (id: string, code: string) => withNotice(`/bestillinger/${id}/faelles-tilbud`, code);

  const show = async (res: Response, state: Partial<FormState> = {}) => {
    const orderId = pathId(res.req, 'id', 'order');
    const overview = await sharedOfferOverview(od, signedInActor(res), orderId);
    await kit.render(
      res.req,
      res,
      sharedOfferView({
        orderId,
        overview,
        ...formPage(res, state, NOTICES),
      }),
    );
  };

  portal.get(base, only, (_req, res) => show(res));

  portal.post(base, only, ...kit.forms, (req, res) => {
    const id = pathId(req, 'id', 'order');
    return submitForm(res, {
      spec: CHECK_FORM,
      values: readForm(req, CHECK_FORM.fields),
      run: async (body) => {
        await recordSharedOfferCheck(od, signedInActor(res), id, body);
        return back(id, 'tjek');
      },
      show: (state) => show(res, state),
    });
  });

  portal.post(`${base}/interesse`, only, ...kit.forms, async (req, res) => {
    const id = pathId(req, 'id', 'order');
    const other = OrderIdParams.safeParse({ id: field(req, 'otherOrderId') });
    if (!other.success) throw new NotFoundError('Order');
    try {
      await markInterestFromOwnOrder(od, signedInActor(res), id, other.data.id);
    } catch (err) {
      return show(res, formRefusal(err, { name: 'sharedCheck', fields: [] }));
    }
    res.redirect(303, back(id, 'interesse'));
  });

  portal.post('/bestillinger/:id/enkeltmandstilbud', only, ...kit.forms, async (req, res) => {
    const id = pathId(req, 'id', 'order');
    try {
      await decideSinglePersonOffer(od, signedInActor(res), id);
    } catch (err) {
      return show(res, formRefusal(err, { name: 'sharedCheck', fields: [] }));
    }
    res.redirect(303, back(id, 'enkeltmand'));
  });
}
