import type { Response, Router } from 'express';
import type { z } from 'zod';
import { AnswerBody } from '../../orders/order.schemas';
import { answerRequest, getSupplierRequest } from '../../orders/requests.use-case';
import { isoFromDateField, oreFromAmountField } from '../kit/format';
import { optional, readForm, type FormSpec } from '../kit/form-kit';
import { pathId } from '../kit/ids';
import { withNotice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { formPage, submitForm, type FormState } from '../kit/submit';
import { requirePortalRole } from '../session';
import { answerView } from './answer.view';

const NOTICES = { besvaret: 'Svaret er sendt til kommunen.' };

/** The answer as the API's `AnswerBody`: an offer (price, start, conditions) or a decline. */
const ANSWER_FORM: FormSpec<z.infer<typeof AnswerBody>> = {
  name: 'answer',
  fields: ['kind', 'dailyPrice', 'possibleStart', 'conditions', 'declineReason'],
  schema: AnswerBody,
  toBody: (v) =>
    v.kind === 'offer'
      ? {
          kind: 'offer',
          dailyPriceOre: oreFromAmountField(v.dailyPrice ?? ''),
          possibleStart: isoFromDateField(v.possibleStart ?? ''),
          conditions: optional(v.conditions),
        }
      : v.kind === 'decline'
        ? { kind: 'decline', reason: v.declineReason }
        : { kind: v.kind },
  paths: { dailyPriceOre: 'dailyPrice', reason: 'declineReason' },
};

/** One request as an anonymised profile, and the supplier's answer to it. */
export function registerAnswerPage(portal: Router, kit: PageKit): void {
  const only = requirePortalRole('supplier');
  const od = kit.deps.orders;

  const show = async (res: Response, state: Partial<FormState> = {}) => {
    const id = pathId(res.req, 'requestId', 'request');
    const request = await getSupplierRequest(od, signedInActor(res), id);
    await kit.render(
      res.req,
      res,
      answerView({
        request,
        ...formPage(res, state, NOTICES),
      }),
    );
  };

  portal.get('/leverandoer/forespoergsler/:requestId', only, (_req, res) => show(res));

  portal.post('/leverandoer/forespoergsler/:requestId/svar', only, ...kit.forms, (req, res) => {
    const id = pathId(req, 'requestId', 'request');
    return submitForm(res, {
      spec: ANSWER_FORM,
      values: readForm(req, ANSWER_FORM.fields),
      run: async (body) => {
        await answerRequest(od, signedInActor(res), id, body);
        return withNotice(`/leverandoer/forespoergsler/${id}`, 'besvaret');
      },
      show: (state) => show(res, state),
    });
  });
}
