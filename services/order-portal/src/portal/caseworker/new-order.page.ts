import type { Response, Router } from 'express';
import { createOrder, municipalityOf } from '../../orders/create-order.use-case';
import { fields, readForm } from '../kit/form-kit';
import { withNotice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { formPage, submitForm, type FormState } from '../kit/submit';
import { requirePortalRole } from '../session';
import { ORDER_FIELDS, ORDER_FORM } from './new-order.form';
import { newOrderView } from './new-order.view';

/** A new order: the form (GET /bestillinger/ny), sent to POST /bestillinger. */
export function registerNewOrderPage(portal: Router, kit: PageKit): void {
  const only = requirePortalRole('caseworker');
  const show = (res: Response, state: FormState) =>
    kit.render(
      res.req,
      res,
      newOrderView({
        ...formPage(res, state),
        ownMunicipalityCode: municipalityOf(signedInActor(res)),
      }),
    );

  portal.get('/bestillinger/ny', only, (_req, res) => show(res, { values: {}, errors: [] }));

  portal.post('/bestillinger', only, ...kit.forms, (req, res) =>
    submitForm(res, {
      spec: ORDER_FORM,
      // The competences are checkboxes: each ticked one is a value; slugs have no commas.
      values: {
        ...readForm(req, ORDER_FIELDS),
        requiredCompetences: fields(req, 'requiredCompetences').join(','),
        wishedCompetences: fields(req, 'wishedCompetences').join(','),
      },
      run: async (body) => {
        const order = await createOrder(kit.deps.orders, signedInActor(res), body);
        return withNotice(`/bestillinger/${order.id}`, 'oprettet');
      },
      show: (state) => show(res, state),
    }),
  );
}
