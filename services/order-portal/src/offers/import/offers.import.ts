import {
  isDomainValidationError,
  isValidCvr,
  municipalityByCode,
  parseDanishDecimal,
  REGION_SJAELLAND,
  TARGET_GROUPS,
  type OperatorKind,
  type TargetGroupSlug,
} from '@rammeaftale/domain';
import type { DepartmentDoc } from '../offer.model';
import { offerIdForTilbudsportalen } from '../offer.model';
import type { OfferMetadata, OfferRepository } from '../offer.repository';
import {
  municipalityOrganisationId,
  providerOrganisationId,
  regionOrganisationId,
} from '../organisation.model';
import type { OrganisationRepository } from '../organisation.repository';
import type { OfferScope } from '../scope';
import {
  APPROVAL_STATUSES,
  GENDER_RESTRICTIONS,
  OFFER_TYPES,
  approvalStatusFromText,
  danishSortKey,
  genderRestrictionFromText,
  offerTypeFromText,
  operatorKindFromText,
  targetGroupFromText,
} from '../vocabulary';
import { readCsv, type ColumnSpec, type ImportProblem } from './csv';
import { RowReader, columnsByKey } from './fields';
import { canonicalJson, finishReport, rejectedFile, type ImportReport } from './import-report';

export const OFFER_COLUMNS = [
  {
    key: 'tilbudsportalenId',
    header: 'Tilbudsportalen-id',
    required: true,
    aliases: ['Tilbudsportalen id', 'TP-id'],
  },
  { key: 'name', header: 'Tilbudsnavn', required: true, aliases: ['Navn'] },
  { key: 'offerType', header: 'Tilbudstype', required: true },
  {
    key: 'legalBasis',
    header: 'Lovgrundlag',
    required: true,
    aliases: ['Paragraf', 'Paragraffer'],
  },
  { key: 'targetGroups', header: 'Målgrupper', required: true, aliases: ['Målgruppe'] },
  { key: 'targetGroupTags', header: 'Målgruppetags', required: false },
  { key: 'ageMin', header: 'Alder fra', required: true },
  { key: 'ageMax', header: 'Alder til', required: true },
  { key: 'genderRestriction', header: 'Køn', required: false },
  { key: 'street', header: 'Adresse', required: true },
  { key: 'postalCode', header: 'Postnr', required: true, aliases: ['Postnummer'] },
  { key: 'city', header: 'By', required: true, aliases: ['Postdistrikt'] },
  { key: 'municipalityCode', header: 'Kommunekode', required: true },
  { key: 'latitude', header: 'Breddegrad', required: false },
  { key: 'longitude', header: 'Længdegrad', required: false },
  { key: 'operatorKind', header: 'Driftsherretype', required: true },
  { key: 'operatorCvr', header: 'Driftsherre CVR', required: false },
  { key: 'operatorCode', header: 'Driftsherre kommunekode', required: false },
  {
    key: 'frameworkAgreement',
    header: 'Omfattet af rammeaftalen',
    required: true,
    aliases: ['Rammeaftale'],
  },
  { key: 'supervisingAuthority', header: 'Tilsyn', required: true, aliases: ['Socialtilsyn'] },
  { key: 'approvalStatus', header: 'Godkendelsesstatus', required: true },
  { key: 'approvalDate', header: 'Godkendelsesdato', required: false },
  { key: 'approvedPlaces', header: 'Godkendte pladser', required: true },
  { key: 'departmentId', header: 'Afdelings-id', required: false },
  { key: 'departmentName', header: 'Afdelingsnavn', required: false },
  { key: 'departmentPlaces', header: 'Afdelingspladser', required: false },
] as const satisfies readonly ColumnSpec<string>[];

type OfferColumn = (typeof OFFER_COLUMNS)[number]['key'];
const COLUMNS = columnsByKey<OfferColumn>(OFFER_COLUMNS);

/** Columns that describe the offer itself and so must read the same on all its department rows. */
const OFFER_LEVEL: readonly OfferColumn[] = OFFER_COLUMNS.map((c) => c.key).filter(
  (k) => !k.startsWith('department'),
);

const TP_ID = /^\d{1,10}$/;
const POSTAL_CODE = /^\d{4}$/;

interface ParsedRow {
  row: number;
  offerId: string;
  metadata: Omit<OfferMetadata, 'departments'>;
  department: DepartmentDoc | null;
  providerOrganisationId: string | null;
  raw: Record<OfferColumn, string>;
}

export interface OfferImportDeps {
  offers: OfferRepository;
  organisations: OrganisationRepository;
}

/**
 * Offers with their departments, one row per department (an offer without departments has one
 * row with the department columns empty). An offer is stored only when all its rows are good:
 * it is one document, and storing it without one of its departments would be half-written.
 */
export async function importOffers(
  deps: OfferImportDeps,
  scope: OfferScope,
  bytes: Uint8Array,
  opts: { dryRun: boolean; charset?: string },
): Promise<ImportReport> {
  const read = readCsv(bytes, OFFER_COLUMNS, opts.charset);
  if (!read.ok) return rejectedFile('offers', opts.dryRun, read.problems, read.encoding);

  const errors: ImportProblem[] = [];
  const groups = new Map<string, { rows: number[]; parsed: ParsedRow[]; bad: boolean }>();
  for (const record of read.records) {
    const reader = new RowReader(record, COLUMNS);
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

  // Private operators must already be registered (organisations import), with CVR and EAN.
  const providerIds = [...groups.values()].flatMap((g) =>
    g.parsed.flatMap((p) => (p.providerOrganisationId ? [p.providerOrganisationId] : [])),
  );
  const knownProviders = await deps.organisations.byIds(scope, providerIds);

  const offers: { id: string; metadata: OfferMetadata; rows: number[] }[] = [];
  for (const group of groups.values()) {
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
      continue;
    }
    const [first] = group.parsed;
    if (!first) continue;
    const departments = group.parsed.flatMap((p) => (p.department ? [p.department] : []));
    offers.push({
      id: first.offerId,
      metadata: { ...first.metadata, departments },
      rows: group.rows,
    });
  }

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
  const failed = opts.dryRun
    ? new Set<string>()
    : await deps.offers.upsertMetadata(scope, writes, new Set(existing.keys()));
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

  return finishReport({
    kind: 'offers',
    dryRun: opts.dryRun,
    encoding: read.encoding,
    rows: read.records.length,
    errors,
    warnings: read.warnings,
    tally,
  });
}

function problem(row: number, key: OfferColumn, code: string, message: string): ImportProblem {
  return { row, field: COLUMNS[key].header, code, message };
}

function parseOfferRow(r: RowReader<OfferColumn>): ParsedRow | undefined {
  const tp = r.text('tilbudsportalenId', { required: true });
  if (tp !== undefined && !TP_ID.test(tp)) {
    r.fail('tilbudsportalenId', 'INVALID_ID', 'Skal være Tilbudsportalens tal-id, fx 123456.');
  }
  const name = r.text('name', { required: true });
  const offerType = r.word('offerType', offerTypeFromText, {
    required: true,
    allowed: OFFER_TYPES.map((t) => t.label).join(', '),
  });
  const legalBasis = parseLegalBasis(r);
  const targetGroups = parseTargetGroups(r);
  const targetGroupTags = r.list('targetGroupTags', { required: false }) ?? [];
  const ageMin = r.count('ageMin', { required: true, max: 120 });
  const ageMax = r.count('ageMax', { required: true, max: 120 });
  if (ageMin !== undefined && ageMax !== undefined && ageMin > ageMax) {
    r.fail('ageMax', 'AGE_RANGE', '"Alder til" kan ikke være mindre end "Alder fra".');
  }
  const genderRestriction =
    r.word('genderRestriction', genderRestrictionFromText, {
      required: false,
      allowed: GENDER_RESTRICTIONS.map((g) => g.label).join(', '),
    }) ?? (r.raw('genderRestriction') === '' ? 'any' : undefined);
  const street = r.text('street', { required: true });
  const postalCode = r.text('postalCode', { required: true });
  if (postalCode !== undefined && !POSTAL_CODE.test(postalCode)) {
    r.fail('postalCode', 'INVALID_POSTAL_CODE', 'Skal være et dansk postnummer med 4 cifre.');
  }
  const city = r.text('city', { required: true });
  const municipalityCode = parseMunicipalityCode(r, 'municipalityCode', true);
  const coordinates = parseCoordinates(r);
  const operator = parseOperator(r);
  const frameworkAgreement = r.yesNo('frameworkAgreement', { required: true });
  const supervisingAuthority = r.text('supervisingAuthority', { required: true, max: 100 });
  const approvalStatus = r.word('approvalStatus', approvalStatusFromText, {
    required: true,
    allowed: APPROVAL_STATUSES.map((s) => s.label).join(', '),
  });
  const approvalDate = r.date('approvalDate', { required: false });
  const approvedPlaces = r.count('approvedPlaces', { required: true, max: 10_000 });
  const department = parseDepartment(r);

  if (
    !r.ok ||
    tp === undefined ||
    name === undefined ||
    offerType === undefined ||
    legalBasis === undefined ||
    targetGroups === undefined ||
    ageMin === undefined ||
    ageMax === undefined ||
    genderRestriction === undefined ||
    street === undefined ||
    postalCode === undefined ||
    city === undefined ||
    municipalityCode === undefined ||
    coordinates === undefined ||
    operator === undefined ||
    frameworkAgreement === undefined ||
    supervisingAuthority === undefined ||
    approvalStatus === undefined ||
    approvedPlaces === undefined ||
    department === undefined
  ) {
    return undefined;
  }
  return {
    row: r.row,
    offerId: offerIdForTilbudsportalen(tp),
    metadata: {
      tilbudsportalenId: tp,
      name,
      nameSortKey: danishSortKey(name),
      offerType,
      legalBasis,
      targetGroups,
      targetGroupTags,
      ageMin,
      ageMax,
      genderRestriction,
      address: { street, postalCode, city, municipalityCode, coordinates },
      operator: { kind: operator.kind, organisationId: operator.organisationId },
      frameworkAgreement,
      supervisingAuthority,
      approval: { status: approvalStatus, date: approvalDate ?? null },
      approvedPlaces,
    },
    department,
    providerOrganisationId: operator.kind === 'private' ? operator.organisationId : null,
    raw: Object.fromEntries(OFFER_LEVEL.map((k) => [k, r.raw(k)])) as Record<OfferColumn, string>,
  };
}

/** 'SEL §108; SEL § 85 i ABL § 105' → ['SEL § 108', 'SEL § 85 i ABL § 105']. Kept as data. */
function parseLegalBasis(r: RowReader<OfferColumn>): string[] | undefined {
  const items = r.list('legalBasis', { required: true });
  if (!items) return undefined;
  const normalised = items.map((i) => i.replace(/§\s*/g, '§ ').replace(/\s+/g, ' '));
  if (normalised.some((i) => !/§ \d/.test(i) || i.length > 80)) {
    return r.fail(
      'legalBasis',
      'INVALID_LEGAL_BASIS',
      'Angiv lov og paragraf, fx "SEL § 108"; adskil flere med semikolon.',
    );
  }
  return [...new Set(normalised)];
}

function parseTargetGroups(r: RowReader<OfferColumn>): TargetGroupSlug[] | undefined {
  const items = r.list('targetGroups', { required: true });
  if (!items) return undefined;
  const slugs = items.map(targetGroupFromText);
  if (slugs.some((s) => s === undefined)) {
    return r.fail(
      'targetGroups',
      'UNKNOWN_TARGET_GROUP',
      `Ukendt målgruppe. Tilladt: ${TARGET_GROUPS.map((g) => g.label).join(', ')}.`,
    );
  }
  return [...new Set(slugs as TargetGroupSlug[])];
}

function parseMunicipalityCode(
  r: RowReader<OfferColumn>,
  key: 'municipalityCode' | 'operatorCode',
  required: boolean,
): number | undefined {
  const text = r.text(key, { required });
  if (text === undefined) return undefined;
  const municipality = municipalityByCode(text);
  if (!municipality) {
    return r.fail(
      key,
      'UNKNOWN_MUNICIPALITY',
      'Ukendt kommunekode. Brug en af de 17 kommuner i Region Sjælland, fx 253 for Greve.',
    );
  }
  return municipality.code;
}

/** Both or neither; Danish decimal comma ('55,4567'). null when absent. */
function parseCoordinates(
  r: RowReader<OfferColumn>,
): { lat: number; lon: number } | null | undefined {
  const latText = r.text('latitude');
  const lonText = r.text('longitude');
  if (latText === undefined && lonText === undefined) return null;
  const lat = coordinate(r, 'latitude', latText, 54.5, 57.8);
  const lon = coordinate(r, 'longitude', lonText, 8.0, 15.2);
  return lat === undefined || lon === undefined ? undefined : { lat, lon };
}

function coordinate(
  r: RowReader<OfferColumn>,
  key: 'latitude' | 'longitude',
  text: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (text === undefined) return r.fail(key, 'MISSING', 'Angiv både bredde- og længdegrad.');
  let micro: number;
  try {
    micro = parseDanishDecimal(text.replace('.', ','), 6);
  } catch (err) {
    if (!isDomainValidationError(err)) throw err;
    return r.fail(key, 'INVALID_COORDINATE', 'Skal være et decimaltal, fx 55,4567.');
  }
  const value = micro / 1_000_000;
  if (value < min || value > max) {
    return r.fail(key, 'OUT_OF_RANGE', `Skal ligge i Danmark (${min}–${max}).`);
  }
  return value;
}

function parseOperator(
  r: RowReader<OfferColumn>,
): { kind: OperatorKind; organisationId: string } | undefined {
  const kind = r.word('operatorKind', operatorKindFromText, {
    required: true,
    allowed: 'kommunal, regional, privat',
  });
  if (kind === undefined) return undefined;
  if (kind === 'private') {
    const cvr = r.text('operatorCvr', { required: true });
    if (cvr === undefined) return undefined;
    const digits = cvr.replace(/^DK/i, '').replace(/\s/g, '');
    if (!isValidCvr(digits)) {
      return r.fail(
        'operatorCvr',
        'INVALID_CVR',
        'Ugyldigt CVR-nummer: 8 cifre med gyldigt kontrolciffer.',
      );
    }
    return { kind, organisationId: providerOrganisationId(digits) };
  }
  if (kind === 'regional') {
    const code = r.text('operatorCode');
    if (code !== undefined && Number(code) !== REGION_SJAELLAND.code) {
      return r.fail(
        'operatorCode',
        'UNKNOWN_REGION',
        `Regionale tilbud drives af Region Sjælland (kode ${REGION_SJAELLAND.code}).`,
      );
    }
    return { kind, organisationId: regionOrganisationId(REGION_SJAELLAND.code) };
  }
  const code = parseMunicipalityCode(r, 'operatorCode', true);
  return code === undefined
    ? undefined
    : { kind, organisationId: municipalityOrganisationId(code) };
}

/** null: the row is the offer itself (no departments); undefined: the department cells are bad. */
function parseDepartment(r: RowReader<OfferColumn>): DepartmentDoc | null | undefined {
  const id = r.text('departmentId', { max: 40 });
  const name = r.text('departmentName');
  const places = r.count('departmentPlaces', { required: false, max: 10_000 });
  if (id === undefined && name === undefined && r.raw('departmentPlaces') === '') return null;
  if (id === undefined)
    return r.fail(
      'departmentId',
      'MISSING',
      'Angiv afdelingens id, når afdelingens øvrige felter er udfyldt.',
    );
  if (name === undefined) return r.fail('departmentName', 'MISSING', 'Angiv afdelingens navn.');
  if (places === undefined && r.raw('departmentPlaces') !== '') return undefined;
  return places === undefined ? { departmentId: id, name } : { departmentId: id, name, places };
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
