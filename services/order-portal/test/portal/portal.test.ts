import type { Browser, BrowserContext, Page } from 'playwright-core';
import { uniqueName } from '@rammeaftale/testing';
import type { OrderPortal } from '../../src/start';
import {
  axeViolations,
  launchChromium,
  browserSession,
  signInThroughProvider,
} from '../support/browser';
import { startTestPortal } from '../support/start-portal';
import { makeOffer, makeOrganisation } from '../support/order-factories';
import { demoUser, localProvider, type LocalProvider } from '../support/local-provider';

/**
 * The portal's journeys in a real browser: Debian's Chromium driven by playwright-core, against
 * the real order portal on a real database. Every page is scanned with axe-core (WCAG 2.1 A/AA);
 * serious or critical violations fail the test. Screenshots of the main pages go to docs/screenshots.
 */
jest.setTimeout(180_000);

const USERS = [
  demoUser('sagsbehandler-greve', 'caseworker', 'mun-253', 'Sara Greve'),
  demoUser('sagsbehandler-koege', 'caseworker', 'mun-259', 'Karl Køge'),
  demoUser('leverandoer-privat', 'supplier', 'cvr-11111111', 'Pia Privat'),
  demoUser('leverandoer-roskilde', 'supplier', 'mun-265', 'Rasmus Roskilde'),
  demoUser('sekretariat', 'secretariat', 'secretariat', 'Sekretariatet'),
  demoUser('driftsoperatoer', 'operator', 'operator', 'Drift'),
];

let provider: LocalProvider;
let portal: OrderPortal;
let browser: Browser;
const cspViolations: string[] = [];

beforeAll(async () => {
  const prefix = uniqueName('op_portal');
  // The sign-in runs for real: the portal's OIDC client against the local provider on its own port.
  provider = await localProvider(prefix);
  portal = await startTestPortal(prefix, { verifier: provider.idp.verifier, env: provider.env });
  await provider.serve(portal, USERS);
  const db = portal.runtime.db;
  for (const [code, name] of [
    [253, 'Greve'],
    [259, 'Køge'],
    [265, 'Roskilde'],
  ] as const)
    await makeOrganisation(db, {
      _id: `mun-${code}`,
      kind: 'municipality',
      name: `${name} Kommune`,
      municipalityCode: code,
    });
  await makeOrganisation(db, {
    _id: 'cvr-11111111',
    kind: 'private',
    name: 'Omsorg ApS',
    cvr: '11111111',
  });
  await makeOffer(db, 'public-1', {
    name: 'Bostedet Skovly',
    operator: { kind: 'municipal', organisationId: 'mun-265' },
    dailyOre: 300_000,
  });
  await makeOffer(db, 'private-1', {
    name: 'Opholdsstedet Lyngen',
    operator: { kind: 'private', organisationId: 'cvr-11111111' },
    dailyOre: 200_000,
  });
  await makeOffer(db, 'private-stale', {
    name: 'Bocentret Engen',
    operator: { kind: 'private', organisationId: 'cvr-11111111' },
    confirmedAt: new Date(Date.now() - 40 * 86_400_000),
  });
  await makeOffer(db, 'children-only', { name: 'Ungehjemmet Toppen', ageMin: 0, ageMax: 17 });

  // An open order of Køge in the same target group, for the shared-offer check.
  const koege = await provider.idp.issue(USERS.find((u) => u.userId === 'sagsbehandler-koege')!);
  const res = await fetch(`${portal.http.url}/api/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${koege}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      payingMunicipalityCode: 259,
      citizen: { reference: 'Køge-borger 9', age: 34 },
      need: {
        targetGroup: 'autisme',
        legalBasis: 'SEL § 108',
        wantedStart: '2027-02-01',
        needs: 'Struktur og døgndækning',
      },
      goals: [{ goal: 'Egen bolig', followUp: 'Halvårlig opfølgning' }],
    }),
  });
  expect(res.status).toBe(201);
  // Opened for sharing once its search has started (a draft is Køge's own).
  const { id } = (await res.json()) as { id: string };
  const search = await fetch(`${portal.http.url}/api/orders/${id}/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${koege}` },
  });
  expect(search.status).toBe(200);

  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await provider?.close();
});

async function session(): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await browserSession(browser, portal.http.url);
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return { context, page };
}

const signIn = (page: Page, userId: string, password?: string) =>
  signInThroughProvider(page, portal.http.url, userId, password);

/** axe-core on the current page: no serious or critical WCAG 2.1 A/AA violations. */
async function scan(page: Page, name: string, screenshot = false): Promise<void> {
  expect(await axeViolations(page, name, screenshot)).toEqual([]);
}

describe('portal journeys in Chromium', () => {
  it('When a case worker orders, a supplier answers and the case worker picks a private offer over a free public place, then a reason is asked for and recorded — every page passes axe', async () => {
    const started = Date.now();
    // ---- Sign-in page and front page ----
    const cw = await session();
    await cw.page.goto('/');
    await scan(cw.page, 'forside');
    await cw.page.goto('/log-ind');
    await scan(cw.page, 'log-ind', true);

    // ---- Case worker: create an order ----
    await signIn(cw.page, 'sagsbehandler-greve');
    expect(new URL(cw.page.url()).pathname).toBe('/bestillinger');
    // Chromium keeps the `__Host-` cookie (Secure) on http://127.0.0.1, a potentially trustworthy origin.
    const cookie = (await cw.context.cookies()).find((c) => c.name === '__Host-rs_session');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(await cw.page.getByRole('heading', { level: 1 }).innerText()).toBe('Mine bestillinger');
    await cw.page.getByRole('link', { name: 'Ny bestilling' }).first().click();
    await scan(cw.page, 'ny-bestilling', true);

    await cw.page.getByRole('button', { name: 'Opret bestilling' }).click();
    const summary = cw.page.locator('#error-summary');
    await summary.waitFor();
    expect(
      await summary.getByRole('link', { name: /Skriv borgerens reference/ }).getAttribute('href'),
    ).toBe('#reference');
    await scan(cw.page, 'ny-bestilling-fejl', true);

    await cw.page.getByLabel('Borgerens reference').fill('Borger P-1');
    await cw.page.getByLabel('Alder').fill('30');
    await cw.page.getByLabel('Målgruppe').selectOption('autisme');
    await cw.page.getByLabel('Lovgrundlag').selectOption('SEL § 108');
    await cw.page.getByLabel('Ønsket startdato').fill('2027-01-01');
    await cw.page.getByLabel('Borgerens behov').fill('Døgndækning og struktur i hverdagen');
    await cw.page.getByLabel('Medicinhåndtering').first().check();
    await cw.page.getByLabel('Mål 1', { exact: true }).fill('Selvstændig morgenrutine');
    await cw.page.getByLabel('Opfølgning på mål 1').fill('Opfølgning hver 3. måned');
    await cw.page.getByRole('button', { name: 'Opret bestilling' }).click();
    await cw.page.getByText('Bestillingen er oprettet som kladde').waitFor();
    const orderPath = new URL(cw.page.url()).pathname;
    expect(orderPath).toMatch(/^\/bestillinger\/ord-[a-z]{24}$/);

    // ---- Search: public before private, reasons, stale capacity flagged ----
    await cw.page.getByRole('button', { name: 'Søg pladser' }).click();
    await cw.page.waitForURL(/\/soegning$/);
    expect(new URL(cw.page.url()).pathname).toBe(`${orderPath}/soegning`);
    const rows = cw.page.locator('table caption:has-text("Egnede tilbud") >> xpath=.. >> tbody tr');
    expect(await rows.count()).toBe(3);
    // A compact row: competences met, km from Greve, quality unknown (the offers have none).
    expect(await rows.nth(0).innerText()).toMatch(
      /Bostedet Skovly[\s\S]*Offentlig[\s\S]*0 af 1[\s\S]*1\d km[\s\S]*ukendt/,
    );
    expect(await rows.nth(1).innerText()).toMatch(/Opholdsstedet Lyngen[\s\S]*Privat/);
    expect(await rows.nth(2).innerText()).toMatch(/Bocentret Engen[\s\S]*Ikke bekræftet/);
    // The reasons for a rank are behind a disclosure, in words.
    await rows.nth(0).getByText('Begrundelse').click();
    expect(await rows.nth(0).innerText()).toMatch(
      /Har ingen af de 1 ønskede kompetencer \(mangler: Medicinhåndtering\)[\s\S]*Offentligt tilbud[\s\S]*km fra Greve[\s\S]*Kvalitet ukendt \(tæller hverken op eller ned\)/,
    );
    await scan(cw.page, 'soegeresultat', true);
    // Filters are the page's address: private offers only, then back to all.
    await cw.page.getByText('Afgræns og sortér').click();
    await cw.page.getByLabel('Driftsherre').selectOption('privat');
    await cw.page.getByLabel('Sortér efter').selectOption('pris');
    await cw.page.getByRole('button', { name: 'Vis', exact: true }).click();
    await cw.page.waitForURL(/driftsherre=privat/);
    expect(await cw.page.getByText('Viser 2 af 3 egnede tilbud').count()).toBe(1);
    expect(await rows.nth(0).innerText()).toMatch(/Opholdsstedet Lyngen/);
    await scan(cw.page, 'soegeresultat-filter');
    await cw.page.getByRole('link', { name: 'Nulstil' }).click();
    await cw.page.getByText('Viser 3 af 3 egnede tilbud').waitFor();
    await cw.page.getByRole('button', { name: 'Send til alle egnede' }).click();
    await cw.page.getByText('Forespørgslerne er sendt').waitFor();
    expect(await cw.page.locator('tbody tr', { hasText: 'Afventer svar' }).count()).toBe(3);

    // ---- Shared-offer check: Køge's open order is shown without its citizen ----
    await cw.page.getByRole('link', { name: 'Tjek for fælles tilbud' }).click();
    await cw.page.getByRole('rowheader', { name: 'Køge Kommune' }).waitFor();
    expect(await cw.page.content()).not.toContain('Køge-borger 9');
    await scan(cw.page, 'faelles-tilbud', true);
    await cw.page.getByLabel('Ingen af de åbne bestillinger passer').check();
    await cw.page.getByRole('button', { name: 'Registrér tjek' }).click();
    await cw.page.getByText('Tjekket for fælles tilbud er registreret').waitFor();

    // ---- Supplier: anonymised request, answer with a Danish amount ----
    const sup = await session();
    await signIn(sup.page, 'leverandoer-privat');
    expect(new URL(sup.page.url()).pathname).toBe('/leverandoer/forespoergsler');
    expect(await sup.page.content()).not.toContain('Borger P-1');
    await scan(sup.page, 'leverandoer-forespoergsler', true);
    await sup.page.getByRole('link', { name: 'Opholdsstedet Lyngen' }).click();
    expect(await sup.page.content()).not.toContain('Borger P-1');
    await sup.page.getByLabel('Vi kan tilbyde en plads').check();
    await sup.page.getByLabel('Døgnpris i kr.').fill('to tusind');
    await sup.page.getByRole('button', { name: 'Send svar' }).click();
    expect(await sup.page.locator('#error-summary').innerText()).toContain(
      'Skriv døgnprisen i kroner',
    );
    await scan(sup.page, 'leverandoer-svar-fejl', true);
    await sup.page.getByLabel('Døgnpris i kr.').fill('2.345,50');
    await sup.page.getByLabel('Mulig startdato').fill('2027-01-15');
    await sup.page.getByLabel('Betingelser').fill('Indskrivningsmøde først');
    await sup.page.getByRole('button', { name: 'Send svar' }).click();
    await sup.page.getByText('Svaret er sendt til kommunen').waitFor();
    await sup.page.getByText('2.345,50 kr. pr. døgn').waitFor();

    // ---- Supplier: my offers, capacity update ----
    await sup.page.getByRole('link', { name: 'Mine tilbud' }).click();
    await scan(sup.page, 'leverandoer-tilbud', true);
    await sup.page.getByRole('link', { name: /Opdatér kapacitet for Bocentret Engen/ }).click();
    await scan(sup.page, 'leverandoer-kapacitet');
    await sup.page.getByLabel('Ledige pladser').fill('20');
    await sup.page.getByRole('button', { name: 'Gem og bekræft kapacitet' }).click();
    expect(await sup.page.locator('#error-summary').innerText()).toContain('ledige pladser');
    await sup.page.getByLabel('Ledige pladser').fill('3');
    await sup.page.getByLabel('Optagne pladser').fill('7');
    await sup.page.getByRole('button', { name: 'Gem og bekræft kapacitet' }).click();
    await sup.page.getByText('Kapaciteten er opdateret').waitFor();
    expect(
      await sup.page
        .locator('tr', { hasText: 'Bocentret Engen' })
        .getByText('Ikke bekræftet')
        .count(),
    ).toBe(0);

    // ---- Case worker: compare answers, select private, reason required ----
    await cw.page.goto(orderPath);
    expect(await cw.page.locator('tr', { hasText: 'Opholdsstedet Lyngen' }).innerText()).toContain(
      '2.345,50 kr.',
    );
    await cw.page.getByLabel(/Opholdsstedet Lyngen – privat/).check();
    await cw.page.getByRole('button', { name: 'Vælg tilbud' }).click();
    const errors = cw.page.locator('#error-summary');
    expect(await errors.innerText()).toContain('Vælg en begrundelse');
    expect(await errors.getByRole('link').first().getAttribute('href')).toBe('#privateReasonCode');
    await scan(cw.page, 'valg-begrundelse-kraeves', true);
    await cw.page.getByLabel(/Opholdsstedet Lyngen – privat/).check();
    await cw.page.getByLabel('Begrundelse', { exact: true }).selectOption('special_competence');
    await cw.page.getByLabel('Uddybning').fill('Kræver særlig autismefaglighed om natten');
    await cw.page.getByRole('button', { name: 'Vælg tilbud' }).click();
    await cw.page.getByText('Tilbuddet er valgt').waitFor();
    await cw.page.getByText('Særlige faglige kompetencer').first().waitFor();
    const history = cw.page.locator('table', { hasText: 'Bestillingens forløb' });
    expect(await history.innerText()).toMatch(
      /Søgning startet[\s\S]*Forespørgsler sendt[\s\S]*Tilbud modtaget[\s\S]*Tilbud valgt/,
    );
    await scan(cw.page, 'bestilling', true);
    await cw.page.getByRole('link', { name: 'Mine bestillinger', exact: true }).click();
    await cw.page.waitForURL(/\/bestillinger$/);
    await scan(cw.page, 'mine-bestillinger', true);

    // ---- Secretariat: the report with the private choice and its reason, CSV download ----
    const sek = await session();
    await signIn(sek.page, 'sekretariat');
    expect(new URL(sek.page.url()).pathname).toBe('/rapporter/bestillinger');
    await sek.page.getByRole('rowheader', { name: 'Greve' }).waitFor();
    await sek.page.getByText('Kræver særlig autismefaglighed om natten').waitFor();
    await scan(sek.page, 'rapport', true);
    const csv = await sek.context.request.get('/api/reports/orders?format=csv');
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('Greve;253');

    // ---- Operator ----
    const op = await session();
    await signIn(op.page, 'driftsoperatoer');
    expect(new URL(op.page.url()).pathname).toBe('/drift');
    await scan(op.page, 'drift');

    // ---- Sign-out ends the session ----
    await op.page.getByRole('button', { name: 'Log ud' }).click();
    await op.page.goto('/drift');
    expect(new URL(op.page.url()).pathname).toBe('/log-ind');

    expect(cspViolations).toEqual([]);
    for (const s of [cw, sup, sek, op]) await s.context.close();
    console.log(`portal journey in Chromium: ${Date.now() - started} ms`);
  });

  it('When a form is posted without its CSRF token, or a supplier opens a case-worker page, then it is refused', async () => {
    const s = await session();
    await signIn(s.page, 'leverandoer-privat');
    const noToken = await s.context.request.post('/log-ud', { form: { x: '1' }, maxRedirects: 0 });
    expect(noToken.status()).toBe(403);
    const wrong = await s.context.request.post('/leverandoer/tilbud/private-1/kapacitet', {
      form: { _csrf: 'forged', placesInOperation: '1', occupied: '1', free: '0', waitingList: '0' },
      maxRedirects: 0,
    });
    expect(wrong.status()).toBe(403);
    const page = await s.context.request.get('/bestillinger');
    expect(page.status()).toBe(403);
    expect(await page.text()).toContain('Ingen adgang');
    // Signed out: pages redirect to sign-in, the API answers 401.
    const anon = await browser.newContext({ baseURL: portal.http.url });
    const redirect = await anon.request.get('/bestillinger', { maxRedirects: 0 });
    expect(redirect.status()).toBe(303);
    expect(redirect.headers().location).toMatch(/^\/log-ind\?til=/);
    await anon.close();
    await s.context.close();
  });
});
