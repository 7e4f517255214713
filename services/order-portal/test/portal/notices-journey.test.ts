import type { Browser, Page } from 'playwright-core';
import { uniqueName } from '@rammeaftale/testing';
import {
  axeViolations,
  launchChromium,
  browserSession,
  signInThroughProvider,
} from '../support/browser';
import { demoUser, localProvider, type LocalProvider } from '../support/local-provider';
import {
  makeMunicipalities,
  makeOffer,
  makeOrganisation,
  orderBody,
} from '../support/order-factories';
import { startTestPortal, type TestPortal } from '../support/start-portal';

/**
 * "Beskeder" in a real browser (Chromium, axe on every page): the supplier sees the count of a new
 * request in the header, opens the list, marks the notice as read and follows it to the request;
 * the case worker is told of the answer and follows it to the order.
 */
jest.setTimeout(180_000);

const USERS = [
  demoUser('sagsbehandler-greve', 'caseworker', 'mun-253', 'Sara Greve'),
  demoUser('leverandoer-privat', 'supplier', 'cvr-11111111', 'Pia Privat'),
];

let provider: LocalProvider;
let portal: TestPortal;
let browser: Browser;
let orderId = '';
let requestId = '';

async function call(userIndex: number, path: string, body: object): Promise<unknown> {
  const token = await provider.idp.issue(USERS[userIndex]!);
  const res = await fetch(`${portal.http.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

beforeAll(async () => {
  const prefix = uniqueName('op_notices_journey');
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
  await makeOffer(db, 'private-1', {
    operator: { kind: 'private', organisationId: 'cvr-11111111' },
  });
  const created = (await call(0, '/api/orders', orderBody({ citizen: { cpr: undefined } }))) as {
    id: string;
  };
  orderId = created.id;
  await call(0, `/api/orders/${orderId}/search`, {});
  const sent = (await call(0, `/api/orders/${orderId}/requests`, { all: true })) as {
    sent: { requestId: string }[];
  };
  requestId = sent.sent[0]!.requestId;
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

describe('Beskeder in Chromium', () => {
  it('When a supplier is asked and answers, then both are told in the header and the list, can mark as read and follow the link, and every page passes axe', async () => {
    // ---- Supplier: the count in the header, the list, marked as read, the link ----
    const sup = await session();
    await signIn(sup.page, 'leverandoer-privat');
    await sup.page.getByRole('link', { name: 'Beskeder (1)' }).click();
    await sup.page.waitForURL((u) => u.pathname === '/beskeder');
    await sup.page.getByRole('heading', { level: 1, name: 'Beskeder' }).waitFor();
    await sup.page.getByText('1 ulæst besked af 1.').waitFor();
    await scan(sup.page, 'beskeder-leverandoer');
    await sup.page.getByRole('button', { name: /Markér som læst/ }).click();
    await sup.page.getByText('Beskeden er markeret som læst.').waitFor();
    await sup.page.getByText('0 ulæste beskeder af 1.').waitFor();
    expect(await sup.page.getByRole('link', { name: 'Beskeder', exact: true }).count()).toBe(1);
    await scan(sup.page, 'beskeder-laest');
    await sup.page.getByRole('link', { name: 'Ny forespørgsel på en plads' }).click();
    await sup.page.waitForURL((u) => u.pathname === `/leverandoer/forespoergsler/${requestId}`);
    await sup.context.close();

    // ---- Case worker: told of the answer, follows it to the order ----
    await call(1, `/api/requests/${requestId}/answer`, {
      kind: 'offer',
      dailyPriceOre: 210_000,
      possibleStart: '2027-01-15',
    });
    const cw = await session();
    await signIn(cw.page, 'sagsbehandler-greve');
    await cw.page.getByRole('link', { name: 'Beskeder (1)' }).click();
    await scan(cw.page, 'beskeder-sagsbehandler');
    await cw.page
      .getByRole('link', { name: 'En leverandør har svaret på en forespørgsel' })
      .click();
    await cw.page.waitForURL((u) => u.pathname === `/bestillinger/${orderId}`);
    await cw.context.close();
  });
});
