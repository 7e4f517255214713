import type { Actor } from '@rammeaftale/auth';
import { ForbiddenError } from '@rammeaftale/domain';
import type { Logger } from '@rammeaftale/logging';
import type { OfferLockRepository } from '../offer-lock.repository';
import type { OfferRepository } from '../offer.repository';
import type { OrganisationRepository } from '../organisation.repository';
import { crossTenant } from '@rammeaftale/db';
import { actorScope } from '../../tenancy';
import { importCapacity } from './capacity.import';
import type { ImportOptions } from './import-file';
import type { ImportKind, ImportReport } from './import-report';
import { importOffers } from './offers.import';
import { importOrganisations } from './organisations.import';
import { importTariffs } from './tariffs.import';

export interface ImportDeps {
  offers: OfferRepository;
  organisations: OrganisationRepository;
  locks: OfferLockRepository;
  logger: Logger;
  now: () => Date;
}

/** Who may import what: the registry is the secretariat's; suppliers may report capacity. */
const WRITERS: Record<ImportKind, readonly Actor['role'][]> = {
  organisations: ['secretariat', 'service'],
  offers: ['secretariat', 'service'],
  tariffs: ['secretariat', 'service'],
  capacity: ['secretariat', 'service', 'supplier'],
};

/**
 * Imports one CSV file. A supplier's capacity file is read in the supplier's own scope, so rows
 * for offers it does not operate are reported as unknown offers and never touch them.
 */
export async function importCsv(
  deps: ImportDeps,
  actor: Actor,
  input: {
    kind: ImportKind;
    bytes: Uint8Array;
    charset?: string;
    dryRun: boolean;
  } & Pick<ImportOptions, 'progress' | 'chunkSize'>,
): Promise<ImportReport> {
  if (!WRITERS[input.kind].includes(actor.role))
    throw new ForbiddenError(`This role may not import ${input.kind}`);
  // The registry is written as a whole; a supplier's capacity file reaches its own offers only.
  const registry = crossTenant("the secretariat's import writes the shared offer registry");
  const capacityScope = actor.role === 'supplier' ? actorScope(actor, 'operator') : registry;
  const by = { userId: actor.userId, role: actor.role, organisationId: actor.organisationId };
  const { dryRun, charset, progress, chunkSize } = input;
  const opts = { dryRun, charset, progress, chunkSize };
  const started = Date.now();
  let report: ImportReport;
  switch (input.kind) {
    case 'organisations':
      report = await importOrganisations(deps, registry, input.bytes, opts);
      break;
    case 'offers':
      report = await importOffers(deps, registry, input.bytes, opts);
      break;
    case 'capacity':
      report = await importCapacity(deps, capacityScope, by, input.bytes, opts);
      break;
    case 'tariffs':
      report = await importTariffs(deps, registry, by, input.bytes, opts);
      break;
  }
  // Counts only: cell values may hold personal data and never go to the log.
  deps.logger.info(
    {
      kind: input.kind,
      dryRun: input.dryRun,
      accepted: report.accepted,
      rows: report.rows,
      rejectedRows: report.rejectedRows,
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      byOrganisation: actor.organisationId,
      ms: Date.now() - started,
    },
    'csv import',
  );
  return report;
}
