import type { Response, Router } from 'express';
import { AmendmentProposalBody, ProposalDecisionBody } from '@rammeaftale/service-api';
import type { z } from 'zod';
import { notify, type NoticeDeps } from '../../notices-to-people/notices.use-case';
import { isoFromDateField, oreFromAmountField } from '../kit/format';
import { optional, readForm, type FormSpec } from '../kit/form-kit';
import { pathId } from '../kit/ids';
import { withNotice } from '../kit/notices';
import { signedInActor, type PageKit } from '../kit/page';
import { submitForm, type FormState } from '../kit/submit';
import { requirePortalRole } from '../session';
import { contractsFor } from './contracts-service';

/**
 * Amendments by agreement from the contract page: a party of a running contract proposes one,
 * the other party accepts or declines it. Each form is checked by the contracts service's own
 * schema; the service sends the other party its letter, and the portal tells that party's people
 * in "Beskeder".
 */
export const PROPOSAL_NOTICES = {
  foreslaaet: 'Forslaget til tillæg er sendt. Den anden part får et brev og en besked om det.',
  accepteret_tillaeg: 'I har accepteret forslaget. Kontrakten er ændret i en ny version.',
  afvist_tillaeg: 'I har afvist forslaget. Kontrakten er uændret.',
} as const;

type Proposal = z.infer<typeof AmendmentProposalBody>;
type Decision = z.infer<typeof ProposalDecisionBody>;

/** "Vågen nattevagt (SEL § 108)", one a line; a line without its legal basis is refused by the schema. */
export function servicesFromField(text: string): Proposal['changes']['services'] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) return undefined;
  return lines.map((line) => {
    const m = /^(.*?)\s*\(([^()]*)\)$/.exec(line);
    return m
      ? { description: m[1]!, legalBasis: m[2]!.trim() }
      : { description: line, legalBasis: '' };
  });
}

export const PROPOSAL_FORM: FormSpec<Proposal> = {
  name: 'amendmentProposal',
  fields: [
    'proposalEffectiveFrom',
    'proposalServices',
    'proposalDailyBasisTariff',
    'proposalEndDate',
    'proposalReason',
  ],
  schema: AmendmentProposalBody,
  toBody: (v) => ({
    effectiveFrom: isoFromDateField(v.proposalEffectiveFrom ?? ''),
    reason: v.proposalReason,
    changes: {
      services: servicesFromField(v.proposalServices ?? ''),
      dailyBasisTariffOre: v.proposalDailyBasisTariff
        ? oreFromAmountField(v.proposalDailyBasisTariff)
        : undefined,
      endDate: optional(isoFromDateField(v.proposalEndDate ?? '')),
    },
  }),
  paths: {
    effectiveFrom: 'proposalEffectiveFrom',
    reason: 'proposalReason',
    changes: 'proposalServices',
    'changes.services': 'proposalServices',
    'changes.dailyBasisTariffOre': 'proposalDailyBasisTariff',
    'changes.endDate': 'proposalEndDate',
  },
};

const DECISION_FORM: FormSpec<Decision> = {
  name: 'proposalDecision',
  fields: ['decisionComment'],
  schema: ProposalDecisionBody,
  toBody: (v) => ({ decision: v.decision, comment: optional(v.decisionComment) }),
  paths: { comment: 'decisionComment' },
};

/** The contract page shown again with a failed form (contract.page's own `show`). */
type Show = (res: Response, state: Partial<FormState>) => Promise<void>;

export function registerProposalRoutes(portal: Router, kit: PageKit, show: Show): void {
  const parties = requirePortalRole('caseworker', 'supplier');
  const notices: NoticeDeps = kit.deps.orders;
  portal.post('/kontrakter/:id/tillaeg', parties, ...kit.forms, (req, res) => {
    const id = pathId(req, 'id', 'contract');
    return submitForm(res, {
      spec: PROPOSAL_FORM,
      values: readForm(req, PROPOSAL_FORM.fields),
      run: async (body) => {
        const { client, token } = contractsFor(kit, res);
        const c = await client.proposeAmendment(token, id, body);
        const number = c.amendmentProposals.at(-1)?.number ?? 0;
        // The other party's people: the supplier's, or the acting municipality's case workers.
        const to =
          signedInActor(res).role === 'supplier'
            ? { organisationId: c.actingMunicipality.organisationId, role: 'caseworker' as const }
            : { organisationId: c.supplier.organisationId, role: 'supplier' as const };
        await notify(notices, [
          {
            key: `${c.id}-${number}`,
            kind: 'amendment_proposed',
            recipient: to,
            refs: { contractId: c.id },
          },
        ]);
        return withNotice(`/kontrakter/${id}`, 'foreslaaet');
      },
      show: (state) => show(res, state),
    });
  });
  portal.post('/kontrakter/:id/tillaeg/:nummer/svar', parties, ...kit.forms, (req, res) => {
    const id = pathId(req, 'id', 'contract');
    const number = Number(pathId(req, 'nummer', 'version'));
    return submitForm(res, {
      spec: DECISION_FORM,
      values: readForm(req, ['decision', 'decisionComment']),
      run: async (body) => {
        const { client, token } = contractsFor(kit, res);
        const c = await client.decideAmendmentProposal(token, id, number, body);
        const p = c.amendmentProposals.find((x) => x.number === number);
        // The proposer's people are told of the answer.
        if (p)
          await notify(notices, [
            {
              key: `${c.id}-${number}`,
              kind: 'amendment_decided',
              recipient: {
                organisationId: p.proposedBy.organisationId,
                role: p.party === 'buyer' ? 'caseworker' : 'supplier',
              },
              refs: { contractId: c.id },
            },
          ]);
        return withNotice(
          `/kontrakter/${id}`,
          body.decision === 'accept' ? 'accepteret_tillaeg' : 'afvist_tillaeg',
        );
      },
      show: (state) => show(res, state),
    });
  });
}
