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
import type { OfferMetadata } from '../offer.repository';
import {
  municipalityOrganisationId,
  providerOrganisationId,
  regionOrganisationId,
} from '../organisation.model';
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
import type { ColumnSpec, ImportProblem } from './csv';
import { columnsByKey, type RowReader } from './fields';
import { parseRankingCells, RANKING_COLUMNS } from './offer-ranking-cells';
import { readTpId, TP_ID_COLUMN } from './tilbudsportalen-id';

/*
 * One row of the offers file: its Danish columns, and a row read into an offer's fields (one
 * department per row). Every cell is read, so a row's report names all its problems at once.
 */

export const OFFER_COLUMNS = [
  TP_ID_COLUMN,
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
  ...RANKING_COLUMNS,
  { key: 'departmentId', header: 'Afdelings-id', required: false },
  { key: 'departmentName', header: 'Afdelingsnavn', required: false },
  { key: 'departmentPlaces', header: 'Afdelingspladser', required: false },
] as const satisfies readonly ColumnSpec<string>[];

export type OfferColumn = (typeof OFFER_COLUMNS)[number]['key'];
export const OFFER_COLUMN_SPECS = columnsByKey<OfferColumn>(OFFER_COLUMNS);
const COLUMNS = OFFER_COLUMN_SPECS;

/** Columns that describe the offer itself and so must read the same on all its department rows. */
export const OFFER_LEVEL: readonly OfferColumn[] = OFFER_COLUMNS.map((c) => c.key).filter(
  (k) => !k.startsWith('department'),
);

const POSTAL_CODE = /^\d{4}$/;

export interface ParsedRow {
  row: number;
  offerId: string;
  metadata: Omit<OfferMetadata, 'departments'>;
  department: DepartmentDoc | null;
  providerOrganisationId: string | null;
  raw: Record<OfferColumn, string>;
}
export function offerProblem(
  row: number,
  key: OfferColumn,
  code: string,
  message: string,
): ImportProblem {
  return { row, field: COLUMNS[key].header, code, message };
}

/** The row as an offer with its department, or undefined when any cell is bad (see `r.problems`). */
export function parseOfferRow(r: RowReader<OfferColumn>): ParsedRow | undefined {
  const tp = readTpId(r);
  const description = parseDescription(r);
  const address = parseAddress(r);
  const operator = parseOperator(r);
  const terms = parseTerms(r);
  const ranking = parseRankingCells(r);
  const department = parseDepartment(r);
  if (!r.ok || tp === undefined || !description || !address || !operator || !terms || !ranking)
    return undefined;
  if (department === undefined) return undefined;
  return {
    row: r.row,
    offerId: offerIdForTilbudsportalen(tp),
    metadata: {
      tilbudsportalenId: tp,
      ...description,
      address,
      operator: { kind: operator.kind, organisationId: operator.organisationId },
      ...terms,
      ...ranking,
    },
    department,
    providerOrganisationId: operator.kind === 'private' ? operator.organisationId : null,
    raw: Object.fromEntries(OFFER_LEVEL.map((k) => [k, r.raw(k)])) as Record<OfferColumn, string>,
  };
}

type Description = Pick<
  OfferMetadata,
  | 'name'
  | 'nameSortKey'
  | 'offerType'
  | 'legalBasis'
  | 'targetGroups'
  | 'targetGroupTags'
  | 'ageMin'
  | 'ageMax'
  | 'genderRestriction'
>;

/** Who the offer is for: name, type, legal basis, target groups, ages and gender. */
function parseDescription(r: RowReader<OfferColumn>): Description | undefined {
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
  if (
    name === undefined ||
    offerType === undefined ||
    legalBasis === undefined ||
    targetGroups === undefined ||
    ageMin === undefined ||
    ageMax === undefined ||
    genderRestriction === undefined
  )
    return undefined;
  return {
    name,
    nameSortKey: danishSortKey(name),
    offerType,
    legalBasis,
    targetGroups,
    targetGroupTags,
    ageMin,
    ageMax,
    genderRestriction,
  };
}

/** Where the offer is: street, postal code, city, municipality and (optionally) coordinates. */
function parseAddress(r: RowReader<OfferColumn>): OfferMetadata['address'] | undefined {
  const street = r.text('street', { required: true });
  const postalCode = r.text('postalCode', { required: true });
  if (postalCode !== undefined && !POSTAL_CODE.test(postalCode)) {
    r.fail('postalCode', 'INVALID_POSTAL_CODE', 'Skal være et dansk postnummer med 4 cifre.');
  }
  const city = r.text('city', { required: true });
  const municipalityCode = parseMunicipalityCode(r, 'municipalityCode', true);
  const coordinates = parseCoordinates(r);
  if (
    street === undefined ||
    postalCode === undefined ||
    city === undefined ||
    municipalityCode === undefined ||
    coordinates === undefined
  )
    return undefined;
  return { street, postalCode, city, municipalityCode, coordinates };
}

type Terms = Pick<
  OfferMetadata,
  'frameworkAgreement' | 'supervisingAuthority' | 'approval' | 'approvedPlaces'
>;

/** Under which terms: the framework agreement, supervision, approval and approved places. */
function parseTerms(r: RowReader<OfferColumn>): Terms | undefined {
  const frameworkAgreement = r.yesNo('frameworkAgreement', { required: true });
  const supervisingAuthority = r.text('supervisingAuthority', { required: true, max: 100 });
  const approvalStatus = r.word('approvalStatus', approvalStatusFromText, {
    required: true,
    allowed: APPROVAL_STATUSES.map((s) => s.label).join(', '),
  });
  const approvalDate = r.date('approvalDate', { required: false });
  const approvedPlaces = r.count('approvedPlaces', { required: true, max: 10_000 });
  if (
    frameworkAgreement === undefined ||
    supervisingAuthority === undefined ||
    approvalStatus === undefined ||
    approvedPlaces === undefined
  )
    return undefined;
  return {
    frameworkAgreement,
    supervisingAuthority,
    approval: { status: approvalStatus, date: approvalDate ?? null },
    approvedPlaces,
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
