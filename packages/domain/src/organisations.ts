/**
 * The parties of Rammeaftale Sjælland. Codes are the official Danish municipality and region
 * codes (as used by CPR, DAGI and Danmarks Statistik).
 */

export interface Municipality {
  readonly code: number;
  /** Danish name as shown to users. */
  readonly name: string;
  readonly slug: string;
}

export interface Region {
  readonly code: number;
  readonly name: string;
  readonly slug: string;
}

function municipality(code: number, name: string, slug: string): Municipality {
  return Object.freeze({ code, name, slug });
}

export const MUNICIPALITIES: readonly Municipality[] = Object.freeze([
  municipality(320, 'Faxe', 'faxe'),
  municipality(253, 'Greve', 'greve'),
  municipality(376, 'Guldborgsund', 'guldborgsund'),
  municipality(316, 'Holbæk', 'holbaek'),
  municipality(326, 'Kalundborg', 'kalundborg'),
  municipality(259, 'Køge', 'koege'),
  municipality(350, 'Lejre', 'lejre'),
  municipality(360, 'Lolland', 'lolland'),
  municipality(370, 'Næstved', 'naestved'),
  municipality(306, 'Odsherred', 'odsherred'),
  municipality(329, 'Ringsted', 'ringsted'),
  municipality(265, 'Roskilde', 'roskilde'),
  municipality(330, 'Slagelse', 'slagelse'),
  municipality(269, 'Solrød', 'solroed'),
  municipality(340, 'Sorø', 'soroe'),
  municipality(336, 'Stevns', 'stevns'),
  municipality(390, 'Vordingborg', 'vordingborg'),
]);

export const REGION_SJAELLAND: Region = Object.freeze({
  code: 1085,
  name: 'Region Sjælland',
  slug: 'region-sjaelland',
});

/** The municipality that hosts the secretariat of the framework agreement. */
export const SECRETARIAT_MUNICIPALITY_CODE = 253;

/** Accepts 320 as well as '320' and the zero-padded '0320' used in CPR and DAGI data. */
export function municipalityByCode(code: number | string): Municipality | undefined {
  const numeric = typeof code === 'number' ? code : parseCode(code);
  return MUNICIPALITIES.find((candidate) => candidate.code === numeric);
}

export function municipalityBySlug(slug: string): Municipality | undefined {
  return MUNICIPALITIES.find((candidate) => candidate.slug === slug);
}

function parseCode(code: string): number | undefined {
  return /^\d{3,4}$/.test(code) ? Number(code) : undefined;
}

export const OPERATOR_KINDS = ['municipal', 'regional', 'private'] as const;
export type OperatorKind = (typeof OPERATOR_KINDS)[number];

export const OPERATOR_KIND_LABELS: Readonly<Record<OperatorKind, string>> = Object.freeze({
  municipal: 'Kommunal',
  regional: 'Regional',
  private: 'Privat',
});

export function isOperatorKind(value: unknown): value is OperatorKind {
  return typeof value === 'string' && (OPERATOR_KINDS as readonly string[]).includes(value);
}

/** Municipal and regional offers are public capacity: searched first, 8 % report threshold. */
export function isPublicOperator(kind: OperatorKind): boolean {
  switch (kind) {
    case 'municipal':
    case 'regional':
      return true;
    case 'private':
      return false;
    default:
      // Reachable only when unchecked data (e.g. from storage) bypasses the type.
      throw new RangeError(`Unknown operator kind: ${String(kind satisfies never)}`);
  }
}
