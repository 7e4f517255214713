/**
 * The secretariat's and the supervising authorities' oversight pages (issue 14) against the real
 * contracts service: every tariff change across the municipalities with filters, one change with
 * its decisions, letters and reports, the reports to the authorities with their PDF, CSV and JSON
 * through the portal's session, and the meeting pack with its figures, CSV and printable view.
 * Socialtilsyn Øst sees only what is addressed to it, Socialtilsyn Syd only its own, a
 * municipality nothing; the page routes with an id are a tenant matrix here, where the contracts
 * service that decides runs.
 */
import request from 'supertest';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { createLogger } from '@rammeaftale/logging';
import {
  expressRoutes,
  freePort,
  partiesOf as pick,
  tenantMatrixTests,
  testEnv,
  uniqueName,
  viewsOf,
  type Party,
  type TenantMatrix,
} from '@rammeaftale/testing';
import type { OrderPortal } from '@rammeaftale/order-portal/src/start';
import { startTestPortal } from '@rammeaftale/order-portal/test/support/start-portal';
import { sessionCookie } from '@rammeaftale/order-portal/test/support/session-cookie';
import { standardContractEnv } from '@rammeaftale/standard-contract/src/config';
import {
  startStandardContract,
  type StandardContract,
} from '@rammeaftale/standard-contract/src/start';
import { AUTHORITIES, pdfText } from '@rammeaftale/standard-contract/test/support';
import {
  OFFER_NAMES,
  OVERSIGHT_ACTORS,
  seedOversight,
  type OversightData,
  type OversightWho,
} from './support/oversight-data';

jest.setTimeout(300_000);

let idp: LocalIdentityProvider;
let portal: OrderPortal;
let contracts: StandardContract;
let data: OversightData;
const page = {} as Record<OversightWho, Party>;

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  const prefix = uniqueName('e2e_oversight');
  const auth = { AUTH_ISSUER: idp.issuer, AUTH_JWKS_URL: 'http://127.0.0.1:1/unused' };
  const portalPort = await freePort();
  contracts = await startStandardContract(
    standardContractEnv.parse({
      ...testEnv(),
      ...auth,
      PORT: '0',
      MONGO_DB: `${prefix}_sc`,
      ORDER_PORTAL_URL: `http://127.0.0.1:${portalPort}`,
      TARIFF_NOTIFICATIONS_URL: 'http://127.0.0.1:1', // reports wait in the outbox
      PORTAL_URL: `http://127.0.0.1:${portalPort}`,
      AUTHORITIES: JSON.stringify(AUTHORITIES),
      TARIFF_FLOW_INTERVAL_MS: '3600000',
    }),
    {
      logger: createLogger({ service: 'e2e-oversight', level: 'silent' }),
      verifier: idp.verifier,
      serviceTokens: () =>
        idp.issue({
          userId: 'standard-contract',
          role: 'service',
          organisationId: 'standard-contract',
        }),
      queuePrefix: prefix,
    },
  );
  portal = await startTestPortal(`${prefix}_op`, {
    verifier: idp.verifier,
    env: { ...auth, PORT: String(portalPort), STANDARD_CONTRACT_URL: contracts.http.url },
  });
  data = await seedOversight({ idp, portal, contractsUrl: contracts.http.url });
  for (const who of Object.keys(OVERSIGHT_ACTORS) as OversightWho[])
    page[who] = { headers: { cookie: await sessionCookie(portal, data.tokens[who]) } };
});

afterAll(async () => {
  await portal?.close();
  await contracts?.close();
});

const get = (who: OversightWho, path: string) =>
  request(portal.http.url).get(path).set(page[who].headers);
const bytes = (who: OversightWho, path: string) =>
  get(who, path)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
/** The rows of the page's first table body. */
const rows = (html: string) =>
  (/<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').split('<tr>').length - 1;
const oestReport = () => `/indberetninger/${data.changes[0]}/socialtilsyn-oest`;

describe("the secretariat's tariff changes", () => {
  it('When the secretariat opens the list and filters it, then every municipality’s changes are there and each filter narrows them', async () => {
    const all = await get('secretariat', '/sekretariat/takstaendringer');
    expect(all.status).toBe(200);
    expect(all.headers['content-type']).toContain('text/html');
    expect(rows(all.text)).toBe(4);
    for (const name of Object.values(OFFER_NAMES)) expect(all.text).toContain(name);
    const reported = await get(
      'secretariat',
      '/sekretariat/takstaendringer?kategori=above_report_threshold',
    );
    expect(rows(reported.text)).toBe(3);
    const municipal = await get('secretariat', '/sekretariat/takstaendringer?driftsform=municipal');
    expect(rows(municipal.text)).toBe(1);
    expect(municipal.text).toContain(OFFER_NAMES.fjord);
    const period = await get(
      'secretariat',
      '/sekretariat/takstaendringer?fra=01.09.2025&til=31.10.2025',
    );
    expect(rows(period.text)).toBe(2);
    const search = await get(
      'secretariat',
      `/sekretariat/takstaendringer?soeg=${encodeURIComponent('sydhavn')}`,
    );
    expect(rows(search.text)).toBe(1);
    const supplier = await get(
      'secretariat',
      '/sekretariat/takstaendringer?leverandoer=provider-andet',
    );
    expect(rows(supplier.text)).toBe(2);
    const offer = await get(
      'secretariat',
      `/sekretariat/takstaendringer?tilbud=${data.offers.lys}`,
    );
    expect(rows(offer.text)).toBe(2);
  });

  it('When a date in the filter is no date, then the page says so in Danish beside the field', async () => {
    const res = await get('secretariat', '/sekretariat/takstaendringer?fra=31.02.2025');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Skriv fra-datoen som dd.mm.åååå');
    expect(res.text).toContain('href="#fra"');
  });

  it('When the secretariat opens a change, then its contracts, decisions, letters, reports and the policy values used are shown', async () => {
    const res = await get('secretariat', `/sekretariat/takstaendringer/${data.changes[0]}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Kontrakter og beslutninger');
    expect(res.text).toContain('Afventer kommunens godkendelse');
    expect(res.text).toContain('9,00 %');
    expect(res.text).toContain('Brev til leverandøren om begrundelse');
    expect(res.text).toContain(`href="${oestReport()}/pdf"`);
    expect(res.text).toContain('P/L 4 %');
    expect(res.text).not.toMatch(/awaiting_approval|tariff-letter/);
  });
});

describe("the secretariat's policy values", () => {
  it('When the secretariat opens the policy values, then each year says how many decisions used it, from the contracts service', async () => {
    const res = await get('secretariat', '/sekretariat/satser');
    expect(res.status).toBe(200);
    const row = (year: number) =>
      new RegExp(`<tr><th scope="row">${year}</th>[\\s\\S]*?</tr>`).exec(res.text)?.[0] ?? '';
    // seedOversight announces four changes in 2025, each on an offer with one running contract.
    expect(row(2025)).toContain('<td>4 afgørelser (4 takstændringer)</td>');
    expect(row(2026)).toContain('<td>Ingen endnu</td>');
  });
});

describe('the reports to the supervising authorities', () => {
  it('When the secretariat lists the reports, then each shows its authority, state and documents; the supplier filter narrows them', async () => {
    const res = await get('secretariat', '/sekretariat/indberetninger');
    expect(res.status).toBe(200);
    expect(rows(res.text)).toBe(3);
    expect(res.text).toContain('Socialtilsyn Syd');
    expect(res.text).toContain('Venter på afsendelse');
    const andet = await get(
      'secretariat',
      '/sekretariat/indberetninger?leverandoer=provider-andet',
    );
    expect(rows(andet.text)).toBe(1);
    expect(andet.text).toContain(OFFER_NAMES.syd);
  });

  it('When Socialtilsyn Øst opens its reports, then it sees its own, newest first, with the figures and the PDF, CSV and JSON; nothing of Syd’s', async () => {
    const list = await get('oest', '/tilsyn/indberetninger');
    expect(list.status).toBe(200);
    expect(rows(list.text)).toBe(2);
    expect(list.text).not.toContain(OFFER_NAMES.syd);
    expect(list.text.indexOf(data.changes[1]!)).toBeLessThan(list.text.indexOf(data.changes[0]!));
    const one = await get('oest', oestReport());
    expect(one.status).toBe(200);
    expect(one.text).toContain('1.090,00 kr.');
    expect(one.text).toContain('indberetningsgrænse 5 %');
    const pdf = await bytes('oest', `${oestReport()}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(await pdfText(pdf.body as Buffer)).toContain('Indberetningsskema');
    const csv = await get('oest', `${oestReport()}/csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain(data.offers.lys);
    const json = await get('oest', `${oestReport()}/json`);
    expect(json.headers['content-disposition']).toContain('attachment');
    expect(JSON.parse(json.text)).toMatchObject({ authority: 'Socialtilsyn Øst' });
  });

  it('When Socialtilsyn Syd or a municipality asks for Øst’s report, then Syd gets the Danish 404 and the municipality the Danish 403', async () => {
    const syd = await get('syd', '/tilsyn/indberetninger');
    expect(rows(syd.text)).toBe(1);
    expect(syd.text).not.toContain(OFFER_NAMES.lys);
    for (const suffix of ['', '/pdf', '/csv', '/json']) {
      const other = await get('syd', `${oestReport()}${suffix}`);
      expect(other.status).toBe(404);
      expect(other.text).not.toContain(OFFER_NAMES.lys);
      expect((await get('greve', `${oestReport()}${suffix}`)).status).toBe(403);
    }
    for (const path of [
      '/tilsyn/indberetninger',
      '/tilsyn/moedepakke',
      '/sekretariat/takstaendringer',
    ])
      expect((await get('greve', path)).status).toBe(403);
    expect((await get('oest', '/sekretariat/takstaendringer')).status).toBe(403);
  });
});

describe('the meeting pack', () => {
  const q = 'fra=01.01.2025&til=31.12.2025';

  it('When the secretariat opens the pack of a period, then the rankings, the years and both figures (with their data) are shown', async () => {
    const res = await get('secretariat', `/sekretariat/moedepakke?${q}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      '4 takstændringer på 4 kontrakter. 3 lå over P/L, 3 over indberetningsgrænsen.',
    );
    expect(res.text.indexOf(OFFER_NAMES.lys)).toBeLessThan(res.text.indexOf(OFFER_NAMES.fjord));
    expect(res.text.match(/<svg role="img"/g)).toHaveLength(2);
    expect(res.text).toContain('Tallene bag figuren: Fordelingen af stigninger mod P/L');
    expect(res.text).not.toMatch(/<script|style="/);
    const offers = await get('secretariat', `/sekretariat/moedepakke/csv?${q}&tabel=tilbud`);
    expect(offers.headers['content-type']).toContain('text/csv');
    expect(offers.text.trim().split('\r\n')).toHaveLength(1 + 3);
    const figure = await get('secretariat', `/sekretariat/moedepakke/figur?${q}&figur=fordeling`);
    expect(figure.text).toContain('Procentpoint over P/L;Takstændringer');
    const print = await get('secretariat', `/sekretariat/moedepakke/udskrift?${q}`);
    expect(print.status).toBe(200);
    expect(print.text).not.toContain('<form method="get"');
    expect(print.text.match(/<svg role="img"/g)).toHaveLength(2);
  });

  it('When no period is chosen, then the pack covers the half year up to today', async () => {
    const res = await get('secretariat', '/sekretariat/moedepakke');
    expect(res.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10).split('-').reverse().join('.');
    expect(res.text).toContain(`value="${today}"`);
    // The meetings are twice a year: the last half-years are one link each.
    const year = new Date().getUTCFullYear() - 1;
    const link = `/sekretariat/moedepakke?fra=01.07.${year}&amp;til=31.12.${year}`;
    expect(res.text).toContain(`href="${link}">2. halvår ${year}</a>`);
    const half = await get('secretariat', link.replace('&amp;', '&'));
    expect(half.text).toContain(`Perioden 01.07.${year}–31.12.${year}`);
    expect(half.text).toContain(`aria-current="page">2. halvår ${year}`);
  });

  it('When Socialtilsyn Øst opens its pack, then only the offers it supervises are in it', async () => {
    const res = await get('oest', `/tilsyn/moedepakke?${q}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(OFFER_NAMES.lys);
    expect(res.text).not.toContain(OFFER_NAMES.syd);
    const csv = await get('oest', `/tilsyn/moedepakke/csv?${q}&tabel=tilbud`);
    expect(csv.text).not.toContain(OFFER_NAMES.syd);
    const syd = await get('syd', `/tilsyn/moedepakke?${q}`);
    expect(syd.text).toContain(OFFER_NAMES.syd);
    expect(syd.text).not.toContain(OFFER_NAMES.lys);
  });
});

const reportViews = (suffix: string) =>
  viewsOf(page, `${oestReport()}${suffix}`, 'oest', 'secretariat');

const matrix: TenantMatrix = {
  'get /sekretariat/takstaendringer/{id}': () => ({
    params: { id: data.changes[3]! },
    owners: viewsOf(page, `/sekretariat/takstaendringer/${data.changes[3]}`, 'secretariat'),
    canaries: [OFFER_NAMES.syd],
    intruders: pick(page, 'oest', 'syd', 'greve', 'supplier', 'otherSupplier'),
  }),
  'get /indberetninger/{id}/{authority}': () => ({
    params: { id: data.changes[0]!, authority: 'socialtilsyn-oest' },
    owners: reportViews(''),
    canaries: [OFFER_NAMES.lys],
    intruders: pick(page, 'syd', 'greve', 'supplier', 'otherSupplier'),
  }),
  'get /indberetninger/{id}/{authority}/{format}': () => ({
    params: { id: data.changes[0]!, authority: 'socialtilsyn-oest', format: 'csv' },
    owners: reportViews('/csv'),
    canaries: [OFFER_NAMES.lys, data.offers.lys],
    intruders: pick(page, 'syd', 'greve', 'supplier', 'otherSupplier'),
  }),
};

describe('the cross-tenant matrix of the oversight pages', () => {
  tenantMatrixTests({
    baseUrl: () => portal.http.url,
    idRoutes: () =>
      Promise.resolve(
        expressRoutes(portal.app).filter((r) =>
          /^\w+ \/(sekretariat\/takstaendringer|indberetninger)\/.*\{/.test(r),
        ),
      ),
    matrix,
    lists: {},
  });
});
