import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { uniqueName } from '@rammeaftale/testing';
import { orderModel } from '../../src/orders/order.model';
import type { OrderPortal } from '../../src/start';
import { axeViolations, launchChromium } from '../support/browser';
import { demoUser, localProvider, type LocalProvider } from '../support/local-provider';
import {
  makeMunicipalities,
  makeOffer,
  makeOrganisation,
  orderBody,
} from '../support/order-factories';
import { startTestPortal } from '../support/start-portal';
import { sessionCookie } from '../support/session-cookie';

/**
 * The portal-wide defects of issue 12, each as a person meets it: unknown addresses, the header
 * at 320 px, focus after a failed form, the menu on error pages, Danish dates, names instead of
 * ids, the wording of the capacity form, the footer and its two statements.
 */
jest.setTimeout(180_000);

const USERS = [
  demoUser('sagsbehandler-greve', 'caseworker', 'mun-253', 'Sara Greve'),
  // A name that already says role and organisation, as the demo users' do.
  demoUser('sagsbehandler-koege', 'caseworker', 'mun-259', 'Sagsbehandler, Køge Kommune'),
  demoUser('leverandoer-privat', 'supplier', 'cvr-11111111', 'Pia Privat'),
  demoUser('sekretariat', 'secretariat', 'secretariat', 'Sekretariatet'),
];
type Who = 'greve' | 'koege' | 'supplier' | 'secretariat';
const USER_OF: Record<Who, string> = {
  greve: 'sagsbehandler-greve',
  koege: 'sagsbehandler-koege',
  supplier: 'leverandoer-privat',
  secretariat: 'sekretariat',
};

let provider: LocalProvider;
let portal: OrderPortal;
let browser: Browser | undefined;
const session = {} as Record<Who, { cookie: string; csrf: string; token: string }>;
let orderId = '';
let requestId = '';

const web = () => request(portal.http.url);
const get = (who: Who, path: string) => web().get(path).set('cookie', session[who].cookie);
const post = (who: Who, path: string, form: Record<string, string>) =>
  web()
    .post(path)
    .set('cookie', session[who].cookie)
    .type('form')
    .send({ _csrf: session[who].csrf, ...form });
const bearer = (who: Who) => ({ authorization: `Bearer ${session[who].token}` });

/** The little of the browser's window these tests read (the tests have no DOM types). */
interface BrowserWindow {
  innerWidth: number;
  document: {
    activeElement: { id: string } | null;
    querySelector: (selector: string) => { scrollWidth: number } | null;
  };
}

/** The header of a page (the signed-in person and "Log ud"), without the main content. */
const headerOf = (html: string) => /<header[\s\S]*?<\/header>/.exec(html)?.[0] ?? '';

beforeAll(async () => {
  const prefix = uniqueName('op_defects');
  provider = await localProvider(prefix);
  portal = await startTestPortal(prefix, { verifier: provider.idp.verifier, env: provider.env });
  await provider.serve(portal, USERS);
  const db = portal.runtime.db;
  await makeMunicipalities(db, [253, 259, 265]);
  await makeOrganisation(db, { _id: 'cvr-11111111', kind: 'private', name: 'Omsorg ApS' });
  await makeOffer(db, 'public-1', { name: 'Bostedet Skovly' });
  await makeOffer(db, 'private-1', {
    name: 'Opholdsstedet Lyngen',
    operator: { kind: 'private', organisationId: 'cvr-11111111' },
  });
  for (const [who, userId] of Object.entries(USER_OF) as [Who, string][]) {
    const token = await provider.idp.issue(USERS.find((u) => u.userId === userId)!);
    const cookie = await sessionCookie(portal, token);
    const html = (await web().get('/').set('cookie', cookie)).text;
    const home = (await web().get('/privatliv').set('cookie', cookie)).text;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home || html)?.[1] ?? '';
    session[who] = { cookie, csrf, token };
  }
  // An order of Greve with a request to the private supplier.
  const order = await web().post('/api/orders').set(bearer('greve')).send(orderBody());
  expect(order.status).toBe(201);
  orderId = (order.body as { id: string }).id;
  expect((await web().post(`/api/orders/${orderId}/search`).set(bearer('greve'))).status).toBe(200);
  const sent = await web()
    .post(`/api/orders/${orderId}/requests`)
    .set(bearer('greve'))
    .send({ offerIds: ['private-1'] });
  expect(sent.status).toBe(201);
  requestId = (sent.body as { sent: { requestId: string }[] }).sent[0]!.requestId;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await provider?.close();
});

describe('unknown addresses and refusals', () => {
  it('When an unknown address is opened, then a Danish 404 page answers, not English problem+json; the API keeps problem+json', async () => {
    for (const path of ['/findes-ikke', '/bestillinger/x/y/z', '/leverandoer/noget']) {
      const res = await get('greve', path);
      expect([path, res.status, res.type]).toEqual([path, 404, 'text/html']);
      expect(res.text).toContain('<html lang="da">');
      expect(res.text).toContain('Siden findes ikke');
      expect(res.text).not.toMatch(/Not Found|No route/);
    }
    const anonymous = await web().get('/findes-ikke');
    expect([anonymous.status, anonymous.type]).toEqual([404, 'text/html']);
    const api = await web().get('/api/findes-ikke');
    expect([api.status, api.type]).toEqual([404, 'application/problem+json']);
  });

  it('When the browser asks for /favicon.ico, then it gets an icon', async () => {
    const res = await web().get('/favicon.ico').buffer(true);
    expect([res.status, res.type]).toEqual([200, 'image/x-icon']);
    expect((res.body as Buffer).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });

  it('When a form comes without its token, is too large, or a page is not for the role, then the answer is a Danish page', async () => {
    const forged = await web()
      .post('/bestillinger')
      .set('cookie', session.greve.cookie)
      .type('form')
      .send({ _csrf: 'forged', reference: 'x' });
    expect([forged.status, forged.type]).toEqual([403, 'text/html']);
    expect(forged.text).toContain('Formularen er udløbet');
    const large = await post('greve', '/bestillinger', { needs: 'x'.repeat(70_000) });
    expect([large.status, large.type]).toEqual([413, 'text/html']);
    expect(large.text).toContain('Formularen er for stor');
    const wrongRole = await get('supplier', `/bestillinger/${orderId}`);
    expect([wrongRole.status, wrongRole.type]).toEqual([403, 'text/html']);
    expect(wrongRole.text).toContain('Ingen adgang');
  });
});

describe('header, menu and footer', () => {
  it('When a person is signed in, then the header shows name, role and organisation once', async () => {
    const sara = headerOf((await get('greve', '/bestillinger')).text);
    expect(sara).toContain('Sara Greve, Sagsbehandler, Greve Kommune');
    const koege = headerOf((await get('koege', '/bestillinger')).text);
    expect(koege.match(/Sagsbehandler/g)).toHaveLength(1);
    expect(koege.match(/Køge Kommune/g)).toHaveLength(1);
  });

  it('When a form comes back with errors, then the menu marks the form’s own item; on an error page it marks none', async () => {
    const failed = await post('greve', '/bestillinger', {});
    expect(failed.status).toBe(400);
    expect(failed.text).toContain('<a href="/bestillinger/ny" aria-current="page">');
    expect(failed.text).not.toContain('<a href="/bestillinger" aria-current="page">');
    const missing = await get('greve', '/bestillinger/ord-aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(missing.status).toBe(404);
    expect(missing.text).not.toContain('aria-current');
  });

  it('When any page is shown, then its footer links the accessibility statement and the privacy notice, and no API documentation', async () => {
    const page = (await get('greve', '/bestillinger')).text;
    const footer = /<footer[\s\S]*<\/footer>/.exec(page)?.[0] ?? '';
    expect(footer).toContain('href="/tilgaengelighedserklaering"');
    expect(footer).toContain('href="/privatliv"');
    expect(page).not.toContain('href="/docs"');
    const statement = await web().get('/tilgaengelighedserklaering');
    expect(statement.status).toBe(200);
    expect(statement.text).toContain('Digitaliseringsstyrelsen');
    const privacy = await web().get('/privatliv');
    expect(privacy.status).toBe(200);
    expect(privacy.text).toMatch(/Adgangsloggen gemmes i \d+ dage/);
    expect(privacy.text).toContain('AES-256-GCM');
    expect(privacy.text).toContain('Datatilsynet');
  });
});

describe('forms speak the API schema in Danish', () => {
  it('When a start date is typed as dd.mm.åååå, then the order gets that date; an impossible date is refused in the same format', async () => {
    const form = (await get('greve', '/bestillinger/ny')).text;
    expect(form).toContain('Format: dd.mm.åååå');
    expect(form).not.toContain('ÅÅÅÅ-MM-DD');
    expect(form).not.toContain('type="date"');
    const fields = {
      reference: 'Borger D-1',
      age: '40',
      targetGroup: 'autisme',
      legalBasis: 'SEL § 108',
      needs: 'Struktur',
      goal1: 'Egen bolig',
      followUp1: 'Halvårligt',
      payingMunicipalityCode: '253',
    };
    const bad = await post('greve', '/bestillinger', { ...fields, wantedStart: '31.02.2027' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Skriv den ønskede startdato som dd.mm.åååå');
    expect(bad.text).toContain('value="31.02.2027"');
    const ok = await post('greve', '/bestillinger', { ...fields, wantedStart: '01.02.2027' });
    expect(ok.status).toBe(303);
    const id = /\/bestillinger\/(ord-[a-z]+)/.exec(String(ok.headers.location))![1]!;
    const stored = await web().get(`/api/orders/${id}`).set(bearer('greve'));
    expect((stored.body as { need: { wantedStart: string } }).need.wantedStart).toBe('2027-02-01');
    // The API refuses the same impossible date (one schema for both).
    const api = await web()
      .post('/api/orders')
      .set(bearer('greve'))
      .send(orderBody({ need: { wantedStart: '2027-02-31' } }));
    expect(api.status).toBe(400);
  });

  it('When the reference looks like a CPR number, then the form says so in Danish (the rule is the API schema’s)', async () => {
    const res = await post('greve', '/bestillinger', { reference: '010190-1234', age: '40' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Referencen må ikke være et CPR-nummer');
  });

  it('When a supplier declines, then the reason is not marked optional, and declining without one is refused', async () => {
    const page = await get('supplier', `/leverandoer/forespoergsler/${requestId}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toMatch(/Begrundelse for afslag \(valgfri\)/);
    expect(page.text).not.toMatch(/Døgnpris i kr\. \(valgfri\)/);
    const res = await post('supplier', `/leverandoer/forespoergsler/${requestId}/svar`, {
      kind: 'decline',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Skriv en begrundelse for afslaget');
  });

  it('When occupied and free places exceed the places in operation, then the message uses the form’s labels and marks both fields', async () => {
    const res = await post('supplier', '/leverandoer/tilbud/private-1/kapacitet', {
      placesInOperation: '10',
      occupied: '8',
      free: '5',
      waitingList: '0',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Optagne pladser og ledige pladser kan tilsammen ikke være flere');
    expect(res.text).not.toContain('Belagte');
    for (const id of ['occupied', 'free'])
      expect(res.text).toMatch(new RegExp(`id="${id}"[^>]*aria-invalid="true"`));
    expect(res.text).not.toMatch(/id="placesInOperation"[^>]*aria-invalid/);
  });
});

describe('names, not ids', () => {
  it('When the history is shown, then it names the person, and older entries their role and organisation, never the login id', async () => {
    // An entry recorded before names were kept: only the login id, role and organisation.
    await orderModel(portal.runtime.db).updateOne(
      { _id: orderId },
      {
        $push: {
          transitions: {
            from: 'requested',
            to: 'requested',
            event: 'reopen_search',
            at: new Date(),
            by: { userId: 'sagsbehandler-gammel', role: 'caseworker', organisationId: 'mun-253' },
          },
        },
      },
    );
    const html = (await get('greve', `/bestillinger/${orderId}`)).text;
    const history = /Bestillingens forløb[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(history).toContain('Sara Greve');
    expect(history).toContain('Sagsbehandler, Greve Kommune');
    expect(history).not.toMatch(/sagsbehandler-(greve|gammel)/);
  });

  it('When the report lists private choices, then it shows the offer’s name, not its id', async () => {
    const order = await web().post('/api/orders').set(bearer('greve')).send(orderBody());
    await orderModel(portal.runtime.db).updateOne(
      { _id: (order.body as { id: string }).id },
      {
        $set: {
          selection: {
            requestId: 'req-x',
            offerId: 'private-1',
            supplierOrganisationId: 'cvr-11111111',
            tier: 'private',
            dailyPriceOre: 200_000,
            at: new Date(),
            by: { userId: 'x', role: 'caseworker', organisationId: 'mun-253' },
            publicCapacityAvailable: true,
            privateReason: { code: 'special_competence', text: 'Særlig faglighed om natten' },
          },
        },
      },
    );
    const report = await get('secretariat', '/rapporter/bestillinger');
    const choices = /Begrundelser for valg af private tilbud[\s\S]*?<\/table>/.exec(
      report.text,
    )?.[0];
    expect(choices).toContain('Opholdsstedet Lyngen');
    expect(choices).not.toContain('private-1');
  });
});

describe('capacity confirmed in the future', () => {
  /** A moment as a Danish spreadsheet writes it, in Copenhagen time ("02-12-2026 12:31"). */
  const danish = (at: Date) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Copenhagen',
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      })
        .formatToParts(at)
        .map((x) => [x.type, x.value]),
    );
    return `${p.day}-${p.month}-${p.year} ${p.hour}:${p.minute}`;
  };

  it('When a capacity count is dated later today than now, then the import refuses it (it was no time-zone slip: the API took counts up to a day ahead)', async () => {
    await makeOffer(portal.runtime.db, 'tp-900501', { tilbudsportalenId: '900501' });
    const file = (at: Date) =>
      `Tilbudsportalen-id;Pladser i drift;Optagne pladser;Ledige pladser;Venteliste;Opgjort\r\n900501;10;8;2;0;${danish(at)}\r\n`;
    const send = (body: string) =>
      web()
        .post('/api/imports/capacity')
        .set(bearer('secretariat'))
        .set('content-type', 'text/csv')
        .send(Buffer.from(body));
    const ahead = await send(file(new Date(Date.now() + 60 * 60_000)));
    expect((ahead.body as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual([
      'IN_FUTURE',
    ]);
    const earlier = await send(file(new Date(Date.now() - 60 * 60_000)));
    expect([earlier.status, (earlier.body as { errors: unknown[] }).errors]).toEqual([200, []]);
  });
});

describe('in Chromium', () => {
  const signIn = async (page: Page, userId: string) => {
    await page.goto(`${portal.http.url}/log-ind`);
    await page.getByRole('main').getByRole('link', { name: 'Log ind' }).click();
    await page.waitForURL((u) => u.pathname === '/authorize');
    await page.getByLabel('Brugernavn').fill(userId);
    await page.getByLabel('Adgangskode').fill('demo');
    await Promise.all([
      page.waitForURL(
        (u) => u.port === new URL(portal.http.url).port && u.pathname !== '/log-ind/callback',
      ),
      page.getByRole('button', { name: 'Log ind' }).click(),
    ]);
  };

  it('When the screen is 320 px wide (or the page zoomed to 200 %), then the person and "Log ud" are shown, and signing out works', async () => {
    for (const width of [320, 640]) {
      const context = await browser!.newContext({
        viewport: { width, height: 700 },
        locale: 'da-DK',
      });
      const page = await context.newPage();
      await signIn(page, 'sagsbehandler-greve');
      const who = page.locator('.portal-account-who');
      await who.waitFor();
      expect(await who.isVisible()).toBe(true);
      expect(await who.innerText()).toContain('Sara Greve');
      const signOut = page.getByRole('button', { name: 'Log ud' });
      expect(await signOut.isVisible()).toBe(true);
      const box = await signOut.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(width);
      // The header is as wide as the window: nothing to scroll to sideways.
      const overflow = await page.evaluate(() => {
        const w = globalThis as unknown as BrowserWindow;
        return w.document.querySelector('header')!.scrollWidth - w.innerWidth;
      });
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await axeViolations(page, `smal-${width}`)).toEqual([]);
      await signOut.click();
      await page.waitForURL((u) => u.pathname === '/');
      await page.goto(`${portal.http.url}/bestillinger`);
      expect(new URL(page.url()).pathname).toBe('/log-ind');
      await context.close();
    }
  });

  it('When a form is sent with errors, then focus lands on the error summary', async () => {
    const context = await browser!.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'da-DK',
    });
    const page = await context.newPage();
    await signIn(page, 'sagsbehandler-greve');
    await page.goto(`${portal.http.url}/bestillinger/ny`);
    await page.getByRole('button', { name: 'Opret bestilling' }).click();
    await page.locator('#error-summary').waitFor();
    const focused = () => (globalThis as unknown as BrowserWindow).document.activeElement?.id ?? '';
    await page.waitForFunction(focused);
    expect(await page.evaluate(focused)).toBe('error-summary');
    await context.close();
  });

  it('When the statements and the 404 page are opened, then they pass axe', async () => {
    const context = await browser!.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'da-DK',
    });
    const page = await context.newPage();
    const violations: string[] = [];
    for (const [name, path] of [
      ['tilgaengelighedserklaering', '/tilgaengelighedserklaering'],
      ['privatliv', '/privatliv'],
      ['findes-ikke', '/findes-ikke'],
    ] as const) {
      await page.goto(portal.http.url + path);
      violations.push(...(await axeViolations(page, name)));
    }
    expect(violations).toEqual([]);
    await context.close();
  });
});
