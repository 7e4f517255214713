import type { Response, Router } from 'express';
import type { z } from 'zod';
import { BuyerDecisionBody, JustificationBody } from '@rammeaftale/service-api';
import type { ContractsClient } from '../../contracts/contracts.client';
import { optional, readForm, type FormSpec } from '../kit/form-kit';
import { pathId } from '../kit/ids';
import { withNotice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { formPage, submitForm, type FormState } from '../kit/submit';
import { requirePortalRole } from '../session';
import { contractsFor } from './contracts-service';
import { tariffChangeView } from './tariff-change.view';

const NOTICES = {
  godkendt: 'Takstændringen er godkendt for jeres kontrakter.',
  afvist: 'Takstændringen er afvist for jeres kontrakter. Den hidtidige pris gælder.',
  begrundelse: 'Begrundelsen er sendt.',
  varslet:
    'Takstændringen er varslet. Kommunerne får besked, hvis stigningen kræver deres godkendelse.',
};

/**
 * The buyer's decision as the contracts service's `BuyerDecisionBody`. On top of it the portal
 * asks people who reject for the reason, so the supplier learns why (the API leaves it to the
 * caller: a system rejecting on a rule has none to give).
 */
const DECISION_FORM: FormSpec<z.infer<typeof BuyerDecisionBody>> = {
  name: 'decision',
  fields: ['decision', 'reference', 'comment'],
  schema: BuyerDecisionBody.superRefine((b, ctx) => {
    if (b.decision === 'reject' && !b.comment)
      ctx.addIssue({
        code: 'custom',
        path: ['comment'],
        message: 'a rejection states its reason',
        params: { code: 'reason_required' },
      });
  }),
  toBody: (v) => ({
    decision: v.decision,
    comment: optional(v.comment),
    reference: optional(v.reference),
  }),
};

const JUSTIFICATION_FORM: FormSpec<z.infer<typeof JustificationBody>> = {
  name: 'justification',
  fields: ['note', 'documentReference'],
  schema: JustificationBody,
  toBody: (v) => ({ note: optional(v.note), documentReference: optional(v.documentReference) }),
  // "A note or a reference": the summary points at the note, the first of the two.
  fieldOf: (issue) => (issue.code === 'note_or_reference' ? 'note' : undefined),
};

/** One tariff change, the buyer's decision on it and the supplier's justification. */
export function registerTariffChangePage(portal: Router, kit: PageKit): void {
  const show = async (res: Response, state: Partial<FormState> = {}) => {
    const { client, token } = contractsFor(kit, res);
    const change = await client.tariffChange(token, pathId(res.req, 'id', 'tariffChange'));
    await kit.render(
      res.req,
      res,
      tariffChangeView({
        change,
        actor: signedInActor(res),
        ...formPage(res, state, NOTICES),
      }),
    );
  };

  portal.get('/takstaendringer/:id', requirePortalRole('caseworker', 'supplier'), (_req, res) =>
    show(res),
  );

  const form = <B>(
    path: string,
    role: 'caseworker' | 'supplier',
    spec: FormSpec<B>,
    run: (c: ContractsClient, token: string, id: string, body: B) => Promise<string>,
  ) =>
    portal.post(
      `/takstaendringer/:id/${path}`,
      requirePortalRole(role),
      ...kit.forms,
      (req, res) => {
        const id = pathId(req, 'id', 'tariffChange');
        return submitForm(res, {
          spec,
          values: readForm(req, spec.fields),
          run: async (body) => {
            const { client, token } = contractsFor(kit, res);
            return withNotice(`/takstaendringer/${id}`, await run(client, token, id, body));
          },
          show: (state) => show(res, state),
        });
      },
    );

  form('beslutning', 'caseworker', DECISION_FORM, async (c, token, id, body) => {
    await c.decide(token, id, body);
    return body.decision === 'approve' ? 'godkendt' : 'afvist';
  });
  form('begrundelse', 'supplier', JUSTIFICATION_FORM, async (c, token, id, body) => {
    await c.justify(token, id, body);
    return 'begrundelse';
  });
}
