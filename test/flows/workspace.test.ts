/**
 * The secretariat's and the operator's workspace in the portal (issue 14), against the real
 * notifications service and a real SMTP server, in Chromium with axe on every page: the operator's
 * health, queues, failed letters (retried) and the queue board through the portal's session; the
 * secretariat's policy values. Only the operator reaches the operator's pages, only the secretariat
 * its own (a Danish 403 page otherwise), and the routes with an id are a tenant matrix here, where
 * the service that owns the letters runs.
 */
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import { freePort, tokensFor, uniqueName, until } from '@rammeaftale/testing';
import { axeViolations, launchChromium } from '@rammeaftale/order-portal/test/support/browser';
import {
  browserSessionCookie,
  sessionCookie,
} from '@rammeaftale/order-portal/test/support/session-cookie';
import {
  makeOffer,
  makeOrganisation,
} from '@rammeaftale/order-portal/test/support/order-factories';
import {
  startTestPortal,
  type TestPortal,
} from '@rammeaftale/order-portal/test/support/start-portal';
import {
  startNotifications,
  type NotificationsHarness,
} from '@rammeaftale/tariff-notifications/test/support/start-notifications';

jest.setTimeout(300_000);

// playwright-core is the portal's dependency: its types come through the portal's browser kit.
type Browser = Awaited<ReturnType<typeof launchChromium>>;
type Page = Awaited<ReturnType<Browser['newPage']>>;

const WHO = ['operator', 'secretariat', 'caseworkerGreve', 'supplierA', 'authority'] as const;
type Who = (typeof WHO)[number];
const REFUSED = 'afvist@leverandor.test';
/** The orientation letter's recipient whose mail server refuses it. */
const REFUSED_SUPPLIER = 'afvist@skovly.test';

let idp: LocalIdentityProvider;
let notifications: NotificationsHarness;
let portal: TestPortal;
let browser: Browser;
let tokens: Record<Who, string>;
const cspViolations: string[] = [];

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  notifications = await startNotifications({
    name: 'e2e_ws_tn',
    idp,
    env: { RETRY_BASE_MS: '50' },
  });
  portal = await startTestPortal(uniqueName('e2e_ws_op'), {
    verifier: idp.verifier,
    env: {
      TARIFF_NOTIFICATIONS_URL: notifications.url,
      // Nothing listens there: the operator sees the contracts service as not answering.
      STANDARD_CONTRACT_URL: `http://127.0.0.1:${await freePort()}`,
      // Small, so the test can send a file above it.
      IMPORT_BODY_LIMIT: '200kb',
    },
  });
  tokens = await tokensFor(idp, [...WHO]);
  await registry(portal);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await notifications?.close();
});

/** A browser tab signed in as `who` (the portal's session cookie holds the person's token). */
async function tabOf(who: Who): Promise<Page> {
  const context = await browser.newContext({
    baseURL: portal.http.url,
    viewport: { width: 1280, height: 900 },
    locale: 'da-DK',
  });
  await context.addCookies([await browserSessionCookie(portal, tokens[who])]);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('console', (m) => {
    // The board's page asks for Google Fonts, which its policy blocks on purpose (a local font).
    if (/Content Security Policy/i.test(m.text()) && !page.url().includes('/drift/koeer/'))
      cspViolations.push(m.text());
  });
  return page;
}

/** The suppliers of the registry: two private ones with a letter address, one without, one public. */
async function registry(p: TestPortal): Promise<void> {
  const db = p.runtime.db;
  await makeOrganisation(db, { _id: 'mun-265', kind: 'municipality', name: 'Roskilde Kommune' });
  await makeOrganisation(db, { _id: 'cvr-20000001', kind: 'private', name: 'Lyngen ApS' });
  await makeOrganisation(db, {
    _id: 'cvr-20000002',
    kind: 'private',
    name: 'Skovly ApS',
    contact: { email: REFUSED_SUPPLIER },
  });
  await makeOrganisation(db, {
    _id: 'cvr-20000003',
    kind: 'private',
    name: 'Uden Post ApS',
    contact: {},
  });
  await makeOffer(db, 'ws-public', { name: 'Bostedet Skovbo' });
  for (const [id, org] of [
    ['ws-lyngen', 'cvr-20000001'],
    ['ws-skovly', 'cvr-20000002'],
    ['ws-udenpost', 'cvr-20000003'],
  ] as const)
    await makeOffer(db, id, { operator: { kind: 'private', organisationId: org } });
  const res = await fetch(`${p.http.url}/api/policy-values`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.secretariat}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      year: 2030,
      effectiveFrom: '2030-01-01',
      plRateBp: 400,
      privateReportThresholdBp: 500,
      publicReportThresholdBp: 800,
    }),
  });
  expect(res.status).toBe(201);
}

async function scan(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page, name, true)).toEqual([]);
}

const main = (page: Page) => page.getByRole('main');

/** A letter the mail server refuses for good: the operator's failed letter. */
async function refusedLetter(key: string): Promise<void> {
  notifications.smtp.failRecipient((a) => a === REFUSED);
  const res = await fetch(`${notifications.url}/letters`, {
    method: 'POST',
    headers: { ...notifications.headers('contractsService'), 'content-type': 'application/json' },
    body: JSON.stringify({
      key,
      kind: 'tariff-letter',
      to: [REFUSED],
      subject: 'Takststigning over P/L',
      text: 'Kære leverandør.',
    }),
  });
  expect(res.status).toBe(202);
  const status = () =>
    fetch(`${notifications.url}/deliveries/${key}`, { headers: notifications.headers('operator') })
      .then((r) => r.json() as Promise<{ status: string }>)
      .then((d) => d.status);
  expect(await until(status, (s) => s === 'failed')).toBe('failed');
}

describe("the operator's workspace in Chromium", () => {
  it('When the operator opens Drift, then each service shows whether it runs and is ready, each queue its depth, and the queue board opens through the portal with its scripts — every page passes axe', async () => {
    const tab = await tabOf('operator');
    const res = await tab.goto('/drift');
    expect(res?.status()).toBe(200);
    const services = main(tab).getByRole('table', { name: 'Tjenesternes tilstand' });
    await expect(
      services.getByRole('row', { name: /Bestillingsportalen/ }).textContent(),
    ).resolves.toMatch(/Kører.*Klar/);
    await expect(
      services.getByRole('row', { name: /Standardkontrakter/ }).textContent(),
    ).resolves.toContain('Svarer ikke');
    await expect(
      services.getByRole('row', { name: /Breve og indberetninger/ }).textContent(),
    ).resolves.toMatch(/Kører.*Klar/);
    const queues = main(tab).getByRole('table', { name: 'Køer' });
    await expect(
      queues.getByRole('row', { name: /Breve og indberetninger/ }).count(),
    ).resolves.toBe(1);
    await scan(tab, 'drift');

    const board = await Promise.all([
      tab.waitForResponse((r) => r.url().endsWith('/drift/koeer/')),
      main(tab).getByRole('link', { name: 'Åbn køoversigten' }).click(),
    ]).then(([r]) => r);
    expect(board.status()).toBe(200);
    expect(board.headers()['content-type']).toContain('text/html');
    // The board's own script ran (it renders the queue names), under its own policy.
    await tab.getByText('letters', { exact: false }).first().waitFor();
    const api = await tab.request.get('/drift/koeer/api/queues');
    expect(api.status()).toBe(200);
    expect(
      ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name),
    ).toContain('letters');
    await tab.context().close();
  });

  it('When a letter was refused by the mail server, then the operator sees it with the reason in Danish, retries it, and it is sent once the address works', async () => {
    await refusedLetter('tariff-letter:e2e-ws:1');
    const tab = await tabOf('operator');
    await tab.goto('/drift');
    await main(tab)
      .getByRole('link', { name: /Fejlede breve/ })
      .click();
    await tab.waitForURL('**/drift/forsendelser');
    const failed = main(tab).getByRole('table', { name: 'Opgivne breve' });
    const row = failed.getByRole('row', { name: /Brev om takststigning/ });
    await expect(row.textContent()).resolves.toContain(REFUSED);
    await expect(row.textContent()).resolves.toContain('Modtagerens mailserver afviste brevet');
    await scan(tab, 'drift-fejlede-breve');

    notifications.smtp.failRecipient(null);
    const before = notifications.smtp.messages.length;
    await row.getByRole('button', { name: /Prøv igen/ }).click();
    await tab.waitForURL('**/drift/forsendelser?besked=igen');
    await main(tab).getByText('Brevet er sendt til afsendelse igen.').waitFor();
    await notifications.smtp.waitFor(before + 1);
    expect(notifications.smtp.messages.at(-1)?.envelopeTo).toEqual([REFUSED]);
    await tab.context().close();
  });

  it('When anyone but the operator opens the operator pages or the board, then a Danish 403 page (signed out: the sign-in page) and nothing of the board', async () => {
    for (const who of ['secretariat', 'caseworkerGreve', 'supplierA', 'authority'] as const) {
      for (const path of [
        '/drift',
        '/drift/forsendelser',
        '/drift/koeer/',
        '/drift/koeer/api/queues',
      ]) {
        const res = await fetch(portal.http.url + path, {
          headers: { cookie: await sessionCookie(portal, tokens[who]) },
          redirect: 'manual',
        });
        const text = await res.text();
        expect([who, path, res.status]).toEqual([who, path, 403]);
        expect(text).toContain('Ingen adgang');
        expect(text).not.toContain('letters');
      }
    }
    const signedOut = await fetch(`${portal.http.url}/drift/koeer/`, { redirect: 'manual' });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toMatch(/^\/log-ind\?til=/);
    // Nothing but reading passes the proxy, and no path leaves the board.
    const post = await fetch(`${portal.http.url}/drift/koeer/api/queues/letters/pause`, {
      method: 'PUT',
      headers: { cookie: await sessionCookie(portal, tokens.operator) },
    });
    expect(post.status).toBe(404);
    const escape = await fetch(`${portal.http.url}/drift/koeer/%2e%2e/%2e%2e/deliveries`, {
      headers: { cookie: await sessionCookie(portal, tokens.operator) },
    });
    expect(escape.status).toBe(404);
    expect(await escape.text()).not.toContain(REFUSED);
  });
});

describe("the secretariat's orientation letter campaign in Chromium", () => {
  let campaignPath = '';

  it('When the secretariat starts the orientation letter to the private suppliers from the portal, then it sees every recipient and one letter first, each recipient’s inbox gets its letter, and the progress page shows the one the mail server refused, with why', async () => {
    notifications.smtp.failRecipient((a) => a === REFUSED_SUPPLIER);
    const before = notifications.smtp.messages.length;
    const tab = await tabOf('secretariat');
    await tab.goto('/sekretariat/kampagner');
    await scan(tab, 'sekretariat-kampagner');
    await main(tab).getByRole('link', { name: 'Send et nyt orienteringsbrev' }).click();
    await tab.waitForURL('**/sekretariat/kampagner/ny');
    await scan(tab, 'sekretariat-kampagne-ny');

    // All suppliers: the public operator too; the one without an address is named, not sent to.
    await main(tab).getByLabel('Satser fra året').selectOption('2030');
    await main(tab).getByRole('button', { name: 'Vis modtagere og brev' }).click();
    const all = main(tab).getByRole('table', { name: 'Modtagere af brevet' });
    await expect(all.textContent()).resolves.toMatch(/Lyngen ApS.*Roskilde Kommune.*Skovly ApS/);
    await expect(
      main(tab)
        .getByRole('table', { name: /Uden e-mailadresse/ })
        .textContent(),
    ).resolves.toContain('Uden Post ApS');

    await main(tab).getByLabel('Driftsform').selectOption({ label: 'Privat' });
    await main(tab).getByRole('button', { name: 'Vis modtagere og brev' }).click();
    const chosen = main(tab).getByRole('table', { name: 'Modtagere af brevet' });
    await expect(chosen.getByRole('row').count()).resolves.toBe(3); // the header and two suppliers
    const letter = await main(tab).textContent();
    expect(letter).toContain('Kære Lyngen ApS');
    expect(letter).toContain('for 2030: 4');
    await scan(tab, 'sekretariat-kampagne-forhaandsvisning');

    await main(tab).getByRole('button', { name: 'Send brevet til 2 leverandører' }).click();
    await tab.waitForURL(/\/sekretariat\/kampagner\/orientering-2030-[a-f0-9]+\?besked=startet/);
    campaignPath = new URL(tab.url()).pathname;
    await notifications.smtp.waitFor(before + 1);
    const sent = notifications.smtp.messages.slice(before);
    expect(sent.map((m) => m.envelopeTo)).toEqual([['kontakt@cvr-20000001.test']]);
    expect(sent[0]?.text).toContain('Kære Lyngen ApS');

    const refused = async () => {
      await tab.goto(`${campaignPath}?opdater=nej`);
      return main(tab)
        .getByRole('row', { name: /Skovly ApS/ })
        .textContent();
    };
    const row = await until(refused, (t) => Boolean(t?.includes('Fejlet')));
    expect(row).toContain('Modtagerens mailserver afviste brevet');
    await expect(
      main(tab)
        .getByRole('row', { name: /Lyngen ApS/ })
        .textContent(),
    ).resolves.toContain('Sendt');
    await scan(tab, 'sekretariat-kampagne-status');

    notifications.smtp.failRecipient(null);
    await main(tab).getByRole('button', { name: 'Send de 1 fejlede breve igen' }).click();
    await main(tab).getByText('De fejlede breve sendes igen.').waitFor();
    await notifications.smtp.waitFor(before + 2);
    expect(notifications.smtp.messages.at(-1)?.envelopeTo).toEqual([REFUSED_SUPPLIER]);
    const done = async () => {
      await tab.goto(campaignPath);
      return main(tab).textContent();
    };
    expect(await until(done, (t) => Boolean(t?.includes('Alle breve er sendt.')))).toContain(
      'Sendt: 2 af 2',
    );
    await tab.context().close();
  });

  it("When anyone but the secretariat opens the campaign's page or retries its letters, then a Danish 403 page with none of its recipients, and nothing is sent", async () => {
    expect(campaignPath).not.toBe('');
    const before = notifications.smtp.messages.length;
    for (const who of ['operator', 'caseworkerGreve', 'supplierA', 'authority'] as const) {
      for (const [method, path] of [
        ['GET', campaignPath],
        ['POST', `${campaignPath}/proev-igen`],
        ['GET', '/sekretariat/kampagner'],
        ['GET', '/sekretariat/kampagner/ny?year=2030'],
      ] as const) {
        const res = await fetch(portal.http.url + path, {
          method,
          headers: { cookie: await sessionCookie(portal, tokens[who]) },
        });
        const text = await res.text();
        expect([who, path, res.status]).toEqual([who, path, 403]);
        for (const canary of ['Lyngen', 'Skovly', REFUSED_SUPPLIER, 'kontakt@cvr-20000001.test'])
          expect(text).not.toContain(canary);
      }
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(notifications.smtp.messages.length).toBe(before);
  });
});

describe("the secretariat's CSV import in Chromium", () => {
  const organisationsFile = Buffer.from(
    [
      'CVR;Kommunekode;Navn;EAN;Adresse;Postnr;By;E-mail;Telefon',
      '10000009;;Solsikken Omsorg ApS;5798000000001;Skovvej 1;4000;Roskilde;kontakt@solsikken.example;12345678',
      '123;;Forkert CVR ApS;5798000000018;Kirkevej 2;4700;Næstved;;',
    ].join('\r\n') + '\r\n',
    'utf8',
  );
  const privateNames = () =>
    fetch(`${portal.http.url}/api/organisations?kind=private`, {
      headers: { authorization: `Bearer ${tokens.secretariat}` },
    })
      .then((r) => r.json() as Promise<{ items: { name: string }[] }>)
      .then((b) => b.items.map((o) => o.name));
  let uploadPath = '';

  it('When the secretariat uploads a file with a bad row, then the dry run shows the row and the field in Danish and nothing is written; imported, the good row is in the registry', async () => {
    const tab = await tabOf('secretariat');
    await tab.goto('/sekretariat/import');
    await scan(tab, 'sekretariat-import');
    await main(tab).getByRole('button', { name: 'Tjek filen' }).click();
    await main(tab).getByRole('link', { name: 'Vælg en CSV-fil' }).waitFor();
    await scan(tab, 'sekretariat-import-fejl');

    await main(tab).getByLabel('Filen indeholder').selectOption('organisations');
    await main(tab).getByLabel('CSV-fil').setInputFiles({
      name: 'organisationer.csv',
      mimeType: 'text/csv',
      buffer: organisationsFile,
    });
    await main(tab).getByRole('button', { name: 'Tjek filen' }).click();
    await tab.waitForURL(/\/sekretariat\/import\/[a-f0-9]{24}$/);
    uploadPath = new URL(tab.url()).pathname;
    const report = await main(tab).textContent();
    expect(report).toContain('Rækker i filen: 2');
    expect(report).toContain('Rækker med fejl (springes over): 1');
    const bad = main(tab).getByRole('table', { name: 'Fejl pr. række og felt' }).getByRole('row');
    await expect(bad.nth(1).textContent()).resolves.toMatch(/^3CVR/);
    await scan(tab, 'sekretariat-import-tjek');
    expect(await privateNames()).not.toContain('Solsikken Omsorg ApS');

    await main(tab).getByRole('button', { name: 'Importér 1 række' }).click();
    const done = async () => {
      await tab.goto(uploadPath);
      return main(tab).textContent();
    };
    const finished = await until(done, (t) => Boolean(t?.includes('Importen er færdig')));
    expect(finished).toContain('Nye: 1');
    await scan(tab, 'sekretariat-import-faerdig');
    expect(await privateNames()).toContain('Solsikken Omsorg ApS');
    expect(await privateNames()).not.toContain('Forkert CVR ApS');
    await tab.context().close();
  });

  it('When anyone but the secretariat person who uploaded it asks for the upload, or anyone but the secretariat for the import page, then a Danish 403 or 404 page with none of the file', async () => {
    expect(uploadPath).not.toBe('');
    const other = await idp.issue({
      userId: 'sekretariat-anden',
      role: 'secretariat',
      organisationId: 'secretariat',
      name: 'Anden i sekretariatet',
    });
    const cases: [string, string, number][] = [
      [other, uploadPath, 404],
      [other, `${uploadPath}/importer`, 403], // no form token of the other person's page
      ...(['operator', 'caseworkerGreve', 'supplierA', 'authority'] as const).flatMap(
        (who): [string, string, number][] => [
          [tokens[who], '/sekretariat/import', 403],
          [tokens[who], uploadPath, 403],
        ],
      ),
    ];
    for (const [token, path, status] of cases) {
      const res = await fetch(portal.http.url + path, {
        method: path.endsWith('/importer') ? 'POST' : 'GET',
        headers: { cookie: await sessionCookie(portal, token) },
      });
      const text = await res.text();
      expect([path, res.status]).toEqual([path, status]);
      expect(text).not.toContain('organisationer.csv');
      expect(text).not.toContain('Forkert CVR');
    }
  });
});

describe('the upload itself', () => {
  const upload = async (form: FormData) =>
    fetch(`${portal.http.url}/sekretariat/import`, {
      method: 'POST',
      headers: { cookie: await sessionCookie(portal, tokens.secretariat) },
      body: form,
    });
  const csvFile = (bytes: number) =>
    new Blob([`CVR;Navn\r\n${'1;x\r\n'.repeat(bytes / 6)}`], { type: 'text/csv' });

  it('When the file is posted without the form token, then the Danish "form expired" page; above the size limit, the Danish "too large" page', async () => {
    const noToken = new FormData();
    noToken.set('kind', 'organisations');
    noToken.set('file', csvFile(1000), 'organisationer.csv');
    const refused = await upload(noToken);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Formularen er udløbet');

    const page = await fetch(`${portal.http.url}/sekretariat/import`, {
      headers: { cookie: await sessionCookie(portal, tokens.secretariat) },
    });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    expect(csrf).not.toBe('');
    const tooLarge = new FormData();
    tooLarge.set('_csrf', csrf);
    tooLarge.set('kind', 'organisations');
    tooLarge.set('file', csvFile(300_000), 'organisationer.csv');
    const large = await upload(tooLarge);
    expect(large.status).toBe(413);
    expect(await large.text()).toContain('Formularen er for stor');
  });
});

describe("the secretariat's policy values in Chromium", () => {
  it('When the secretariat adds a year with a mistake, then the field says so in Danish; corrected, the year is listed; the same date again is refused with why', async () => {
    const tab = await tabOf('secretariat');
    const res = await tab.goto('/sekretariat/satser');
    expect(res?.status()).toBe(200);
    await scan(tab, 'sekretariat-satser');
    const form = main(tab);
    await form.getByRole('textbox', { name: 'År' }).fill('2031');
    await form.getByLabel('Gælder fra').fill('01.01.2031');
    await form.getByLabel('P/L-sats (%)').fill('fire');
    await form.getByLabel('Indberetningsgrænse for private tilbud (%)').fill('5');
    await form.getByLabel('Indberetningsgrænse for kommunale og regionale tilbud (%)').fill('8');
    await form.getByRole('button', { name: 'Registrér satserne' }).click();
    await form.getByRole('link', { name: /Skriv P\/L-satsen i procent/ }).waitFor();
    await scan(tab, 'sekretariat-satser-fejl');

    await form.getByLabel('P/L-sats (%)').fill('3,75');
    await form.getByRole('button', { name: 'Registrér satserne' }).click();
    await tab.waitForURL('**/sekretariat/satser?besked=oprettet');
    const row = form.getByRole('table').getByRole('row', { name: /2031/ });
    await expect(row.textContent()).resolves.toMatch(/1\. januar 2031.*3,75 %.*5 %.*8 %.*Låst/);

    await form.getByRole('textbox', { name: 'År' }).fill('2031');
    await form.getByLabel('Gælder fra').fill('01.01.2031');
    await form.getByLabel('P/L-sats (%)').fill('4');
    await form.getByLabel('Indberetningsgrænse for private tilbud (%)').fill('5');
    await form.getByLabel('Indberetningsgrænse for kommunale og regionale tilbud (%)').fill('8');
    await form.getByRole('button', { name: 'Registrér satserne' }).click();
    await form.getByText('Der findes allerede satser, der gælder fra den dato').waitFor();
    await expect(form.textContent()).resolves.toContain('afgørelser har brugt dem');
    await expect(form.getByRole('row', { name: /2031/ }).textContent()).resolves.toContain(
      '3,75 %',
    );
    await tab.context().close();
  });

  it('When anyone but the secretariat opens the policy values page, then a Danish 403 page', async () => {
    for (const who of ['operator', 'caseworkerGreve', 'supplierA', 'authority'] as const) {
      const res = await fetch(`${portal.http.url}/sekretariat/satser`, {
        headers: { cookie: await sessionCookie(portal, tokens[who]) },
      });
      expect([who, res.status]).toEqual([who, 403]);
      expect(await res.text()).toContain('Ingen adgang');
    }
  });

  afterAll(() => expect(cspViolations).toEqual([]));
});
