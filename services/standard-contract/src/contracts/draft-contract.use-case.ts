import { ProblemError } from '@rammeaftale/http';
import type { Logger } from '@rammeaftale/logging';
import type { AccessLog } from '@rammeaftale/privacy';
import type { ContractBasis } from '@rammeaftale/service-api';
import { ensureCurrentDocument, type DocumentDeps } from '../documents/ensure-document.use-case';
import { variantFor } from '../templates/template-variants';
import type { ContractDoc } from './contract.model';
import { basisProblems, contractIdFor, priceRecord, tenantKeysOf } from './contract.rules';
import type { ActorRef, Contract } from './contract.types';
import type { PolicySource } from '../policy/policy-values.client';

export type DraftDeps = DocumentDeps & {
  logger: Logger;
  policies: PolicySource;
  accessLog: AccessLog;
};

/** The basis breaks a contract rule; `errors` name the fields (relative to the basis). */
export class ContractBasisRejected extends ProblemError {
  constructor(errors: { field: string; message: string }[], prefix: string) {
    super(422, `The contract basis cannot make a standard contract: ${errors[0]?.message}`, {
      title: 'Invalid Contract Basis',
      errors: errors.map((e) => ({ field: `${prefix}${e.field}`, message: e.message })),
    });
  }
}

/**
 * Draft the national standard contract for a selected order. The contract id is derived from the
 * order, so the same event (or the same request) twice yields the one contract made the first
 * time. The template variant follows from the citizen (child or adult) and the offer (covered by
 * the framework agreement or not); the contract records the template id and version it used.
 */
export async function draftContract(
  deps: DraftDeps,
  basis: ContractBasis,
  by: ActorRef,
  opts: { fieldPrefix?: string } = {},
): Promise<{ contract: Contract; created: boolean }> {
  const id = contractIdFor(basis.orderId);
  const existing = await deps.contracts.get(id, { kind: 'all' });
  if (existing) return { contract: existing, created: false };

  const problems = basisProblems(basis);
  if (problems.length > 0) throw new ContractBasisRejected(problems, opts.fieldPrefix ?? '');

  const now = deps.now();
  const today = now.toISOString().slice(0, 10);
  const variant = variantFor({
    citizenIsChild: basis.citizen.isChild,
    offerCoveredByFramework: basis.offer.coveredByFrameworkAgreement,
  });
  const template = await deps.templates.latestInForce(variant, today);
  if (!template)
    throw new ProblemError(503, `No version of template ${variant} is loaded yet`, {
      headers: { 'Retry-After': '30' },
    });

  // The P/L rate the contract states is the one in force when the placement starts; without the
  // registry's answer nothing is drafted (503 here, a retried job for the event).
  const policy = await deps.policies.inForceOn(basis.startDate);
  const price = priceRecord(basis.price);
  const acting = tenantKeysOf(basis.actingMunicipality);
  const doc: ContractDoc = {
    _id: id,
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
    priceRegulation: { index: 'P/L', plRateBp: policy.plRateBp, policyYear: policy.year },
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
  const { contract, created } = await deps.contracts.insertDraft(doc);
  if (created) {
    deps.logger.info(
      { contractId: id, template: template.templateId, templateVersion: template.version },
      'contract drafted',
    );
    // Best effort: the document is also ensured before it is sent, accepted or signed.
    await ensureCurrentDocument(deps, contract).catch((err: unknown) =>
      deps.logger.warn({ err, contractId: id }, 'rendering the draft failed; retried on send'),
    );
  }
  return { contract, created };
}
