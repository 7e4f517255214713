import type { Response, Router } from 'express';
import type { z } from 'zod';
import { NotFoundError } from '@rammeaftale/domain';
import { CapacityUpdateBody } from '../../offers/offer.schemas';
import { listOwnOffers } from '../../offers/own-offers.use-case';
import { updateCapacity } from '../../offers/update-capacity.use-case';
import { intFromField } from '../kit/format';
import { readForm, type FormSpec } from '../kit/form-kit';
import { pathId } from '../kit/ids';
import { withNotice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { formPage, submitForm, type FormState } from '../kit/submit';
import { requirePortalRole } from '../session';
import { capacityView } from './capacity.view';

/** The capacity form as the API's `CapacityUpdateBody` (PUT /api/offers/{id}/capacity). */
const CAPACITY_FORM: FormSpec<z.infer<typeof CapacityUpdateBody>> = {
  name: 'capacity',
  fields: ['placesInOperation', 'occupied', 'free', 'waitingList'],
  schema: CapacityUpdateBody,
  toBody: (v) => ({
    placesInOperation: intFromField(v.placesInOperation ?? ''),
    occupied: intFromField(v.occupied ?? ''),
    free: intFromField(v.free ?? ''),
    waitingList: intFromField(v.waitingList ?? ''),
  }),
  // Occupied and free places together above the places in operation: both fields are at fault.
  fieldOf: (issue) =>
    issue.code === 'OCCUPIED_AND_FREE_EXCEED_PLACES' ? ['occupied', 'free'] : undefined,
};

/** The capacity form of one of the supplier's offers; saved, it is confirmed as of now. */
export function registerCapacityPage(portal: Router, kit: PageKit): void {
  const only = requirePortalRole('supplier');
  const registry = kit.deps.registry;

  const show = async (res: Response, state: Partial<FormState> = {}) => {
    const id = pathId(res.req, 'offerId', 'offer');
    const list = await listOwnOffers(registry, signedInActor(res));
    const offer = list.items.find((o) => o.id === id);
    if (!offer) throw new NotFoundError('Offer');
    await kit.render(res.req, res, capacityView({ offer, ...formPage(res, state) }));
  };

  portal.get('/leverandoer/tilbud/:offerId/kapacitet', only, (_req, res) => show(res));

  portal.post('/leverandoer/tilbud/:offerId/kapacitet', only, ...kit.forms, (req, res) => {
    const id = pathId(req, 'offerId', 'offer');
    return submitForm(res, {
      spec: CAPACITY_FORM,
      values: readForm(req, CAPACITY_FORM.fields),
      run: async (body) => {
        await updateCapacity(registry, signedInActor(res), id, body);
        return withNotice('/leverandoer/tilbud', 'kapacitet');
      },
      show: (state) => show(res, state),
    });
  });
}
