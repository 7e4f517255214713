import type { Request, Response, Router } from 'express';
import { ActivateBody, VersionBody } from '@rammeaftale/service-api';
import { z } from 'zod';
import type { ContractsClient } from '../../contracts/contracts.client';
import { intFromField, isoFromDateField } from '../kit/format';
import { optional, readForm, type FormSpec } from '../kit/form-kit';
import { pathId } from '../kit/ids';
import { withNotice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { formPage, submitForm, type FormState } from '../kit/submit';
import { requirePortalRole } from '../session';
import { contractView } from './contract.view';
import { contractsFor } from './contracts-service';
import { ENDING_NOTICES, ENDING_STEPS } from './contract-ending';
import { PROPOSAL_NOTICES, registerProposalRoutes } from './amendment-proposal.page';

const NOTICES = {
  sendt: 'Kontrakten er sendt til leverandøren. Leverandøren får et brev om den.',
  accepteret: 'I har accepteret kontrakten. Kommunen underskriver derefter.',
  underskrevet: 'Kontrakten er underskrevet.',
  aktiveret: 'Kontrakten er aktiv.',
  ...ENDING_NOTICES,
  ...PROPOSAL_NOTICES,
};

/** A step on a contract, its body as the contracts service's own schema, and what it calls. */
export interface Step<B> {
  path: string;
  role: 'caseworker' | 'supplier' | readonly ('caseworker' | 'supplier')[];
  done: keyof typeof NOTICES;
  spec: FormSpec<B>;
  run: (c: ContractsClient, token: string, id: string, body: B) => Promise<unknown>;
}

export const step = <B>(s: Step<B>) => s;
const versionForm: FormSpec<z.infer<typeof VersionBody>> = {
  name: 'contractStep',
  fields: [],
  schema: VersionBody,
  toBody: (v) => ({ version: intFromField(v.version ?? '') }),
};

const STEPS = [
  step({
    path: 'send',
    role: 'caseworker',
    done: 'sendt',
    // Sending takes no body; the version on the form is for the steps that agree to one.
    spec: { ...versionForm, schema: z.strictObject({}), toBody: () => ({}) },
    run: (c, t, id) => c.send(t, id),
  }),
  step({
    path: 'accepter',
    role: 'supplier',
    done: 'accepteret',
    spec: versionForm,
    run: (c, t, id, b) => c.accept(t, id, b.version),
  }),
  step({
    path: 'underskriv',
    role: 'caseworker',
    done: 'underskrevet',
    spec: versionForm,
    run: (c, t, id, b) => c.sign(t, id, b.version),
  }),
  step({
    path: 'aktiver',
    role: 'caseworker',
    done: 'aktiveret',
    spec: {
      name: 'contractStep',
      fields: ['startedOn'],
      schema: ActivateBody,
      toBody: (v) => ({ startedOn: optional(isoFromDateField(v.startedOn ?? '')) }),
    } satisfies FormSpec<z.infer<typeof ActivateBody>>,
    run: (c, t, id, b) => c.activate(t, id, b.startedOn),
  }),
  ...ENDING_STEPS,
];

/**
 * One contract (GET /kontrakter/:id), its PDFs, and the steps on it: the case worker sends, signs
 * and activates; the supplier accepts. The contracts service decides who may; a refused step
 * shows the contract again with the reason in Danish.
 */
export function registerContractPage(portal: Router, kit: PageKit): void {
  const show = async (res: Response, state: Partial<FormState> = {}) => {
    const { client, token } = contractsFor(kit, res);
    const contract = await client.contract(token, pathId(res.req, 'id', 'contract'));
    const actor = signedInActor(res);
    await kit.render(
      res.req,
      res,
      contractView({
        contract,
        isBuyer:
          actor.role === 'caseworker' &&
          contract.actingMunicipality.organisationId === actor.organisationId,
        isSupplier: actor.role === 'supplier',
        seesOrder:
          actor.role === 'caseworker' &&
          [contract.actingMunicipality, contract.payingMunicipality].some(
            (m) => m.organisationId === actor.organisationId,
          ),
        ...formPage(res, state, NOTICES),
      }),
    );
  };

  portal.get('/kontrakter/:id', requirePortalRole('caseworker', 'supplier'), (_req, res) =>
    show(res),
  );
  portal.get(
    '/kontrakter/:id/versioner/:version/pdf',
    requirePortalRole('caseworker', 'supplier'),
    (req, res) => sendPdf(kit, req, res),
  );

  registerProposalRoutes(portal, kit, show);
  for (const s of STEPS as Step<unknown>[])
    portal.post(
      `/kontrakter/:id/${s.path}`,
      requirePortalRole(...(typeof s.role === 'string' ? [s.role] : s.role)),
      ...kit.forms,
      (req, res) => {
        const id = pathId(req, 'id', 'contract');
        return submitForm(res, {
          spec: s.spec,
          values: readForm(req, ['version', ...s.spec.fields]),
          run: async (body) => {
            const { client, token } = contractsFor(kit, res);
            // Whoever the step now waits for is told from the contracts service's event
            // (contract.sent-for-signature, contract.accepted-by-supplier), as at its API.
            await s.run(client, token, id, body);
            return withNotice(`/kontrakter/${id}`, s.done);
          },
          show: (state) => show(res, state),
        });
      },
    );
}

/** A stored version's PDF, with the hash the contracts service recorded. */
async function sendPdf(kit: PageKit, req: Request, res: Response): Promise<void> {
  const id = pathId(req, 'id', 'contract');
  const version = Number(pathId(req, 'version', 'version'));
  const { client, token } = contractsFor(kit, res);
  const pdf = await client.pdf(token, id, version);
  res
    .status(200)
    .type('application/pdf')
    .set('Content-Disposition', `inline; filename="kontrakt-v${version}.pdf"`)
    .set(pdf.sha256 ? { 'X-Content-SHA256': pdf.sha256 } : {})
    .send(pdf.bytes);
}
