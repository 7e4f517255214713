/**
 * The portal's contract and tariff-change pages against the real contracts service (the pages the
 * contract and tariff letters link to): the case worker sends, signs and activates a contract
 * and decides on a tariff increase above P/L; the supplier accepts and justifies. The pages call
 * the contracts service with the signed-in person's own token, so its tenant rules decide; the
 * cross-tenant matrix and the fuzzer of these page routes run here, where that service runs.
 */
import request from 'supertest';
import {
  createLocalIdentityProvider,
  type LocalIdentityProvider,
  type Role,
} from '@rammeaftale/auth';
import { createLogger } from '@rammeaftale/logging';
import {
  canary,
  expressRoutes,
  formFieldNames,
  freePort,
  fuzzPages,
  partiesOf as pick,
  tenantMatrixTests,
  testEnv,
  uniqueName,
  until,
  viewsOf,
  type Party,
  type TenantMatrix,
} from '@rammeaftale/testing';
import type { OrderPortal } from '@rammeaftale/order-portal/src/start';
import { axeViolations, launchChromium } from '@rammeaftale/order-portal/test/support/browser';
import {
  browserSessionCookie,
  sessionCookie,
} from '@rammeaftale/order-portal/test/support/session-cookie';
import {
  makeOffer,
  makeOrganisation,
} from '@rammeaftale/order-portal/test/support/order-factories';
import { startTestPortal } from '@rammeaftale/order-portal/test/support/start-portal';
import { standardContractEnv } from '@rammeaftale/standard-contract/src/config';
import {
  startStandardContract,
  type StandardContract,
} from '@rammeaftale/standard-contract/src/start';
import { AUTHORITIES, basisFactory, pdfText } from '@rammeaftale/standard-contract/test/support';

jest.setTimeout(600_000);

const WHO = {
  greve: { role: 'caseworker', organisationId: 'mun-253' },
  koege: { role: 'caseworker', organisationId: 'mun-259' },
  supplier: { role: 'supplier', organisationId: 'provider-solhaven' },
  otherSupplier: { role: 'supplier', organisationId: 'provider-andet' },
  secretariat: { role: 'secretariat', organisationId: 'secretariat' },
} satisfies Record<string, { role: Role; organisationId: string }>;
type Who = keyof typeof WHO;

const GREVE = {
  organisationId: 'mun-253',
  name: 'Greve Kommune',
  ean: '5798000000018',
  municipalityCode: 253,
  contact: { email: 'myndighed@greve.test' },
};
/** Planted in the records, so a page that shows any of them to the wrong person is caught. */
const A = { reference: canary('Borger'), goal: canary('maal'), followUp: canary('opfoelgning') };
/** The contract of the journey (and the screenshots): plain words. */
const B = {
  reference: 'GRV-2025-0117',
  goal: 'Deltager i beskyttet beskæftigelse tre dage om ugen',
};
const T = { reason: canary('takstbegrundelse'), note: canary('notat') };

const logger = createLogger({
  service: 'e2e-contracts',
  level: process.env.TEST_LOG_LEVEL ?? 'silent',
});
let idp: LocalIdentityProvider;
let portal: OrderPortal;
let contracts: StandardContract;
const tokens = {} as Record<Who | 'service', string>;
const page = {} as Record<Who, Party & { csrf: string }>;
const ids = { a: '', b: '', change: '' };

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  const prefix = uniqueName('e2e_contracts');
  const auth = { AUTH_ISSUER: idp.issuer, AUTH_JWKS_URL: 'http://127.0.0.1:1/unused' };
  // Each service needs the other's address at start: the portal's port is taken first.
  const portalPort = await freePort();
  contracts = await startStandardContract(
    standardContractEnv.parse({
      ...testEnv(),
      ...auth,
      PORT: '0',
      MONGO_DB: `${prefix}_sc`,
      ORDER_PORTAL_URL: `http://127.0.0.1:${portalPort}`,
      TARIFF_NOTIFICATIONS_URL: 'http://127.0.0.1:1', // letters wait in the outbox: not this test's subject
      PORTAL_URL: `http://127.0.0.1:${portalPort}`,
      AUTHORITIES: JSON.stringify(AUTHORITIES),
      TARIFF_FLOW_INTERVAL_MS: '3600000',
    }),
    {
      logger,
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
  // On the contracts service's queue prefix: its events (a contract sent, accepted; an increase
  // awaiting approval) reach the portal's inbox, which tells the people they wait for.
  portal = await startTestPortal(prefix, {
    verifier: idp.verifier,
    env: { ...auth, PORT: String(portalPort), STANDARD_CONTRACT_URL: contracts.http.url },
  });
  for (const [who, actor] of Object.entries(WHO))
    tokens[who as Who] = await idp.issue({ userId: `u-${who}`, ...actor });
  tokens.service = await idp.issue({
    userId: 'order-portal',
    role: 'service',
    organisationId: 'order-portal',
  });

  // The supplier's offer in the registry (its announcement form offers what it runs).
  await makeOrganisation(portal.runtime.db, {
    _id: 'provider-solhaven',
    kind: 'private',
    name: 'Bostedet Solhaven ApS',
    cvr: '29403473',
  });
  await makeOffer(portal.runtime.db, 'offer-b', {
    name: 'Bostedet offer-b',
    operator: { kind: 'private', organisationId: 'provider-solhaven' },
  });
  // The P/L and report thresholds the contracts service reads from the registry.
  for (const year of [2025, 2026]) {
    const res = await request(portal.http.url)
      .post('/api/policy-values')
      .set('authorization', `Bearer ${tokens.secretariat}`)
      .send({
        year,
        effectiveFrom: `${year}-01-01`,
        plRateBp: 400,
        privateReportThresholdBp: 500,
        publicReportThresholdBp: 800,
      });
    expect(res.status).toBe(201);
  }
  const draft = async (
    offerId: string,
    citizen: { reference: string },
    goal: string,
    followUp: string,
  ) => {
    const base = basisFactory();
    const res = await request(contracts.http.url)
      .post('/internal/contracts/drafts')
      .set('authorization', `Bearer ${tokens.service}`)
      .send(
        basisFactory({
          actingMunicipality: GREVE,
          payingMunicipality: GREVE,
          citizen: { reference: citizen.reference, isChild: false },
          offer: { ...base.offer, offerId, name: `Bostedet ${offerId}` },
          price: { dailyBasisTariffOre: 100_000, additionalTariffs: [], tariffYear: 2025 },
          startDate: '2025-03-01',
          goals: [{ goal, followUp }],
        }),
      );
    expect(res.status).toBe(201);
    return (res.body as { contract: { id: string } }).contract.id;
  };
  ids.a = await draft('offer-a', A, A.goal, A.followUp);
  ids.b = await draft('offer-b', B, B.goal, 'Statusmøde hver 6. måned');

  // Each person's portal session and its own CSRF token (from the sign-out form of every page).
  for (const who of Object.keys(WHO) as Who[]) {
    const headers = { cookie: await sessionCookie(portal, tokens[who]) };
    const html = (await request(portal.http.url).get('/kontrakter').set(headers)).text;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!csrf) throw new Error(`no CSRF token for ${who}`);
    page[who] = { headers, formFields: { _csrf: csrf }, csrf };
  }
});

afterAll(async () => {
  await portal?.close();
  await contracts?.close();
});

const get = (who: Who, path: string) => request(portal.http.url).get(path).set(page[who].headers);
/** Someone's "Beskeder" once the contracts service's events were relayed and told (or after 20 s). */
const noticesOnceTold = (who: Who, text: string) =>
  until(
    async () => {
      await contracts.relayEventsNow();
      return (await get(who, '/beskeder')).text;
    },
    (html) => html.includes(text),
    20_000,
  ).then((text) => ({ text }));
const post = (who: Who, path: string, form: Record<string, string> = {}) =>
  request(portal.http.url)
    .post(path)
    .set(page[who].headers)
    .type('form')
    .send({ _csrf: page[who].csrf, ...form });

describe('contracts in the portal', () => {
  it('When the case worker and the supplier take a contract through its steps on the pages, then it is sent, accepted, signed and active, with its PDF', async () => {
    const list = await get('greve', '/kontrakter');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`href="/kontrakter/${ids.b}"`);
    const draft = await get('greve', `/kontrakter/${ids.b}`);
    expect(draft.text).toContain('Status: <strong>Kladde</strong>');
    expect(draft.text).toContain(B.goal);

    const sent = await post('greve', `/kontrakter/${ids.b}/send`);
    expect([sent.status, sent.headers.location]).toEqual([
      303,
      `/kontrakter/${ids.b}?besked=sendt`,
    ]);
    // The supplier's people are told the contract awaits them (Beskeder), with its link only.
    const told = await noticesOnceTold('supplier', `href="/kontrakter/${ids.b}"`);
    expect(told.text).toContain(`href="/kontrakter/${ids.b}"`);
    expect(told.text).not.toContain(B.goal);
    // The supplier reads the version it is about to accept and accepts it.
    const toAccept = await get('supplier', `/kontrakter/${ids.b}`);
    expect(toAccept.text).toContain('Acceptér version 1');
    expect((await post('supplier', `/kontrakter/${ids.b}/accepter`, { version: '1' })).status).toBe(
      303,
    );
    const toSign = await noticesOnceTold('greve', 'En kontrakt venter på underskrift');
    expect(toSign.text).toContain('En kontrakt venter på underskrift');
    expect(toSign.text).toContain(`href="/kontrakter/${ids.b}"`);
    expect((await post('greve', `/kontrakter/${ids.b}/underskriv`, { version: '1' })).status).toBe(
      303,
    );
    expect(
      (await post('greve', `/kontrakter/${ids.b}/aktiver`, { startedOn: '2025-03-01' })).status,
    ).toBe(303);
    const active = await get('greve', `/kontrakter/${ids.b}?besked=aktiveret`);
    expect(active.text).toContain('Status: <strong>Aktiv</strong>');
    expect(active.text).toContain('Kontrakten er aktiv.');

    const pdf = await get('greve', `/kontrakter/${ids.b}/versioner/1/pdf`).buffer(true);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['cache-control']).toContain('no-store');
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfText(bytes)).toContain(B.goal);
  });

  it('When the case worker proposes an amendment on the page and the supplier accepts it, then the contract is amended and each is told; a proposal of the supplier then awaits the case worker', async () => {
    // Checked by the contracts service's schema: a service line without its legal basis.
    const bad = await post('greve', `/kontrakter/${ids.b}/tillaeg`, {
      proposalEffectiveFrom: '01.04.2026',
      proposalServices: 'Vågen nattevagt',
      proposalReason: 'Mere støtte om natten',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Skriv én ydelse pr. linje med lovgrundlaget i parentes');
    const proposed = await post('greve', `/kontrakter/${ids.b}/tillaeg`, {
      proposalEffectiveFrom: '01.04.2026',
      proposalServices: 'Længerevarende botilbud (SEL § 108)\nVågen nattevagt (SEL § 108)',
      proposalReason: 'Mere støtte om natten',
    });
    expect([proposed.status, proposed.headers.location]).toEqual([
      303,
      `/kontrakter/${ids.b}?besked=foreslaaet`,
    ]);
    // The proposer cannot answer its own proposal; the supplier sees it and its buttons.
    expect((await get('greve', `/kontrakter/${ids.b}`)).text).toContain(
      'Forslaget venter på svar fra leverandøren.',
    );
    const own = await post('greve', `/kontrakter/${ids.b}/tillaeg/1/svar`, { decision: 'accept' });
    expect(own.status).toBe(409);
    expect(own.text).toContain('I kan ikke acceptere eller afvise jeres eget forslag');
    expect((await get('supplier', '/beskeder')).text).toContain(
      'Et forslag til tillæg til en kontrakt venter på jeres svar',
    );
    const toAnswer = await get('supplier', `/kontrakter/${ids.b}`);
    expect(toAnswer.text).toContain('Vågen nattevagt (SEL § 108)');
    expect(toAnswer.text).toContain('Acceptér forslag nr. 1');
    const accepted = await post('supplier', `/kontrakter/${ids.b}/tillaeg/1/svar`, {
      decision: 'accept',
      decisionComment: 'Aftalt på mødet',
    });
    expect(accepted.status).toBe(303);
    const amended = await get('greve', `/kontrakter/${ids.b}`);
    expect(amended.text).toContain('Status: <strong>Aktiv (med tillæg)</strong>');
    expect(amended.text).toContain('Accepteret (tillæg nr. 1): Aftalt på mødet');
    expect((await get('greve', '/beskeder')).text).toContain(
      'Den anden part har besvaret jeres forslag til tillæg',
    );
    // The supplier proposes an end date: it awaits the case worker (the browser test reads it).
    const second = await post('supplier', `/kontrakter/${ids.b}/tillaeg`, {
      proposalEffectiveFrom: '01.05.2026',
      proposalEndDate: '31.12.2027',
      proposalReason: 'Borgeren flytter i egen bolig',
    });
    expect(second.status).toBe(303);
    expect((await get('greve', `/kontrakter/${ids.b}`)).text).toContain('Afvis forslag nr. 2');
  });

  it('When a step does not fit the contract any more, then the page says so in Danish and nothing changes', async () => {
    const again = await post('greve', `/kontrakter/${ids.b}/send`);
    expect(again.status).toBe(409);
    expect(again.text).toContain('Det kunne ikke gennemføres');
    expect(again.text).not.toMatch(/sent_to_supplier|is active/);
    const wrongVersion = await post('greve', `/kontrakter/${ids.a}/underskriv`, { version: 'x' });
    expect(wrongVersion.status).toBe(409);
  });

  it('When a supplier announces an increase above P/L, then the buyer sees it, the supplier justifies it and the buyer approves it on the pages', async () => {
    // The supplier announces on the portal's form: the offer is one it runs in the registry.
    const form = await get('supplier', '/takstaendringer/ny');
    expect(form.status).toBe(200);
    expect(form.text).toContain('<option value="offer-b"');
    const badAmount = await post('supplier', '/takstaendringer', {
      offerId: 'offer-b',
      effectiveFrom: '2026-01-01',
      dailyBasisTariff: 'mange penge',
      reason: T.reason,
    });
    expect(badAmount.status).toBe(400);
    expect(badAmount.text).toContain('Skriv grundtaksten i kroner');
    const announced = await post('supplier', '/takstaendringer', {
      offerId: 'offer-b',
      effectiveFrom: '2026-01-01',
      dailyBasisTariff: '1.100,00',
      reason: T.reason,
    });
    expect(announced.status).toBe(303);
    const location = String(announced.headers.location);
    ids.change = /^\/takstaendringer\/([^?]+)\?besked=varslet$/.exec(location)![1]!;
    // Sent twice (a double click): the same change, not a second one.
    const twice = await post('supplier', '/takstaendringer', {
      offerId: 'offer-b',
      effectiveFrom: '2026-01-01',
      dailyBasisTariff: '1.100,00',
      reason: T.reason,
    });
    expect([twice.status, twice.headers.location]).toEqual([303, location]);
    // Another price for the same day while the first awaits the buyer: refused, in Danish.
    const other = await post('supplier', '/takstaendringer', {
      offerId: 'offer-b',
      effectiveFrom: '2026-01-01',
      dailyBasisTariff: '1.200,00',
      reason: T.reason,
    });
    expect(other.status).toBe(400);
    expect(other.text).toContain('Der er allerede varslet en takst');

    // The buyer is told once, though the supplier sent the announcement twice.
    const told = await noticesOnceTold('greve', 'En takststigning venter på godkendelse');
    expect(told.text).toContain('En takststigning venter på godkendelse');
    expect(told.text.split(`href="/takstaendringer/${ids.change}"`)).toHaveLength(2);
    const list = await get('greve', '/takstaendringer');
    expect(list.text).toContain(`href="/takstaendringer/${ids.change}"`);
    const shown = await get('greve', `/takstaendringer/${ids.change}`);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('Afventer kommunens godkendelse');
    expect(shown.text).toContain('<td>10,00 %</td>');
    expect(shown.text).toContain('P/L 4 %');
    expect(shown.text).toContain('Godkender I stigningen?');

    const noReason = await post('greve', `/takstaendringer/${ids.change}/beslutning`, {
      decision: 'reject',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Skriv, hvorfor stigningen afvises');

    const justified = await post('supplier', `/takstaendringer/${ids.change}/begrundelse`, {
      note: T.note,
    });
    expect([justified.status, justified.headers.location]).toEqual([
      303,
      `/takstaendringer/${ids.change}?besked=begrundelse`,
    ]);
    expect((await get('greve', `/takstaendringer/${ids.change}`)).text).toContain(T.note);

    const approved = await post('greve', `/takstaendringer/${ids.change}/beslutning`, {
      decision: 'approve',
      reference: 'GRV-2026-17',
    });
    expect(approved.status).toBe(303);
    const after = await get('greve', `/takstaendringer/${ids.change}?besked=godkendt`);
    expect(after.text).toContain('Takstændringen er godkendt');
    expect(after.text).toMatch(/Godkendt, træder i kraft|Gennemført som tillæg/);
    expect(after.text).not.toContain('Godkender I stigningen?');
  });
});

describe('contract pages in Chromium', () => {
  it('When the buyer and the supplier open the contract and tariff pages in a browser, then every page passes axe and shows its actions', async () => {
    const browser = await launchChromium();
    try {
      const violations: string[] = [];
      for (const [who, pages] of [
        [
          'greve',
          [
            ['kontrakter', '/kontrakter'],
            ['kontrakt', `/kontrakter/${ids.b}`],
            ['kontrakt-kladde', `/kontrakter/${ids.a}`],
            ['takstaendring', `/takstaendringer/${ids.change}`],
          ],
        ],
        [
          'supplier',
          [
            ['leverandoer-kontrakt', `/kontrakter/${ids.b}`],
            ['takstaendringer', '/takstaendringer'],
            ['takst-varsel', '/takstaendringer/ny'],
          ],
        ],
      ] as const) {
        const context = await browser.newContext({
          viewport: { width: 1280, height: 900 },
          locale: 'da-DK',
        });
        await context.addCookies([await browserSessionCookie(portal, tokens[who])]);
        const tab = await context.newPage();
        for (const [name, path] of pages) {
          const res = await tab.goto(portal.http.url + path);
          expect(res?.status()).toBe(200);
          violations.push(...(await axeViolations(tab, name, true)));
        }
        await context.close();
      }
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

/** Everyone but the owners of contract A (Greve and the supplier). */
const strangers = () => pick(page, 'koege', 'otherSupplier', 'secretariat');
const contractA = (form?: Record<string, string>) => () => ({
  params: { id: ids.a },
  form,
  owners: {
    ...viewsOf(page, `/kontrakter/${ids.a}`, 'greve', 'supplier'),
  },
  canaries: Object.values(A),
  intruders: strangers(),
});
const change = (form?: Record<string, string>) => () => ({
  params: { id: ids.change },
  form,
  owners: viewsOf(page, `/takstaendringer/${ids.change}`, 'greve', 'supplier'),
  canaries: [T.reason, T.note],
  intruders: pick(page, 'koege', 'otherSupplier'),
});

const matrix: TenantMatrix = {
  'get /kontrakter/{id}': contractA(),
  'get /kontrakter/{id}/versioner/{version}/pdf': () => ({
    params: { id: ids.a, version: '1' },
    owners: {
      greve: { party: page.greve, path: `/kontrakter/${ids.a}/versioner/1/pdf`, text: pdfText },
    },
    canaries: [A.goal, A.followUp],
    intruders: strangers(),
  }),
  'post /kontrakter/{id}/send': contractA(),
  'post /kontrakter/{id}/accepter': contractA({ version: '1' }),
  'post /kontrakter/{id}/underskriv': contractA({ version: '1' }),
  'post /kontrakter/{id}/aktiver': contractA({ startedOn: '2025-03-01' }),
  'post /kontrakter/{id}/trak-tilbage': contractA({ withdrawReason: 'Borgeren er flyttet' }),
  'post /kontrakter/{id}/afvis': contractA({ rejectReason: 'Ingen plads alligevel' }),
  'post /kontrakter/{id}/opsig': contractA({
    noticeGivenOn: '01.03.2025',
    terminationReason: 'Borgeren flytter',
  }),
  'post /kontrakter/{id}/ophaev': contractA({ rescissionReason: 'Væsentlig misligholdelse' }),
  'post /kontrakter/{id}/tillaeg': contractA({
    proposalEffectiveFrom: '01.04.2026',
    proposalEndDate: '31.12.2027',
    proposalReason: 'Ny aftale',
  }),
  'post /kontrakter/{id}/tillaeg/{nummer}/svar': () => ({
    ...contractA({ decision: 'accept' })(),
    params: { id: ids.a, nummer: '1' },
  }),
  'get /takstaendringer/{id}': change(),
  'post /takstaendringer/{id}/beslutning': change({ decision: 'reject', comment: 'Nej' }),
  'post /takstaendringer/{id}/begrundelse': change({ note: 'Mere' }),
};

describe('the cross-tenant matrix of the contract pages', () => {
  tenantMatrixTests({
    baseUrl: () => portal.http.url,
    idRoutes: () =>
      Promise.resolve(
        expressRoutes(portal.app).filter((r) =>
          /^\w+ \/(kontrakter|takstaendringer)\/.*\{/.test(r),
        ),
      ),
    matrix,
    lists: {
      "Greve's contracts": () => ({
        path: '/kontrakter',
        owners: pick(page, 'greve', 'supplier'),
        intruders: strangers(),
        canaries: [ids.a, ids.b],
      }),
      'the tariff changes of the offer': () => ({
        path: '/takstaendringer',
        owners: pick(page, 'greve', 'supplier'),
        intruders: pick(page, 'koege', 'otherSupplier'),
        canaries: [ids.change],
      }),
    },
  });
});

describe('hostile input against the contract pages', () => {
  it('When 1,000 generated requests hit each contract and tariff page, then none answers 5xx, leaks internals or echoes markup', async () => {
    const routes = expressRoutes(portal.app).filter((r) =>
      /^\w+ \/(kontrakter|takstaendringer)\b/.test(r),
    );
    expect(routes.length).toBeGreaterThanOrEqual(11);
    const fieldNames = new Set<string>(['version']);
    for (const path of [`/kontrakter/${ids.a}`, `/takstaendringer/${ids.change}`])
      for (const n of formFieldNames((await get('greve', path)).text)) fieldNames.add(n);
    const started = Date.now();
    const findings = await fuzzPages({
      baseUrl: portal.http.url,
      routes,
      session: (route) => {
        const who: Who = /accepter|begrundelse|^\w+ \/takstaendringer(\/ny)?$/.test(route)
          ? 'supplier'
          : 'greve';
        return { cookie: page[who].headers.cookie!, csrf: page[who].csrf };
      },
      pathValues: { id: [ids.a, ids.b, ids.change], version: ['1', '2'], nummer: ['1', '2'] },
      fieldNames: [
        'offerId',
        'effectiveFrom',
        'dailyBasisTariff',
        'reason',
        ...fieldNames,
        'decision',
        'comment',
        'reference',
        'note',
        'documentReference',
        'startedOn',
      ],
      runs: 1000,
    });
    const distinct = new Map(findings.map((f) => [`${f.op} ${f.status} ${f.problem}`, f.request]));
    expect([...distinct]).toEqual([]);
    console.log(
      `${routes.length} contract page routes × 1,000 requests in ${Date.now() - started} ms`,
    );
  });

  it('When the contracts service is down, then the pages say so in Danish (503) and show nothing stale', async () => {
    await contracts.close();
    const res = await get('greve', `/kontrakter/${ids.a}`);
    expect(res.status).toBe(503);
    expect(res.text).toContain('Kontrakter er midlertidigt utilgængelige');
    expect(res.text).not.toContain(A.goal);
  });
});
