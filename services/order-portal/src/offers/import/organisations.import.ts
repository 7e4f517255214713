import type { CrossTenantScope } from '@rammeaftale/db';
import { isValidCvr, isValidEan, municipalityByCode, REGION_SJAELLAND } from '@rammeaftale/domain';
import {
  municipalityOrganisationId,
  providerOrganisationId,
  regionOrganisationId,
} from '../organisation.model';
import type { OrganisationRepository, OrganisationWrite } from '../organisation.repository';
import type { ColumnSpec, CsvRecord, ImportProblem } from './csv';
import { RowReader, columnsByKey } from './fields';
import { importFile, type ChunkedWrite, type ImportOptions } from './import-file';
import { canonicalJson, type ImportReport, type Tally } from './import-report';

export const ORGANISATION_COLUMNS = [
  { key: 'cvr', header: 'CVR', required: true, aliases: ['CVR-nummer', 'CVR-nr.'] },
  { key: 'authorityCode', header: 'Kommunekode', required: false, aliases: ['Myndighedskode'] },
  { key: 'name', header: 'Navn', required: true },
  { key: 'ean', header: 'EAN', required: true, aliases: ['EAN-nummer', 'EAN-numre'] },
  { key: 'street', header: 'Adresse', required: true },
  { key: 'postalCode', header: 'Postnr', required: true, aliases: ['Postnummer'] },
  { key: 'city', header: 'By', required: true },
  { key: 'email', header: 'E-mail', required: false, aliases: ['Email', 'E-post'] },
  { key: 'phone', header: 'Telefon', required: false, aliases: ['Tlf.'] },
] as const satisfies readonly ColumnSpec<string>[];

type OrganisationColumn = (typeof ORGANISATION_COLUMNS)[number]['key'];
const COLUMNS = columnsByKey<OrganisationColumn>(ORGANISATION_COLUMNS);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Parties and their invoicing and letter details. A row with a municipality code (or the region's
 * code) describes that public body; otherwise the CVR number identifies a private provider.
 */
export function importOrganisations(
  deps: { organisations: OrganisationRepository },
  scope: CrossTenantScope,
  bytes: Uint8Array,
  opts: ImportOptions,
): Promise<ImportReport> {
  return importFile(
    'organisations',
    ORGANISATION_COLUMNS,
    bytes,
    opts,
    async (records, errors, inChunks) => {
      const byId = organisationsById(records, errors);
      if (!opts.dryRun) await deps.organisations.ensurePublicOrganisations(scope);
      return storeOrganisations(
        deps.organisations,
        scope,
        byId,
        opts.dryRun ? undefined : inChunks,
        errors,
      );
    },
  );
}

type ReadOrganisation = { write: OrganisationWrite; row: number };

/** The readable rows by organisation; a second row for the same organisation is an error. */
function organisationsById(
  records: readonly CsvRecord<OrganisationColumn>[],
  errors: ImportProblem[],
): Map<string, ReadOrganisation> {
  const byId = new Map<string, ReadOrganisation>();
  for (const record of records) {
    const r = new RowReader(record, COLUMNS);
    const write = parseOrganisationRow(r);
    errors.push(...r.problems);
    if (!write) continue;
    const earlier = byId.get(write._id);
    if (earlier) {
      errors.push({
        row: r.row,
        field: COLUMNS.cvr.header,
        code: 'DUPLICATE_ORGANISATION',
        message: `Organisationen står allerede i række ${earlier.row}.`,
      });
      continue;
    }
    byId.set(write._id, { write, row: r.row });
  }
  return byId;
}

/** Writes the organisations that are new or changed (not on a dry run) and counts what happened. */
async function storeOrganisations(
  organisations: OrganisationRepository,
  scope: CrossTenantScope,
  byId: ReadonlyMap<string, ReadOrganisation>,
  /** How to write; none on a dry run. */
  inChunks: ChunkedWrite | undefined,
  errors: ImportProblem[],
): Promise<Tally> {
  const existing = await organisations.byIds(scope, [...byId.keys()]);
  const changed = [...byId.values()].filter(({ write }) => {
    const before = existing.get(write._id);
    if (!before) return true;
    const { id, createdAt: _c, updatedAt: _u, ...stored } = before;
    return canonicalJson({ _id: id, ...stored }) !== canonicalJson(write);
  });
  const failed = new Set<string>();
  await inChunks?.(
    changed,
    () => 1,
    async (chunk) => {
      const notStored = await organisations.upsert(
        scope,
        chunk.map((c) => c.write),
      );
      for (const id of notStored) failed.add(id);
    },
  );
  const tally = { created: 0, updated: 0, unchanged: byId.size - changed.length };
  for (const { write, row } of changed) {
    if (failed.has(write._id)) {
      errors.push({
        row,
        field: COLUMNS.cvr.header,
        code: 'WRITE_FAILED',
        message: 'Organisationen kunne ikke gemmes.',
      });
    } else if (existing.has(write._id)) tally.updated++;
    else tally.created++;
  }
  return tally;
}

function parseOrganisationRow(r: RowReader<OrganisationColumn>): OrganisationWrite | undefined {
  const codeText = r.text('authorityCode');
  const cvrText = r.text('cvr', { required: codeText === undefined });
  const cvr = cvrText?.replace(/^DK/i, '').replace(/\s/g, '');
  if (cvr !== undefined && !isValidCvr(cvr)) {
    r.fail('cvr', 'INVALID_CVR', 'Ugyldigt CVR-nummer: 8 cifre med gyldigt kontrolciffer.');
  }
  const name = r.text('name', { required: true });
  const eans = r.list('ean', { required: true });
  if (eans?.some((e) => !isValidEan(e.replace(/\s/g, '')))) {
    r.fail('ean', 'INVALID_EAN', 'Ugyldigt EAN-nummer: 13 cifre med gyldigt kontrolciffer.');
  }
  const street = r.text('street', { required: true });
  const postalCode = r.text('postalCode', { required: true });
  if (postalCode !== undefined && !/^\d{4}$/.test(postalCode)) {
    r.fail('postalCode', 'INVALID_POSTAL_CODE', 'Skal være et dansk postnummer med 4 cifre.');
  }
  const city = r.text('city', { required: true });
  const email = r.text('email');
  if (email !== undefined && !EMAIL.test(email))
    r.fail('email', 'INVALID_EMAIL', 'Ugyldig e-mailadresse.');
  const phone = r.text('phone', { max: 30 });

  let identity:
    Pick<OrganisationWrite, '_id' | 'kind' | 'municipalityCode' | 'regionCode'> | undefined;
  if (codeText !== undefined) {
    const municipality = municipalityByCode(codeText);
    if (municipality)
      identity = {
        _id: municipalityOrganisationId(municipality.code),
        kind: 'municipality',
        municipalityCode: municipality.code,
      };
    else if (Number(codeText) === REGION_SJAELLAND.code)
      identity = {
        _id: regionOrganisationId(REGION_SJAELLAND.code),
        kind: 'region',
        regionCode: REGION_SJAELLAND.code,
      };
    else
      r.fail(
        'authorityCode',
        'UNKNOWN_MUNICIPALITY',
        'Ukendt kommunekode. Brug en af de 17 kommuner i Region Sjælland eller 1085 for regionen.',
      );
  } else if (cvr !== undefined) {
    identity = { _id: providerOrganisationId(cvr), kind: 'private' };
  }
  if (
    !r.ok ||
    !identity ||
    name === undefined ||
    !eans ||
    street === undefined ||
    postalCode === undefined ||
    city === undefined
  ) {
    return undefined;
  }
  return {
    ...identity,
    name,
    ...(cvr !== undefined ? { cvr } : {}),
    eanNumbers: eans.map((e) => e.replace(/\s/g, '')),
    contact: { street, postalCode, city, ...(email ? { email } : {}), ...(phone ? { phone } : {}) },
  };
}
