import type { Response, Router } from 'express';
import { organisationNames } from '../../offers/organisation-names.use-case';
import { followUpVocabulary } from '../../orders/follow-up.use-case';
import { readOrder } from '../../orders/read-orders.use-case';
import { searchForOrder } from '../../orders/search-placements.use-case';
import { moveOrder, selectOffer } from '../../orders/select-offer.use-case';
import { readForm, type FormValues } from '../kit/form-kit';
import { pathId } from '../kit/ids';
import { withNotice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { formRefusal } from '../kit/refusals';
import { formPage, submitForm, type FormState } from '../kit/submit';
import { requirePortalRole } from '../session';
import { CANCEL_FORM, SELECTION_FIELDS, privateReasonErrors, selectionForm } from './order-forms';
import { orderDetailView } from './order-detail.view';
import { followUpSection } from './order-follow-up.view';

const NOTICES = {
  oprettet: 'Bestillingen er oprettet som kladde. Søg nu efter pladser.',
  sendt: 'Forespørgslerne er sendt til leverandørerne.',
  valgt: 'Tilbuddet er valgt. Kontrakten udarbejdes ud fra bestillingen.',
  annulleret: 'Bestillingen er annulleret.',
  startet: 'Anbringelsens start er registreret.',
  afsluttet: 'Anbringelsens ophør er registreret. Bestillingen er afsluttet.',
  opfoelgning: 'Opfølgningsmødet er registreret. Leverandøren kan nu se det og give sin rapport.',
};

/** The order page of the request's order: after a GET, or again after a refused post. */
export async function showOrder(
  kit: PageKit,
  res: Response,
  state: Partial<FormState> = {},
): Promise<void> {
  const order = await readOrder(
    kit.deps.orders,
    signedInActor(res),
    pathId(res.req, 'id', 'order'),
  );
  const names = await organisationNames(
    kit.deps.registry,
    order.transitions.map((t) => t.by.organisationId),
  );
  const vocabulary = await followUpVocabulary(kit.deps.orders);
  const today = kit.deps.orders
    .now()
    .toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
  await kit.render(
    res.req,
    res,
    orderDetailView({
      order,
      organisationNames: names,
      followUps: followUpSection(order, vocabulary, today),
      ...formPage(res, state, NOTICES),
    }),
  );
}

/** One order (GET /bestillinger/:id), with the choice of an answer and the cancellation. */
export function registerOrderDetailPage(portal: Router, kit: PageKit): void {
  const only = requirePortalRole('caseworker');
  const od = kit.deps.orders;

  const show = (res: Response, state: Partial<FormState> = {}) => showOrder(kit, res, state);

  portal.get('/bestillinger/:id', only, (_req, res) => show(res));

  // The search runs on a post (it moves a draft on); its result is the page GET …/soegning.
  portal.post('/bestillinger/:id/soeg', only, ...kit.forms, async (req, res) => {
    const id = pathId(req, 'id', 'order');
    try {
      await searchForOrder(od, signedInActor(res), id);
    } catch (err) {
      return show(res, formRefusal(err, { name: 'requests', fields: [] }));
    }
    res.redirect(303, `/bestillinger/${id}/soegning`);
  });

  portal.post('/bestillinger/:id/valg', only, ...kit.forms, async (req, res) => {
    const actor = signedInActor(res);
    const id = pathId(req, 'id', 'order');
    const order = await readOrder(od, actor, id);
    const values: FormValues = readForm(req, SELECTION_FIELDS);
    await submitForm(res, {
      spec: selectionForm(order),
      values,
      run: async (body) => {
        await selectOffer(od, actor, id, body);
        return withNotice(`/bestillinger/${id}`, 'valgt');
      },
      rules: (code) =>
        code === 'PRIVATE_CHOICE_REASON_REQUIRED' ? privateReasonErrors(values) : undefined,
      show: (state) => show(res, state),
    });
  });

  portal.post('/bestillinger/:id/annuller', only, ...kit.forms, (req, res) => {
    const id = pathId(req, 'id', 'order');
    return submitForm(res, {
      spec: CANCEL_FORM,
      values: readForm(req, CANCEL_FORM.fields),
      run: async (body) => {
        await moveOrder(od, signedInActor(res), id, 'cancel', body.reason);
        return withNotice(`/bestillinger/${id}`, 'annulleret');
      },
      show: (state) => show(res, state),
    });
  });
}
