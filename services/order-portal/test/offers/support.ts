import request from 'supertest';
import {
  createLocalIdentityProvider,
  type LocalIdentityProvider,
  type Role,
} from '@rammeaftale/auth';
import { uniqueName } from '@rammeaftale/testing';
import { startTestPortal, type TestPortal } from '../support/start-portal';

/** The real service on a random port against its own database, with a fixed clock. */
export interface RegistryHarness {
  portal: TestPortal;
  url: string;
  idp: LocalIdentityProvider;
  clock: { now: Date };
  token: (who: { role: Role; organisationId: string; userId?: string }) => Promise<string>;
  close: () => Promise<void>;
}

export async function startRegistry(
  name: string,
  now = new Date('2026-03-15T10:00:00Z'),
): Promise<RegistryHarness> {
  const idp = await createLocalIdentityProvider();
  const clock = { now };
  const portal = await startTestPortal(uniqueName(name), {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer, STALE_CAPACITY_DAYS: '14' },
    now: () => clock.now,
  });
  return {
    portal,
    url: portal.http.url,
    idp,
    clock,
    token: (who) =>
      idp.issue({
        userId: who.userId ?? `${who.role}-user`,
        role: who.role,
        organisationId: who.organisationId,
      }),
    close: () => portal.close(),
  };
}

export async function importCsv(
  h: RegistryHarness,
  kind: 'organisations' | 'offers' | 'capacity' | 'tariffs',
  body: string | Buffer,
  opts: { token: string; charset?: string },
) {
  return request(h.url)
    .post(`/api/imports/${kind}`)
    .set('authorization', `Bearer ${opts.token}`)
    .set('content-type', `text/csv${opts.charset ? `; charset=${opts.charset}` : ''}`)
    .send(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'));
}

/** A semicolon CSV from a header row and data rows, as a Danish spreadsheet writes it. */
export function csv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => r.join(';')).join('\r\n') + '\r\n';
}

export const ORGANISATION_HEADER = [
  'CVR',
  'Kommunekode',
  'Navn',
  'EAN',
  'Adresse',
  'Postnr',
  'By',
  'E-mail',
  'Telefon',
];

/** Valid CVR and EAN numbers (checked with the domain rules) for test providers. */
export const PROVIDER_A = { cvr: '10000009', ean: '5798000000001', name: 'Solsikken Omsorg ApS' };
export const PROVIDER_B = { cvr: '20000007', ean: '5798000000018', name: 'Fonden Lindegården' };

export function organisationsCsv(): string {
  return csv(ORGANISATION_HEADER, [
    [
      PROVIDER_A.cvr,
      '',
      PROVIDER_A.name,
      PROVIDER_A.ean,
      'Skovvej 1',
      '4000',
      'Roskilde',
      'kontakt@solsikken.example',
      '12345678',
    ],
    [PROVIDER_B.cvr, '', PROVIDER_B.name, PROVIDER_B.ean, 'Kirkevej 2', '4700', 'Næstved', '', ''],
  ]);
}

export const OFFER_HEADER = [
  'Tilbudsportalen-id',
  'Tilbudsnavn',
  'Tilbudstype',
  'Lovgrundlag',
  'Målgrupper',
  'Alder fra',
  'Alder til',
  'Køn',
  'Adresse',
  'Postnr',
  'By',
  'Kommunekode',
  'Driftsherretype',
  'Driftsherre CVR',
  'Driftsherre kommunekode',
  'Omfattet af rammeaftalen',
  'Tilsyn',
  'Godkendelsesstatus',
  'Godkendelsesdato',
  'Godkendte pladser',
  'Afdelings-id',
  'Afdelingsnavn',
  'Afdelingspladser',
];

type OfferOverrides = Partial<Record<(typeof OFFER_HEADER)[number], string>>;

/** One offer row with sensible defaults; override by Danish header. */
export function offerRow(tp: string, over: OfferOverrides = {}): string[] {
  const defaults: Record<string, string> = {
    'Tilbudsportalen-id': tp,
    Tilbudsnavn: `Botilbuddet ${tp}`,
    Tilbudstype: 'Længerevarende botilbud',
    Lovgrundlag: 'SEL § 108',
    Målgrupper: 'Autisme',
    'Alder fra': '18',
    'Alder til': '67',
    Køn: 'Alle',
    Adresse: 'Skovvej 10',
    Postnr: '4000',
    By: 'Roskilde',
    Kommunekode: '265',
    Driftsherretype: 'Privat',
    'Driftsherre CVR': PROVIDER_A.cvr,
    'Driftsherre kommunekode': '',
    'Omfattet af rammeaftalen': 'ja',
    Tilsyn: 'Socialtilsyn Øst',
    Godkendelsesstatus: 'Godkendt',
    Godkendelsesdato: '01-06-2015',
    'Godkendte pladser': '12',
    'Afdelings-id': '',
    Afdelingsnavn: '',
    Afdelingspladser: '',
  };
  return OFFER_HEADER.map((h) => over[h] ?? defaults[h] ?? '');
}

export const CAPACITY_HEADER = [
  'Tilbudsportalen-id',
  'Pladser i drift',
  'Belagte pladser',
  'Ledige pladser',
  'Venteliste',
  'Opgjort',
];
export const TARIFF_HEADER = [
  'Tilbudsportalen-id',
  'Ydelse',
  'Gyldig fra',
  'Gyldig til',
  'Grundtakst',
  'Tillægstakster',
  'Forudsat belægning',
  'Beregningsgrundlag',
];
