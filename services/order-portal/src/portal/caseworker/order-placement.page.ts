import type { Router } from 'express';
import { PlacementEndBody, PlacementStartBody } from '../../orders/order.schemas';
import { endPlacement, startPlacement } from '../../orders/placement.use-case';
import { isoFromDateField } from '../kit/format';
import { readForm, type FormSpec } from '../kit/form-kit';
import { pathId } from '../kit/ids';
import { withNotice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { submitForm } from '../kit/submit';
import { requirePortalRole } from '../session';
import type { z } from 'zod';
import { showOrder } from './order-detail.page';

/** The placement's start, as the API's body. */
const START_FORM: FormSpec<z.infer<typeof PlacementStartBody>> = {
  name: 'placementStart',
  fields: ['startedOn'],
  schema: PlacementStartBody,
  toBody: (v) => ({ startedOn: isoFromDateField(v.startedOn ?? '') }),
};

/** The placement's end and why, as the API's body. */
const END_FORM: FormSpec<z.infer<typeof PlacementEndBody>> = {
  name: 'placementEnd',
  fields: ['endedOn', 'endReason'],
  schema: PlacementEndBody,
  toBody: (v) => ({ endedOn: isoFromDateField(v.endedOn ?? ''), reason: v.endReason }),
  paths: { reason: 'endReason' },
};

/** The case worker records the placement's start and end on the order page. */
export function registerOrderPlacementPages(portal: Router, kit: PageKit): void {
  const only = requirePortalRole('caseworker');
  const od = kit.deps.orders;

  portal.post('/bestillinger/:id/anbringelse/start', only, ...kit.forms, (req, res) => {
    const id = pathId(req, 'id', 'order');
    return submitForm(res, {
      spec: START_FORM,
      values: readForm(req, START_FORM.fields),
      run: async (body) => {
        await startPlacement(od, signedInActor(res), id, body);
        return withNotice(`/bestillinger/${id}`, 'startet');
      },
      show: (state) => showOrder(kit, res, state),
    });
  });

  portal.post('/bestillinger/:id/anbringelse/slut', only, ...kit.forms, (req, res) => {
    const id = pathId(req, 'id', 'order');
    return submitForm(res, {
      spec: END_FORM,
      values: readForm(req, END_FORM.fields),
      run: async (body) => {
        await endPlacement(od, signedInActor(res), id, body);
        return withNotice(`/bestillinger/${id}`, 'afsluttet');
      },
      show: (state) => showOrder(kit, res, state),
    });
  });
}
