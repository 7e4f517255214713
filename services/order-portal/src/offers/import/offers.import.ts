import type { CrossTenantScope } from '@rammeaftale/db';
import type { OfferMetadata, OfferRepository } from '../offer.repository';
import type { OrganisationRepository } from '../organisation.repository';
import type { CsvRecord, ImportProblem } from './csv';
import { RowReader } from './fields';
import { TP_ID } from './tilbudsportalen-id';
import { importFile, type ChunkedWrite, type ImportOptions } from './import-file';
import { canonicalJson, type ImportReport } from './import-report';
import {
  OFFER_COLUMN_SPECS,
  OFFER_COLUMNS,
  OFFER_LEVEL,
  offerProblem as problem,
  parseOfferRow,
  type OfferColumn,
  type ParsedRow,
} from './offer-row';

export { OFFER_COLUMNS } from './offer-row';

export interface OfferImportDeps {
  offers: OfferRepository;
  organisations: OrganisationRepository;
}

/** The rows of one offer (by Tilbudsportalen id), and whether any of them could not be read. */
interface OfferGroup {
  rows: number[];
  parsed: ParsedRow[];
  bad: boolean;
}

interface OfferToStore {
  id: string;
  metadata: OfferMetadata;
  rows: number[];
}

/**
 * Offers with their departments, one row per department (an offer without departments has one
 * row with the department columns empty). An offer is stored only when all its rows are good:
 * it is one document, and storing it without one of its departments would be half-written.
 */
export function importOffers(
  deps: OfferImportDeps,
  scope: CrossTenantScope,
  bytes: Uint8Array,
  opts: ImportOptions,
): Promise<ImportReport> {
  return importFile('offers', OFFER_COLUMNS, bytes, opts, async (records, errors, inChunks) => {
    const groups = groupByOffer(records, errors);
    // Private operators must already be registered (organisations import), with CVR and EAN.
    const providerIds = [...groups.values()].flatMap((g) =>
      g.parsed.flatMap((p) => (p.providerOrganisationId ? [p.providerOrganisationId] : [])),
    );
    const knownProviders = await deps.organisations.byIds(scope, providerIds);
    const offers = [...groups.values()].flatMap((group) => {
      const offer = offerOfGroup(group, knownProviders, errors);
      return offer ? [offer] : [];
    });
    return storeOffers(deps, scope, offers, opts.dryRun ? undefined : inChunks, errors);
  });
}

/** Reads every row and groups the readable ones by offer; each row's problems go to `errors`. */
function groupByOffer(
  records: readonly CsvRecord<OfferColumn>[],
  errors: ImportProblem[],
): Map<string, OfferGroup> {
  const groups = new Map<string, OfferGroup>();
  for (const record of records) {
    const reader = new RowReader(record, OFFER_COLUMN_SPECS);
    const parsed = parseOfferRow(reader);
    errors.push(...reader.problems);
    const tp = reader.raw('tilbudsportalenId');
    if (!TP_ID.test(tp)) continue; // cannot belong to any offer; its own error says why
    const group = groups.get(tp) ?? { rows: [], parsed: [], bad: false };
    group.rows.push(record.row);
    if (parsed) group.parsed.push(parsed);
    else group.bad = true;
    groups.set(tp, group);
  }
  return groups;
}

/**
 * The offer of a group of rows, or undefined when any of its rows is bad, names an unknown
 * provider or disagrees with the others; then every row of it says why it was not imported.
 */
function offerOfGroup(
  group: OfferGroup,
  knownProviders: ReadonlyMap<string, unknown>,
  errors: ImportProblem[],
): OfferToStore | undefined {
  const groupErrors: ImportProblem[] = [];
  for (const p of group.parsed) {
    if (p.providerOrganisationId && !knownProviders.has(p.providerOrganisationId)) {
      groupErrors.push(
        problem(
          p.row,
          'operatorCvr',
          'UNKNOWN_ORGANISATION',
          'Ingen leverandør med dette CVR-nummer. Importér leverandøren først.',
        ),
      );
    }
  }
  groupErrors.push(...consistencyProblems(group.parsed));
  errors.push(...groupErrors);
  if (group.bad || groupErrors.length > 0) {
    const failedRows = new Set(errors.map((e) => e.row));
    for (const row of group.rows) {
      if (!failedRows.has(row)) {
        errors.push(
          problem(
            row,
            'tilbudsportalenId',
            'OFFER_NOT_IMPORTED',
            'Rækken blev ikke importeret, fordi en anden række for samme tilbud har fejl.',
          ),
        );
      }
    }
    return undefined;
  }
  const [first] = group.parsed;
  if (!first) return undefined;
  const departments = group.parsed.flatMap((p) => (p.department ? [p.department] : []));
  return { id: first.offerId, metadata: { ...first.metadata, departments }, rows: group.rows };
}

/** Writes the offers that are new or changed (not on a dry run) and counts what happened. */
async function storeOffers(
  deps: OfferImportDeps,
  scope: CrossTenantScope,
  offers: readonly OfferToStore[],
  /** How to write; none on a dry run. */
  inChunks: ChunkedWrite | undefined,
  errors: ImportProblem[],
): Promise<{ created: number; updated: number; unchanged: number }> {
  const existing = await deps.offers.metadataByIds(
    scope,
    offers.map((o) => o.id),
  );
  const tally = { created: 0, updated: 0, unchanged: 0 };
  const writes = offers.filter((o) => {
    const before = existing.get(o.id);
    if (!before) return true;
    return canonicalJson(before) !== canonicalJson(o.metadata);
  });
  const failed = new Set<string>();
  const known = new Set(existing.keys());
  await inChunks?.(
    writes,
    (o) => o.rows.length,
    async (chunk) => {
      for (const id of await deps.offers.upsertMetadata(scope, chunk, known)) failed.add(id);
    },
  );
  const written = new Set(writes.map((w) => w.id));
  for (const o of offers) {
    if (failed.has(o.id)) {
      for (const row of o.rows) {
        errors.push(
          problem(row, 'tilbudsportalenId', 'WRITE_FAILED', 'Tilbuddet kunne ikke gemmes.'),
        );
      }
    } else if (!written.has(o.id)) tally.unchanged++;
    else if (existing.has(o.id)) tally.updated++;
    else tally.created++;
  }
  return tally;
}

/** The rows of one offer must agree on the offer's own fields, and name each department once. */
function consistencyProblems(rows: readonly ParsedRow[]): ImportProblem[] {
  const [first] = rows;
  if (!first) return [];
  const problems: ImportProblem[] = [];
  const departmentIds = new Set<string>();
  const multiRow = rows.length > 1;
  for (const p of rows) {
    if (p !== first) {
      const differs = OFFER_LEVEL.find((k) => p.raw[k] !== first.raw[k]);
      if (differs) {
        problems.push(
          problem(
            p.row,
            differs,
            'INCONSISTENT_OFFER',
            `Afviger fra række ${first.row} for samme tilbud; tilbuddets egne felter skal være ens på alle dets rækker.`,
          ),
        );
      }
    }
    if (multiRow && !p.department) {
      problems.push(
        problem(
          p.row,
          'departmentId',
          'MISSING',
          'Et tilbud med flere rækker skal have en afdeling på hver række.',
        ),
      );
    }
    if (p.department) {
      if (departmentIds.has(p.department.departmentId)) {
        problems.push(
          problem(
            p.row,
            'departmentId',
            'DUPLICATE_DEPARTMENT',
            'Afdelingen står mere end én gang for samme tilbud.',
          ),
        );
      }
      departmentIds.add(p.department.departmentId);
    }
  }
  return problems;
}
