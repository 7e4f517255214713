import type { Actor } from '@rammeaftale/auth';
import type { TenantScope } from '@rammeaftale/db';
import { InvalidInputError, NotFoundError } from '@rammeaftale/domain';
import {
  citizenExtract,
  type AccessLog,
  type AccessLogRepository,
  type CitizenExtractRequest,
} from '@rammeaftale/privacy';
import { ensureCurrentDocument, type DocumentDeps } from '../documents/ensure-document.use-case';
import type { ContractDocument } from '../documents/document.repository';
import { contractScopeFor } from './contract.access';
import { decodeCursor, encodeCursor } from './contract-list.rules';
import type { ContractListFilter, ContractParty, ContractRepository } from './contract.repository';
import type { Contract } from './contract.types';

export type ReadDeps = DocumentDeps & { accessLog: AccessLog };

/** The contract as the caller may see it with the caller's scope, or 404 with nothing about it. */
async function visibleContract(
  contracts: ContractRepository,
  actor: Actor,
  id: string,
): Promise<{ contract: Contract; scope: TenantScope<ContractParty> }> {
  const scope = contractScopeFor(actor);
  const contract = scope ? await contracts.get(scope, id) : undefined;
  if (!scope || !contract) throw new NotFoundError('Contract');
  return { contract, scope };
}

// A contract names the citizen (by pseudonym) and their goals: who read it is logged first.
const logRead = (deps: ReadDeps, actor: Actor, c: Contract, what: string) =>
  deps.accessLog(actor, {
    action: 'read',
    purpose: what,
    citizenRef: c.citizen.reference,
    resource: { type: 'contract', id: c.id },
  });

/** The caller's contracts: its municipality's (acting or paying), or its own as supplier. */
export async function listContracts(
  deps: { contracts: ContractRepository },
  actor: Actor,
  query: ContractListFilter & { limit: number; cursor?: string },
): Promise<{ contracts: Contract[]; count: number; nextCursor?: string }> {
  const { limit, cursor, ...filter } = query;
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (cursor !== undefined && !after)
    throw new InvalidInputError(
      [{ field: 'cursor', code: 'invalid_cursor', message: 'not a cursor of this list' }],
      'query',
    );
  const scope = contractScopeFor(actor);
  if (!scope) return { contracts: [], count: 0 };
  const page = await deps.contracts.list(scope, filter, { limit, after });
  const last = page.contracts[page.contracts.length - 1];
  // A full page may have more after it; the next read answers with none if not.
  return last && page.contracts.length === limit
    ? { ...page, nextCursor: encodeCursor({ updatedAt: last.updatedAt, id: last.id }) }
    : page;
}

/** One contract with everything on it, the read logged first. */
export async function readContract(deps: ReadDeps, actor: Actor, id: string): Promise<Contract> {
  const { contract } = await visibleContract(deps.contracts, actor, id);
  await logRead(deps, actor, contract, 'contract');
  return contract;
}

/**
 * The stored PDF of a version: the current one is rendered and stored first if needed; older
 * ones are only ever read (they cannot be re-made once the contract moved on).
 */
export async function readContractDocument(
  deps: ReadDeps,
  actor: Actor,
  id: string,
  version: number,
): Promise<{ contract: Contract; document: ContractDocument }> {
  const { contract: c, scope } = await visibleContract(deps.contracts, actor, id);
  const document =
    version === c.version
      ? await ensureCurrentDocument(deps, scope, c)
      : version < c.version
        ? await deps.documents.get(c.id, version)
        : undefined;
  if (!document) throw new NotFoundError('Contract version');
  await logRead(deps, actor, c, `contract document version ${document.version}`);
  return { contract: c, document };
}

/**
 * The contracts' part of a citizen's access-log extract: entries about contracts the caller can
 * see in its own scope.
 */
export function contractsExtract(
  deps: ReadDeps & { accessLogRepo: AccessLogRepository },
  actor: Actor,
  request: CitizenExtractRequest,
) {
  const scope = contractScopeFor(actor);
  return citizenExtract(
    { repo: deps.accessLogRepo, accessLog: deps.accessLog },
    actor,
    request,
    async (r) =>
      r.type === 'contract' ? Boolean(scope && (await deps.contracts.get(scope, r.id))) : undefined,
  );
}
