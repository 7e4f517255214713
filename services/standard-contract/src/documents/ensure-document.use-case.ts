import { createHash } from 'node:crypto';
import type { TenantScope } from '@rammeaftale/db';
import type { ContractParty, ContractRepository } from '../contracts/contract.repository';
import type { Contract } from '../contracts/contract.types';
import type { TemplateRepository } from '../templates/template.repository';
import { renderContractPdf } from './contract-document.renderer';
import type { ContractDocument, DocumentRepository } from './document.repository';

export interface DocumentDeps {
  contracts: ContractRepository;
  templates: TemplateRepository;
  documents: DocumentRepository;
  now: () => Date;
}

/**
 * The stored PDF of the contract's current version, rendering and storing it first if needed
 * (a crash between a contract write and its rendering is repaired here). Older versions are only
 * ever read: their content cannot be re-derived once the contract moved on.
 */
export async function ensureCurrentDocument(
  deps: DocumentDeps,
  scope: TenantScope<ContractParty>,
  contract: Contract,
): Promise<ContractDocument> {
  const existing = await deps.documents.get(contract.id, contract.version);
  if (existing) {
    if (!contract.versions[contract.version - 1]?.documentHash)
      await deps.contracts.setDocumentHash(scope, contract.id, contract.version, existing.sha256);
    return existing;
  }
  const template = await deps.templates.get(contract.template.id, contract.template.version);
  // Templates are never deleted: a contract whose template is gone is a bug (500), not a refusal.
  if (!template)
    throw new Error(
      `Template ${contract.template.id} version ${contract.template.version} is missing`,
    );
  const renderedAt = contract.versions[contract.version - 1]?.createdAt ?? deps.now();
  const content = await renderContractPdf(contract, template, new Date(renderedAt));
  const stored = await deps.documents.storeOnce({
    contractId: contract.id,
    version: contract.version,
    contentType: 'application/pdf',
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
    size: content.length,
    template: { id: template.templateId, version: template.version },
    renderedAt: deps.now(),
  });
  await deps.contracts.setDocumentHash(scope, contract.id, contract.version, stored.sha256);
  return stored;
}
