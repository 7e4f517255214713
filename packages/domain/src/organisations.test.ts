import {
  isOperatorKind,
  isPublicOperator,
  MUNICIPALITIES,
  municipalityByCode,
  municipalityBySlug,
  OPERATOR_KIND_LABELS,
  OPERATOR_KINDS,
  REGION_SJAELLAND,
  SECRETARIAT_MUNICIPALITY_CODE,
  type OperatorKind,
} from './organisations';

describe('municipalities', () => {
  it('lists the 17 municipalities of Region Zealand with their official codes', () => {
    expect(Object.fromEntries(MUNICIPALITIES.map((m) => [m.name, m.code]))).toEqual({
      Faxe: 320,
      Greve: 253,
      Guldborgsund: 376,
      Holbæk: 316,
      Kalundborg: 326,
      Køge: 259,
      Lejre: 350,
      Lolland: 360,
      Næstved: 370,
      Odsherred: 306,
      Ringsted: 329,
      Roskilde: 265,
      Slagelse: 330,
      Solrød: 269,
      Sorø: 340,
      Stevns: 336,
      Vordingborg: 390,
    });
  });

  it('has unique codes and ASCII slugs', () => {
    expect(new Set(MUNICIPALITIES.map((m) => m.code)).size).toBe(17);
    expect(new Set(MUNICIPALITIES.map((m) => m.slug)).size).toBe(17);
    for (const m of MUNICIPALITIES) expect(m.slug).toMatch(/^[a-z-]+$/);
  });

  it('is read-only', () => {
    expect(Object.isFrozen(MUNICIPALITIES)).toBe(true);
    expect(MUNICIPALITIES.every((m) => Object.isFrozen(m))).toBe(true);
    expect(Object.isFrozen(REGION_SJAELLAND)).toBe(true);
  });

  it('finds a municipality by code in the usual spellings', () => {
    expect(municipalityByCode(259)?.name).toBe('Køge');
    expect(municipalityByCode('259')?.name).toBe('Køge');
    expect(municipalityByCode('0259')?.name).toBe('Køge');
    expect(municipalityByCode(101)).toBeUndefined(); // København is not a party
    expect(municipalityByCode(1085)).toBeUndefined(); // the region is not a municipality
    expect(municipalityByCode('25 9')).toBeUndefined();
    expect(municipalityByCode('')).toBeUndefined();
  });

  it('finds a municipality by slug', () => {
    expect(municipalityBySlug('holbaek')?.code).toBe(316);
    expect(municipalityBySlug('holbæk')).toBeUndefined();
  });

  it('knows the region and the secretariat', () => {
    expect(REGION_SJAELLAND).toMatchObject({ code: 1085, name: 'Region Sjælland' });
    expect(municipalityByCode(SECRETARIAT_MUNICIPALITY_CODE)?.name).toBe('Greve');
  });
});

describe('operator kinds', () => {
  it('treats municipal and regional offers as public', () => {
    expect(isPublicOperator('municipal')).toBe(true);
    expect(isPublicOperator('regional')).toBe(true);
    expect(isPublicOperator('private')).toBe(false);
  });

  it('refuses unknown kinds that slipped past the type system', () => {
    expect(() => isPublicOperator('state' as OperatorKind)).toThrow(RangeError);
  });

  it('recognises operator kinds and labels them in Danish', () => {
    expect(OPERATOR_KINDS.every(isOperatorKind)).toBe(true);
    expect(isOperatorKind('Private')).toBe(false);
    expect(isOperatorKind(undefined)).toBe(false);
    expect(OPERATOR_KIND_LABELS.private).toBe('Privat');
  });
});
