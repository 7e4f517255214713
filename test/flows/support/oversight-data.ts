/**
 * Tariff history for the oversight pages (issue 14), made through the services' APIs as it happens
 * for real: running contracts of three offers (two supervised by Socialtilsyn Øst, one by
 * Socialtilsyn Syd), the P/L and thresholds of 2025 and 2026 in the portal's registry, and
 * announcements within P/L, above P/L and above the report threshold.
 */
import request from 'supertest';
import type { LocalIdentityProvider } from '@rammeaftale/auth';
import { makeOrganisation } from '@rammeaftale/order-portal/test/support/order-factories';
import type { OrderPortal } from '@rammeaftale/order-portal/src/start';
import { AUTHORITIES, basisFactory } from '@rammeaftale/standard-contract/test/support';

export const OVERSIGHT_ACTORS = {
  service: { userId: 'order-portal', role: 'service', organisationId: 'order-portal' },
  secretariat: { userId: 'sekretariat', role: 'secretariat', organisationId: 'secretariat' },
  oest: {
    userId: 'socialtilsyn-oest',
    role: 'authority',
    organisationId: AUTHORITIES['Socialtilsyn Øst'].organisationId,
  },
  syd: {
    userId: 'tilsyn-syd',
    role: 'authority',
    organisationId: AUTHORITIES['Socialtilsyn Syd'].organisationId,
  },
  greve: { userId: 'sagsbehandler-greve', role: 'caseworker', organisationId: 'mun-253' },
  supplier: { userId: 'leder-solhaven', role: 'supplier', organisationId: 'provider-solhaven' },
  otherSupplier: { userId: 'leder-andet', role: 'supplier', organisationId: 'provider-andet' },
} as const;
export type OversightWho = keyof typeof OVERSIGHT_ACTORS;

const GREVE = {
  organisationId: 'mun-253',
  name: 'Greve Kommune',
  ean: '5798000000018',
  municipalityCode: 253,
  contact: { email: 'myndighed@greve.test' },
};
const ANDET = {
  organisationId: 'provider-andet',
  name: 'Bocentret Andet A/S',
  cvr: '29403481',
  contact: { email: 'takst@andet.test' },
};

export interface OversightData {
  tokens: Record<OversightWho, string>;
  /** The tariff changes, in the order announced. */
  changes: string[];
  offers: { lys: string; fjord: string; syd: string };
}

/** The offers' names, so pages can be searched for them (Syd's is only Syd's to see). */
export const OFFER_NAMES = {
  lys: 'Opholdsstedet Lyset',
  fjord: 'Kommunens bosted Fjorden',
  syd: 'Bocentret Sydhavn',
};

export async function seedOversight(opts: {
  idp: LocalIdentityProvider;
  portal: OrderPortal;
  contractsUrl: string;
  suffix?: string;
}): Promise<OversightData> {
  const tokens = Object.fromEntries(
    await Promise.all(
      Object.entries(OVERSIGHT_ACTORS).map(async ([who, actor]) => [
        who,
        await opts.idp.issue(actor),
      ]),
    ),
  ) as Record<OversightWho, string>;
  const portalApi = (path: string, body: object) =>
    request(opts.portal.http.url)
      .post(path)
      .set('authorization', `Bearer ${tokens.secretariat}`)
      .send(body);
  const api = (who: OversightWho, path: string, body: object) =>
    request(opts.contractsUrl).post(path).set('authorization', `Bearer ${tokens[who]}`).send(body);

  for (const [id, name, cvr] of [
    ['provider-solhaven', 'Bostedet Solhaven ApS', '29403473'],
    ['provider-andet', 'Bocentret Andet A/S', '29403481'],
  ] as const)
    await makeOrganisation(opts.portal.runtime.db, { _id: id, kind: 'private', name, cvr });
  for (const year of [2025, 2026]) {
    const res = await portalApi('/api/policy-values', {
      year,
      effectiveFrom: `${year}-01-01`,
      plRateBp: 400,
      privateReportThresholdBp: 500,
      publicReportThresholdBp: 800,
    });
    if (res.status !== 201) throw new Error(`policy values ${year}: ${res.status} ${res.text}`);
  }

  const suffix = opts.suffix ?? Date.now().toString(36);
  const offers = { lys: `lys-${suffix}`, fjord: `fjord-${suffix}`, syd: `syd-${suffix}` };
  const running = async (
    key: keyof typeof offers,
    supplier: 'supplier' | 'otherSupplier',
    kind: 'private' | 'municipal',
    authority: string,
  ) => {
    const base = basisFactory();
    const drafted = await api(
      'service',
      '/internal/contracts/drafts',
      basisFactory({
        actingMunicipality: GREVE,
        payingMunicipality: GREVE,
        supplier: supplier === 'supplier' ? base.supplier : ANDET,
        offer: {
          ...base.offer,
          offerId: offers[key],
          name: OFFER_NAMES[key],
          operatorKind: kind,
          supervisingAuthority: authority,
        },
        price: { dailyBasisTariffOre: 100_000, additionalTariffs: [], tariffYear: 2025 },
        startDate: '2025-03-01',
      }),
    );
    if (drafted.status !== 201) throw new Error(`draft: ${drafted.status} ${drafted.text}`);
    const id = (drafted.body as { contract: { id: string } }).contract.id;
    for (const [who, step, body] of [
      ['greve', 'send', {}],
      [supplier, 'accept', { version: 1 }],
      ['greve', 'sign', { version: 1 }],
      ['greve', 'activate', {}],
    ] as const) {
      const res = await api(who, `/contracts/${id}/${step}`, body);
      if (res.status !== 200) throw new Error(`${step}: ${res.status} ${res.text}`);
    }
  };
  await running('lys', 'supplier', 'private', 'Socialtilsyn Øst');
  await running('fjord', 'otherSupplier', 'municipal', 'Socialtilsyn Øst');
  await running('syd', 'otherSupplier', 'private', 'Socialtilsyn Syd');

  const changes: string[] = [];
  for (const [who, key, effectiveFrom, ore] of [
    ['supplier', 'lys', '2025-05-01', 109_000],
    ['supplier', 'lys', '2025-09-01', 106_000],
    ['otherSupplier', 'fjord', '2025-10-01', 103_000],
    ['otherSupplier', 'syd', '2025-11-01', 110_000],
  ] as const) {
    const res = await api(who, '/tariff-changes', {
      offerId: offers[key],
      effectiveFrom,
      dailyBasisTariffOre: ore,
      reason: 'Lønstigninger og nye normeringer',
    });
    if (res.status !== 201) throw new Error(`announce: ${res.status} ${res.text}`);
    changes.push((res.body as { change: { id: string } }).change.id);
  }
  return { tokens, changes, offers };
}
