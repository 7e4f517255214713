import { crossTenant, type TenantScope } from '@rammeaftale/db';
import { RejectedError, UnavailableError } from '@rammeaftale/domain';
import type { Logger } from '@rammeaftale/logging';
import type { AccessLog } from '@rammeaftale/privacy';
import type { ContractBasis } from '@rammeaftale/service-api';
import { ensureCurrentDocument, type DocumentDeps } from '../documents/ensure-document.use-case';
import type { StoredTemplate } from '../templates/template.repository';
import { variantFor } from '../templates/template-variants';
import type { ContractDoc } from './contract.model';
import type { ContractParty } from './contract.repository';
import { basisProblems, nextDraftFor, priceRecord, tenantKeysOf } from './contract.rules';
import type { ActorRef, Contract } from './contract.types';
import type { PolicyInForce, PolicySource } from '../policy/policy-values.client';

export type DraftDeps = DocumentDeps & {
  logger: Logger;
  policies: PolicySource;
  accessLog: AccessLog;
};

/**
 * Drafting is the service's own work for the municipality that selected the offer: whether the
 * order already has its contract is asked across tenants.
 */
export const draftingScope = () =>
  crossTenant("drafting from a selected order: the order's contract may already exist");

/**
 * The order's live contract, or the id of the next one when every contract it had ended before
 * coming into force (withdrawn or rejected: the order was selected again). The id names the
 * order's next slot; the insert of that id is what decides between two drafts at once (ADR 0015).
 */
export async function nextDraft(
  deps: Pick<DraftDeps, 'contracts'>,
  orderId: string,
): Promise<{ live: Contract } | { id: string }> {
  const contracts = await deps.contracts.forOrder(draftingScope(), orderId);
  const next = nextDraftFor(orderId, contracts);
  return 'live' in next ? { live: contracts.find((c) => c.id === next.live)! } : next;
}

/**
 * Draft the national standard contract for a selected order. The contract id is derived from the
 * order and its slot, so the same event (or the same request) twice yields the one contract made
 * the first time; after a withdrawn or rejected contract a new selection drafts the next one. The template variant follows from the citizen (child or adult) and the offer (covered by
 * the framework agreement or not); the contract records the template id and version it used.
 */
export async function draftContract(
  deps: DraftDeps,
  basis: ContractBasis,
  by: ActorRef,
): Promise<{ contract: Contract; created: boolean }> {
  const scope = draftingScope();
  const next = await nextDraft(deps, basis.orderId);
  if ('live' in next) return { contract: next.live, created: false };
  const id = next.id;

  refuseBrokenBasis(basis);
  const now = deps.now();
  const template = await templateFor(deps, basis, now);
  // The P/L rate the contract states is the one in force when the placement starts; without the
  // registry's answer nothing is drafted (503 here, a retried job for the event).
  const policy = await deps.policies.inForceOn(basis.startDate);
  const doc = draftDocument({ id, basis, template, policy, by, now });
  // The draft takes the citizen's pseudonym and goals over from the order: logged first.
  await deps.accessLog(
    { ...by, role: by.role as Parameters<AccessLog>[0]['role'] },
    {
      action: 'create',
      purpose: 'contract drafted from the selected order',
      citizenRef: basis.citizen.reference,
      resource: { type: 'contract', id },
    },
  );
  const { contract, created } = await deps.contracts.insertDraft(scope, doc);
  if (created) await renderDraft(deps, scope, contract);
  return { contract, created };
}

/** The basis breaks a contract rule: 422 naming the fields (of the basis, the request's body). */
function refuseBrokenBasis(basis: ContractBasis): void {
  const problems = basisProblems(basis);
  if (problems.length > 0)
    throw new RejectedError(
      `The contract basis cannot make a standard contract: ${problems[0]?.message}`,
      { code: 'invalid-contract-basis', issues: problems, part: 'body' },
    );
}

/** The newest version in force today of the variant the citizen and the offer call for. */
async function templateFor(
  deps: DraftDeps,
  basis: ContractBasis,
  now: Date,
): Promise<StoredTemplate> {
  const variant = variantFor({
    citizenIsChild: basis.citizen.isChild,
    offerCoveredByFramework: basis.offer.coveredByFrameworkAgreement,
  });
  const template = await deps.templates.latestInForce(variant, now.toISOString().slice(0, 10));
  if (!template) throw new UnavailableError(`No version of template ${variant} is loaded yet`, 30);
  return template;
}

async function renderDraft(
  deps: DraftDeps,
  scope: TenantScope<ContractParty>,
  contract: Contract,
): Promise<void> {
  deps.logger.info(
    {
      contractId: contract.id,
      template: contract.template.id,
      templateVersion: contract.template.version,
    },
    'contract drafted',
  );
  // Best effort: the document is also ensured before it is sent, accepted or signed.
  await ensureCurrentDocument(deps, scope, contract).catch((err: unknown) =>
    deps.logger.warn(
      { err, contractId: contract.id },
      'rendering the draft failed; retried on send',
    ),
  );
}

/** The draft as stored: version 1, its first price, and the audit entry of its drafting. */
function draftDocument(d: {
  id: string;
  basis: ContractBasis;
  template: StoredTemplate;
  policy: PolicyInForce;
  by: ActorRef;
  now: Date;
}): ContractDoc {
  const { basis, template, now, by } = d;
  const price = priceRecord(basis.price);
  const acting = tenantKeysOf(basis.actingMunicipality);
  return {
    _id: d.id,
    orderId: basis.orderId,
    status: 'draft',
    version: 1,
    template: { id: template.templateId, version: template.version, title: template.title },
    actingMunicipality: basis.actingMunicipality,
    payingMunicipality: basis.payingMunicipality,
    supplier: basis.supplier,
    access: {
      municipalities: [...new Set([...acting, ...tenantKeysOf(basis.payingMunicipality)])],
      buyer: acting,
      supplier: basis.supplier.organisationId,
    },
    citizen: { reference: basis.citizen.reference, isChild: basis.citizen.isChild },
    offer: basis.offer,
    services: basis.services,
    price,
    priceRegulation: { index: 'P/L', plRateBp: d.policy.plRateBp, policyYear: d.policy.year },
    paymentDays: template.defaults.paymentDays,
    startDate: basis.startDate,
    ...(basis.expectedDurationMonths !== undefined
      ? { expectedDurationMonths: basis.expectedDurationMonths }
      : {}),
    notice: {
      buyerMonths: template.defaults.noticeMonthsBuyer,
      supplierMonths: template.defaults.noticeMonthsSupplier,
    },
    goals: basis.goals,
    selectedAt: basis.selectedAt,
    selectedBy: basis.selectedBy,
    signatures: {},
    amendments: [],
    amendmentProposals: [],
    priceHistory: [
      { validFrom: basis.startDate, price, source: 'contract', recordedAt: now, recordedBy: by },
    ],
    versions: [{ number: 1, createdAt: now, reason: 'Kontrakt udarbejdet' }],
    audit: [
      {
        at: now,
        action: 'drafted',
        by,
        version: 1,
        detail: {
          template: `${template.templateId}:v${template.version}`,
          selectedBy: basis.selectedBy,
          selectedAt: basis.selectedAt,
        },
      },
    ],
    letters: [],
    createdAt: now,
    updatedAt: now,
  };
}
