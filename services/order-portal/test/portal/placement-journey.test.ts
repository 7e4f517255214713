import type { Browser, Page } from 'playwright-core';
import { uniqueName } from '@rammeaftale/testing';
import {
  axeViolations,
  launchChromium,
  browserSession,
  signInThroughProvider,
} from '../support/browser';
import { demoUser, localProvider, type LocalProvider } from '../support/local-provider';
import { makeMunicipalities, makeOrganisation, orderBody } from '../support/order-factories';
import { orderAt } from '../support/placed-order';
import { startTestPortal, type TestPortal } from '../support/start-portal';

/**
 * The placement's pages in a real browser (Chromium, axe on every page): the lists with their
 * search and count, the placement's start, a follow-up meeting with its error summary, the
 * supplier's view of it and its report, and the placement's end.
 */
jest.setTimeout(180_000);

const USERS = [
  demoUser('sagsbehandler-greve', 'caseworker', 'mun-253', 'Sara Greve'),
  demoUser('leverandoer-privat', 'supplier', 'cvr-11111111', 'Pia Privat'),
];
const REFERENCE = 'Borger F-3';
const NOTES = 'Morgenrutinen går bedre med piktogrammer';

let provider: LocalProvider;
let portal: TestPortal;
let browser: Browser;
let orderId = '';
let requestId = '';

const today = () =>
  new Date()
    .toLocaleDateString('da-DK', {
      timeZone: 'Europe/Copenhagen',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    })
    .replace(/-/g, '.');

beforeAll(async () => {
  const prefix = uniqueName('op_placement_journey');
  provider = await localProvider(prefix);
  portal = await startTestPortal(prefix, { verifier: provider.idp.verifier, env: provider.env });
  await provider.serve(portal, USERS);
  const db = portal.runtime.db;
  await makeMunicipalities(db, [253]);
  await makeOrganisation(db, {
    _id: 'cvr-11111111',
    kind: 'private',
    name: 'Omsorg ApS',
    cvr: '11111111',
  });
  const token = await provider.idp.issue(USERS[0]!);
  for (const reference of [REFERENCE, 'Borger X-8']) {
    const res = await fetch(`${portal.http.url}/api/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(
        orderBody({
          citizen: { reference, cpr: undefined },
          goals: [
            { goal: 'Selvstændig morgenrutine', followUp: 'Hver 3. måned' },
            { goal: 'Deltage i dagtilbud', followUp: 'Hver 3. måned' },
          ],
        }),
      ),
    });
    expect(res.status).toBe(201);
    if (reference === REFERENCE) orderId = ((await res.json()) as { id: string }).id;
  }
  requestId = await orderAt(db, orderId, 'contracted');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await provider?.close();
});

const session = () => browserSession(browser, portal.http.url);

const signIn = (page: Page, userId: string, password?: string) =>
  signInThroughProvider(page, portal.http.url, userId, password);

const scan = async (page: Page, name: string) =>
  expect(await axeViolations(page, name, false)).toEqual([]);

describe('the placement in Chromium', () => {
  it('When a case worker starts a placement, records a follow-up, the supplier reports and the placement ends, then every page passes axe', async () => {
    // ---- Case worker: the list, searched ----
    const cw = await session();
    await signIn(cw.page, 'sagsbehandler-greve');
    await cw.page.getByText('2 bestillinger', { exact: true }).waitFor();
    await cw.page.getByLabel('Borgerens reference indeholder').fill('f-3');
    await cw.page.getByRole('button', { name: 'Søg', exact: true }).click();
    await cw.page.waitForURL(/q=f-3/);
    await cw.page.getByText('1 bestilling matcher').waitFor();
    await scan(cw.page, 'mine-bestillinger-soegning');
    await cw.page.getByRole('link', { name: REFERENCE }).click();

    // ---- The order: its contract, everything entered, the placement's start ----
    expect(await cw.page.getByRole('link', { name: 'Se kontrakten' }).getAttribute('href')).toBe(
      `/kontrakter/c-${orderId}`,
    );
    await cw.page.getByText('Forventet varighed').waitFor();
    await scan(cw.page, 'bestilling-kontrakt');
    await cw.page.getByLabel('Anbringelsen startede').fill('31.12.2099');
    await cw.page.getByRole('button', { name: 'Registrér start' }).click();
    expect(await cw.page.locator('#error-summary').innerText()).toContain(
      'Startdatoen kan ikke ligge efter i dag',
    );
    await scan(cw.page, 'bestilling-start-fejl');
    await cw.page.getByLabel('Anbringelsen startede').fill(today());
    await cw.page.getByRole('button', { name: 'Registrér start' }).click();
    await cw.page.getByText('Anbringelsens start er registreret').waitFor();

    // ---- A follow-up meeting ----
    await cw.page.getByRole('link', { name: 'Registrér opfølgningsmøde' }).click();
    await scan(cw.page, 'opfoelgning');
    await cw.page.getByRole('button', { name: 'Gem opfølgningen' }).click();
    const summary = cw.page.locator('#error-summary');
    expect(await summary.innerText()).toContain('Vælg en status for målet');
    expect(await summary.getByRole('link').first().getAttribute('href')).toBe('#heldOn');
    await scan(cw.page, 'opfoelgning-fejl');
    await cw.page.getByLabel('Mødet blev holdt').fill(today());
    await cw.page.getByLabel('Selvstændig morgenrutine').selectOption('in_progress');
    await cw.page.getByLabel('Deltage i dagtilbud').selectOption('reached');
    await cw.page.getByLabel('Noter fra mødet').fill(NOTES);
    await cw.page.getByLabel('Næste opfølgning senest').fill('01.01.2099');
    await cw.page.getByRole('button', { name: 'Gem opfølgningen' }).click();
    await cw.page.getByText('Opfølgningsmødet er registreret').waitFor();
    expect(await cw.page.locator('table', { hasText: 'Opfølgningsmøder' }).innerText()).toMatch(
      /Selvstændig morgenrutine: I gang[\s\S]*Deltage i dagtilbud: Nået/,
    );
    await scan(cw.page, 'bestilling-opfoelgning');

    // ---- Supplier: its requests, filtered; the follow-up and its report ----
    const sup = await session();
    await signIn(sup.page, 'leverandoer-privat');
    await sup.page.getByLabel('Status').selectOption('selected');
    await sup.page.getByRole('button', { name: 'Søg', exact: true }).click();
    await sup.page.getByText('1 forespørgsel matcher').waitFor();
    await scan(sup.page, 'leverandoer-forespoergsler-filter');
    await sup.page.goto(`/leverandoer/forespoergsler/${requestId}`);
    await sup.page.getByRole('link', { name: 'Se opfølgningen og giv jeres rapport' }).click();
    await sup.page.getByText(NOTES).waitFor();
    expect(await sup.page.content()).not.toContain(REFERENCE);
    await scan(sup.page, 'leverandoer-opfoelgning');
    await sup.page.getByRole('button', { name: 'Gem rapporten' }).click();
    expect(await sup.page.locator('#error-summary').innerText()).toContain('Skriv jeres rapport');
    await sup.page.getByLabel('Rapport').fill('Vi øver morgenrutinen hver dag');
    await sup.page.getByRole('button', { name: 'Gem rapporten' }).click();
    await sup.page.getByText('Jeres rapport er gemt').waitFor();

    // ---- Case worker: the report shows; the placement ends ----
    await cw.page.goto(`/bestillinger/${orderId}`);
    await cw.page.getByText('Vi øver morgenrutinen hver dag').waitFor();
    await cw.page.getByRole('button', { name: 'Registrér ophør' }).click();
    expect(await cw.page.locator('#error-summary').innerText()).toContain(
      'Skriv årsagen til, at anbringelsen ophører',
    );
    await scan(cw.page, 'bestilling-ophoer-fejl');
    await cw.page.getByLabel('Anbringelsens sidste dag').fill(today());
    await cw.page.getByLabel('Årsag til ophøret').fill('Borgeren flytter i egen bolig');
    await cw.page.getByRole('button', { name: 'Registrér ophør' }).click();
    await cw.page.getByText('Bestillingen er afsluttet').first().waitFor();
    await scan(cw.page, 'bestilling-afsluttet');
    for (const s of [cw, sup]) await s.context.close();
  });
});
