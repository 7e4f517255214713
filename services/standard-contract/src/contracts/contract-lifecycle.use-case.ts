import type { Actor } from '@rammeaftale/auth';
import type { TenantScope } from '@rammeaftale/db';
import { ConflictError } from '@rammeaftale/domain';
import type { Logger } from '@rammeaftale/logging';
import type { AccessLog } from '@rammeaftale/privacy';
import { ensureCurrentDocument, type DocumentDeps } from '../documents/ensure-document.use-case';
import { contractLetterKey } from '../letters/contract-letter.rules';
import { tryDeliverLetter, type LetterDeps } from '../letters/deliver-letters.use-case';
import { isBuyer, isSupplier } from './contract.access';
import type { ContractParty } from './contract.repository';
import type { Contract, LetterRecord, Signature } from './contract.types';
import { changeContract } from './change-contract';

export type LifecycleDeps = DocumentDeps & LetterDeps & { logger: Logger; accessLog: AccessLog };

const BUYER = 'a case worker of the acting municipality';

/**
 * The buyer sends the draft to the supplier. The contract letter is recorded in the same write
 * (the outbox) and handed to the notifications worker right after; if that fails it stays pending
 * for the reconciler.
 */
export function sendToSupplier(deps: LifecycleDeps, actor: Actor, id: string): Promise<Contract> {
  return changeContract(deps, actor, id, 'send', {
    who: BUYER,
    mayAct: (c) => isBuyer(actor, c),
    build: async (c, now, scope) => {
      const doc = await ensureCurrentDocument(deps, scope, c);
      const letter: LetterRecord = {
        key: contractLetterKey(c.id, c.version),
        version: c.version,
        status: 'pending',
        attempts: 0,
        createdAt: now,
      };
      return {
        update: { $push: { letters: letter } },
        detail: { documentHash: doc.sha256, letter: letter.key },
        // The supplier's people are told it awaits them (the portal's notices), however it was sent.
        event: {
          type: 'contract.sent-for-signature',
          refs: { supplierId: c.supplier.organisationId },
        },
      };
    },
    after: (updated, scope) =>
      tryDeliverLetter(deps, scope, updated, contractLetterKey(updated.id, updated.version)),
  });
}

async function signature(
  deps: LifecycleDeps,
  scope: TenantScope<ContractParty>,
  actor: Actor,
  c: Contract,
  version: number,
  now: Date,
): Promise<Signature> {
  if (version !== c.version)
    throw new ConflictError(
      `Version ${version} is not the current version ${c.version}; read the current one`,
    );
  const doc = await ensureCurrentDocument(deps, scope, c);
  return {
    userId: actor.userId,
    organisationId: actor.organisationId,
    at: now,
    version: c.version,
    documentHash: doc.sha256,
  };
}

/** The supplier accepts exactly the version it read; the PDF's hash is recorded with it. */
export function acceptBySupplier(deps: LifecycleDeps, actor: Actor, id: string, version: number) {
  return changeContract(deps, actor, id, 'accept', {
    who: 'the supplier',
    mayAct: (c) => isSupplier(actor, c),
    build: async (c, now, scope) => {
      const s = await signature(deps, scope, actor, c, version, now);
      return {
        update: { $set: { 'signatures.supplier': s } },
        detail: { documentHash: s.documentHash },
        event: { type: 'contract.accepted-by-supplier' },
      };
    },
  });
}

/** The buyer signs the version the supplier accepted. */
export function signByBuyer(deps: LifecycleDeps, actor: Actor, id: string, version: number) {
  return changeContract(deps, actor, id, 'sign', {
    who: BUYER,
    mayAct: (c) => isBuyer(actor, c),
    build: async (c, now, scope) => {
      if (c.signatures.supplier?.version !== c.version)
        throw new ConflictError('The supplier has not accepted the current version');
      const s = await signature(deps, scope, actor, c, version, now);
      return {
        update: { $set: { 'signatures.buyer': s } },
        detail: { documentHash: s.documentHash },
        event: { type: 'contract.signed' },
      };
    },
  });
}

/** Signed by both parties, the contract becomes active when the placement starts. */
export function activate(deps: LifecycleDeps, actor: Actor, id: string, startedOn?: string) {
  return changeContract(deps, actor, id, 'activate', {
    who: BUYER,
    mayAct: (c) => isBuyer(actor, c),
    build: (c) => {
      const on = startedOn ?? c.startDate;
      return { update: { $set: { activatedOn: on } }, detail: { activatedOn: on } };
    },
  });
}
