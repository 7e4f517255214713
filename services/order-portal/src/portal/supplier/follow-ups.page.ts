import type { Response, Router } from 'express';
import type { z } from 'zod';
import { SupplierReportBody } from '../../orders/follow-up.schemas';
import {
  addSupplierReport,
  followUpVocabulary,
  readSupplierFollowUps,
} from '../../orders/follow-up.use-case';
import { readForm, type FormSpec } from '../kit/form-kit';
import { pathId } from '../kit/ids';
import { withNotice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { formPage, submitForm, type FormState } from '../kit/submit';
import { requirePortalRole } from '../session';
import { followUpsView } from './follow-ups.view';

const NOTICES = { rapport: 'Jeres rapport er gemt. Kommunen kan se den på bestillingen.' };

const REPORT_FORM: FormSpec<z.infer<typeof SupplierReportBody>> = {
  name: 'supplierReport',
  fields: ['report'],
  schema: SupplierReportBody,
  toBody: (v) => ({ report: v.report }),
};

/** The follow-ups of the supplier's placement, and its own report to the latest meeting. */
export function registerSupplierFollowUpsPage(portal: Router, kit: PageKit): void {
  const only = requirePortalRole('supplier');
  const od = kit.deps.orders;
  const base = (requestId: string) => `/leverandoer/forespoergsler/${requestId}/opfoelgning`;

  const show = async (res: Response, state: Partial<FormState> = {}) => {
    const requestId = pathId(res.req, 'requestId', 'request');
    const placement = await readSupplierFollowUps(od, signedInActor(res), requestId);
    const vocabulary = await followUpVocabulary(od);
    await kit.render(
      res.req,
      res,
      followUpsView({ requestId, placement, vocabulary, ...formPage(res, state, NOTICES) }),
    );
  };

  portal.get('/leverandoer/forespoergsler/:requestId/opfoelgning', only, (_req, res) => show(res));

  portal.post(
    '/leverandoer/forespoergsler/:requestId/opfoelgning/:followUpId/rapport',
    only,
    ...kit.forms,
    (req, res) => {
      const requestId = pathId(req, 'requestId', 'request');
      const followUpId = pathId(req, 'followUpId', 'followUp');
      return submitForm(res, {
        spec: REPORT_FORM,
        values: readForm(req, REPORT_FORM.fields),
        run: async (body) => {
          await addSupplierReport(od, signedInActor(res), { requestId, followUpId }, body.report);
          return withNotice(base(requestId), 'rapport');
        },
        show: (state) => show(res, state),
      });
    },
  );
}
