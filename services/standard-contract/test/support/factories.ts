/**
 * The records the contracts tests are made of, with overrides: the contract basis of a selected
 * order, the municipalities and suppliers in it, the policy values and the authorities.
 */
import type { PolicyValues } from '@rammeaftale/domain';
import type { ContractBasis } from '@rammeaftale/service-api';

export const EAN = ['5798000000018', '5798000000025', '5798000000032', '5798000000049'] as const;
export const CVR = ['29403473', '29403481', '29403503'] as const;

let counter = 0;
export const orderId = (prefix = 'ord') => `${prefix}-${Date.now().toString(36)}-${++counter}`;

export function basisFactory(overrides: Partial<ContractBasis> = {}): ContractBasis {
  return {
    orderId: orderId(),
    actingMunicipality: {
      organisationId: 'mun-253',
      name: 'Greve Kommune',
      ean: EAN[0],
      municipalityCode: 253,
      contact: { name: 'Sagsbehandler Greve', email: 'myndighed@greve.test' },
    },
    payingMunicipality: {
      organisationId: 'mun-259',
      name: 'Køge Kommune',
      ean: EAN[1],
      municipalityCode: 259,
      contact: { email: 'betaling@koege.test' },
    },
    supplier: {
      organisationId: 'provider-solhaven',
      name: 'Bostedet Solhaven ApS',
      cvr: CVR[0],
      ean: EAN[2],
      contact: { name: 'Leder Solhaven', email: 'kontrakt@solhaven.test' },
    },
    citizen: { reference: 'GRV-2026-0042', isChild: false },
    offer: {
      offerId: 'offer-solhaven-1',
      tilbudsportalenId: '12345',
      name: 'Bostedet Solhaven',
      departmentName: 'Afdeling Æblehaven',
      coveredByFrameworkAgreement: true,
      operatorKind: 'private',
      supervisingAuthority: 'Socialtilsyn Øst',
    },
    services: [
      { description: 'Længerevarende botilbud', legalBasis: 'SEL § 108' },
      { description: 'Socialpædagogisk støtte', legalBasis: 'SEL § 85' },
    ],
    price: {
      dailyBasisTariffOre: 250_000,
      additionalTariffs: [{ description: 'Særlig nattevagt', dailyOre: 50_000 }],
      tariffYear: 2026,
    },
    startDate: '2026-03-01',
    expectedDurationMonths: 24,
    goals: [
      {
        goal: 'Borgeren mestrer egen økonomi med støtte',
        followUp: 'Statusmøde hver 6. måned',
      },
    ],
    selectedAt: '2026-02-01T10:00:00Z',
    selectedBy: 'sagsbehandler-greve',
    ...overrides,
  };
}

/** The policy values the portal stand-in serves unless a test gives its own. */
export const POLICY_2025: PolicyValues = {
  year: 2025,
  effectiveFrom: '2025-01-01',
  plRateBp: 400,
  privateReportThresholdBp: 500,
  publicReportThresholdBp: 800,
};

/** A year with other values: P/L 3 %, thresholds 4,5 % (private) and 7 % (public). */
export const POLICY_2026: PolicyValues = {
  year: 2026,
  effectiveFrom: '2026-01-01',
  plRateBp: 300,
  privateReportThresholdBp: 450,
  publicReportThresholdBp: 700,
};

export const AUTHORITIES = {
  'Socialtilsyn Øst': {
    email: 'indberetning@socialtilsyn-oest.test',
    organisationId: 'socialtilsyn-oest',
  },
  'Socialtilsyn Syd': {
    email: 'indberetning@socialtilsyn-syd.test',
    organisationId: 'socialtilsyn-syd',
  },
};

export const MUNICIPALITIES = {
  greve: {
    organisationId: 'mun-253',
    name: 'Greve Kommune',
    ean: EAN[0],
    municipalityCode: 253,
    contact: { name: 'Sagsbehandler Greve', email: 'myndighed@greve.test' },
  },
  koege: {
    organisationId: 'mun-259',
    name: 'Køge Kommune',
    ean: EAN[1],
    municipalityCode: 259,
    contact: { email: 'myndighed@koege.test' },
  },
  roskilde: {
    organisationId: 'mun-265',
    name: 'Roskilde Kommune',
    ean: EAN[3],
    municipalityCode: 265,
    contact: { email: 'myndighed@roskilde.test' },
  },
};

let offerCounter = 0;
/** An offer id no other test uses. */
export const offerId = (prefix = 'offer') =>
  `${prefix}-${Date.now().toString(36)}-${++offerCounter}`;

/** A second supplier, for "another supplier's offer" (its users hold `otherSupplier` tokens). */
export const OTHER_SUPPLIER: ContractBasis['supplier'] = {
  organisationId: 'provider-andet',
  name: 'Bocentret Andet A/S',
  cvr: CVR[1],
  contact: { email: 'takst@andet.test' },
};
