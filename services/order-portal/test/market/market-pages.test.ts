import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { uniqueName } from '@rammeaftale/testing';
import { DEMO_OFFER_COUNT, DEMO_SEED } from '../../src/demo/demo-files';
import { generateDataset } from '../../src/demo/generate';
import { seedDemoData } from '../../src/demo/seed';
import { axeViolations, launchChromium, signInThroughProvider } from '../support/browser';
import { demoUser, localProvider, type LocalProvider } from '../support/local-provider';
import { startTestPortal, type TestPortal } from '../support/start-portal';
import { sessionCookie } from '../support/session-cookie';

/**
 * The secretariat's market data pages over the demo registry: the figures with their tables and
 * CSV, the filter, who may see them, and the journey in Chromium with axe on every page.
 */
jest.setTimeout(240_000);

const USERS = [
  demoUser('sekretariat', 'secretariat', 'secretariat', 'Sekretariatet'),
  demoUser('sagsbehandler-greve', 'caseworker', 'mun-253', 'Sara Greve'),
];

let provider: LocalProvider;
let portal: TestPortal;
let browser: Browser | undefined;
let anchorDate = '';
const cookie: Record<string, string> = {};

const get = (userId: string, path: string) =>
  request(portal.http.url).get(path).set('cookie', cookie[userId]!);

beforeAll(async () => {
  const prefix = uniqueName('op_market');
  provider = await localProvider(prefix);
  portal = await startTestPortal(prefix, { verifier: provider.idp.verifier, env: provider.env });
  await provider.serve(portal, USERS);
  anchorDate = (await seedDemoData(portal.runtime.db, portal.log.logger)).anchorDate;
  for (const u of USERS)
    cookie[u.userId] = await sessionCookie(portal, await provider.idp.issue(u));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await provider?.close();
});

/** The demo tariffs' own figures: which offers rose above the 4 % P/L in both 2025 and 2026. */
function demoWarnings(): number {
  const data = generateDataset({ seed: DEMO_SEED, offers: DEMO_OFFER_COUNT, anchorDate });
  const ore = (text: string) => Math.round(Number(text.replace(/\./g, '').replace(',', '.')) * 100);
  const byOffer = new Map<string, Map<string, number>>();
  for (const t of data.tariffs) {
    if (t.service !== 'Døgnophold') continue;
    const years = byOffer.get(t.tilbudsportalenId!) ?? new Map<string, number>();
    years.set(t.validFrom!.slice(-4), ore(t.dailyBasis!));
    byOffer.set(t.tilbudsportalenId!, years);
  }
  let warnings = 0;
  for (const y of byOffer.values()) {
    const [a, b, c] = ['2024', '2025', '2026'].map((k) => y.get(k)!);
    if (b! * 100 > a! * 104 && c! * 100 > b! * 104) warnings++;
  }
  return warnings;
}

describe('market data pages', () => {
  it('When the secretariat opens capacity and prices, then each figure is an image with its numbers as a table and CSV, and the early warnings are the offers rising above P/L year after year', async () => {
    const capacity = await get('sekretariat', '/markedsdata/kapacitet');
    expect(capacity.status).toBe(200);
    for (const id of ['belaegning', 'ledige-og-venteliste', 'maalgrupper'])
      expect(capacity.text).toContain(`id="${id}"`);
    expect(capacity.text.match(/<svg role="img"/g)).toHaveLength(3);
    expect(capacity.text).not.toMatch(/<script/);

    const csv = await get(
      'sekretariat',
      '/markedsdata/kapacitet.csv?figur=maalgrupper&fra=2024&til=2026',
    );
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe(
      '\uFEFFMålgruppe;Tilbud;Pladser i drift;Belagte;Ledige;Venteliste;Belægning (%)',
    );

    const prices = await get('sekretariat', '/markedsdata/priser?fra=2024&til=2026');
    expect(prices.status).toBe(200);
    const expected = demoWarnings();
    expect(expected).toBeGreaterThan(0);
    expect(prices.text).toContain(`Tilbud med tidlig varsling (${expected})`);
    const all = await get('sekretariat', '/markedsdata/priser.csv?figur=tilbud&fra=2024&til=2026');
    const lines = all.text.trim().split('\r\n');
    expect(lines).toHaveLength(1 + DEMO_OFFER_COUNT);
    expect(lines.filter((l) => l.endsWith(';Ja'))).toHaveLength(expected);
  });

  it('When one municipality and target group are chosen, then only their offers count; an unknown value is refused in Danish', async () => {
    const whole = await get('sekretariat', '/markedsdata/kapacitet');
    const some = await get('sekretariat', '/markedsdata/kapacitet?kommune=253&maalgruppe=autisme');
    const offers = (html: string) => Number(/<p>(\d+) tilbud i udsnittet\.<\/p>/.exec(html)?.[1]);
    expect(offers(some.text)).toBeLessThan(offers(whole.text));
    expect(some.text).toContain('i Greve Kommune, målgruppen Autisme');
    const bad = await get('sekretariat', '/markedsdata/kapacitet?kommune=101');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/html/);
  });

  it('When a case worker opens market data, then the Danish 403 page answers', async () => {
    for (const path of [
      '/markedsdata',
      '/markedsdata/kapacitet',
      '/markedsdata/priser.csv?figur=tilbud',
    ]) {
      const res = await get('sagsbehandler-greve', path);
      expect(res.status).toBe(403);
      expect(res.text).not.toContain('tidlig varsling (');
    }
  });
});

const signIn = (page: Page, userId: string, password?: string) =>
  signInThroughProvider(page, portal.http.url, userId, password);

describe('market data in Chromium', () => {
  it('When the secretariat goes from the menu through every market data page and filters, then every page passes axe', async () => {
    const context = await browser!.newContext({
      baseURL: portal.http.url,
      viewport: { width: 1280, height: 900 },
      locale: 'da-DK',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const csp: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
    });
    await signIn(page, 'sekretariat');
    await page
      .getByRole('navigation', { name: 'Hovedmenu' })
      .getByRole('link', { name: 'Markedsdata' })
      .click();
    expect(await axeViolations(page, 'sekretariat-markedsdata', true)).toEqual([]);
    for (const [link, name] of [
      ['Kapacitet', 'sekretariat-markedsdata-kapacitet'],
      ['Prisudvikling', 'sekretariat-markedsdata-priser'],
    ] as const) {
      await page.getByRole('main').getByRole('link', { name: link, exact: true }).first().click();
      await page.getByRole('img').first().waitFor();
      expect(await axeViolations(page, name, true)).toEqual([]);
    }
    await page.getByLabel('Målgruppe').selectOption('autisme');
    await page.getByRole('button', { name: 'Vis' }).click();
    await page.waitForURL((u) => u.searchParams.get('maalgruppe') === 'autisme');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Prisudvikling mod P/L',
    );
    expect(await axeViolations(page, 'sekretariat-markedsdata-priser-filter')).toEqual([]);
    expect(csp).toEqual([]);
    await context.close();
  });
});
