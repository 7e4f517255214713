/**
 * Every role's menu, walked in Chromium (issue 14): each person signs in through the identity
 * provider's form, every link of the role's menu is opened, and each page answers as an HTML page
 * (no 4xx/5xx, no raw JSON, no failing same-origin resource) and passes axe (WCAG 2.1 A/AA). The
 * suite runs with all three services, so the pages over the contracts and notifications services
 * answer for real, over a tariff history made through the APIs. The crawl follows whatever the
 * menus link to, so pages added later join it; from the oversight lists it also opens one tariff
 * change, one report and the meeting pack's printable view.
 */
import { createLogger } from '@rammeaftale/logging';
import { freePort, testEnv, uniqueName } from '@rammeaftale/testing';
import type { OrderPortal } from '@rammeaftale/order-portal/src/start';
import { launchChromium } from '@rammeaftale/order-portal/test/support/browser';
import { checkPage, crawlMenu, signedInTab } from '@rammeaftale/order-portal/test/support/crawl';
import {
  demoUser,
  localProvider,
  type LocalProvider,
} from '@rammeaftale/order-portal/test/support/local-provider';
import { startTestPortal } from '@rammeaftale/order-portal/test/support/start-portal';
import { standardContractEnv } from '@rammeaftale/standard-contract/src/config';
import {
  startStandardContract,
  type StandardContract,
} from '@rammeaftale/standard-contract/src/start';
import { AUTHORITIES } from '@rammeaftale/standard-contract/test/support';
import {
  startNotifications,
  type NotificationsHarness,
} from '@rammeaftale/tariff-notifications/test/support/start-notifications';
import { seedOversight } from './support/oversight-data';

jest.setTimeout(600_000);

type Browser = Awaited<ReturnType<typeof launchChromium>>;

/** One person per role, as the demo identity provider knows them. */
const USERS = {
  sagsbehandler: demoUser('sagsbehandler-greve', 'caseworker', 'mun-253', 'Sara Greve'),
  leverandoer: demoUser('leder-solhaven', 'supplier', 'provider-solhaven', 'Leder Solhaven'),
  sekretariat: demoUser('sekretariat', 'secretariat', 'secretariat', 'Sekretariatet'),
  tilsyn: demoUser(
    'socialtilsyn-oest',
    'authority',
    AUTHORITIES['Socialtilsyn Øst'].organisationId,
    'Tilsynskonsulent, Socialtilsyn Øst',
  ),
  drift: demoUser('driftsoperatoer', 'operator', 'operator', 'Driftsoperatør'),
};

/** Pages each menu must hold (the crawl visits whatever else the menus link to as well). */
const MUST_VISIT: Record<string, string[]> = {
  sagsbehandler: ['/bestillinger', '/kontrakter', '/takstaendringer'],
  leverandoer: ['/leverandoer/forespoergsler', '/kontrakter'],
  sekretariat: [
    '/sekretariat/takstaendringer',
    '/sekretariat/indberetninger',
    '/sekretariat/moedepakke',
  ],
  tilsyn: ['/tilsyn/indberetninger', '/tilsyn/moedepakke'],
  drift: ['/drift'],
};

/** The oversight pages reached from the menu pages' lists (a change, a report, the print view). */
const OVERSIGHT_DETAIL =
  /^\/(sekretariat\/takstaendringer\/tc-[^/]+|indberetninger\/tc-[^/]+\/[a-z0-9-]+|(sekretariat|tilsyn)\/moedepakke\/udskrift)$/;
const MUST_FOLLOW: Record<string, unknown[]> = {
  sekretariat: [
    expect.stringMatching(/^\/sekretariat\/takstaendringer\/tc-/),
    expect.stringMatching(/^\/indberetninger\/tc-/),
    '/sekretariat/moedepakke/udskrift',
  ],
  tilsyn: [expect.stringMatching(/^\/indberetninger\/tc-/), '/tilsyn/moedepakke/udskrift'],
};

let provider: LocalProvider;
let notifications: NotificationsHarness;
let contracts: StandardContract;
let portal: OrderPortal;
let browser: Browser;

beforeAll(async () => {
  const prefix = uniqueName('e2e_crawl');
  provider = await localProvider(prefix);
  const idp = provider.idp;
  notifications = await startNotifications({ name: `${prefix}_tn`, idp });
  const portalPort = await freePort();
  contracts = await startStandardContract(
    standardContractEnv.parse({
      ...testEnv(),
      AUTH_ISSUER: idp.issuer,
      AUTH_JWKS_URL: 'http://127.0.0.1:1/unused',
      PORT: '0',
      MONGO_DB: `${prefix}_sc`,
      ORDER_PORTAL_URL: `http://127.0.0.1:${portalPort}`,
      TARIFF_NOTIFICATIONS_URL: notifications.url,
      PORTAL_URL: `http://127.0.0.1:${portalPort}`,
      AUTHORITIES: JSON.stringify(AUTHORITIES),
      TARIFF_FLOW_INTERVAL_MS: '3600000',
    }),
    {
      logger: createLogger({ service: 'e2e-crawl', level: 'silent' }),
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
    env: {
      ...provider.env,
      PORT: String(portalPort),
      STANDARD_CONTRACT_URL: contracts.http.url,
      TARIFF_NOTIFICATIONS_URL: notifications.url,
    },
  });
  await provider.serve(portal, Object.values(USERS));
  await seedOversight({ idp, portal, contractsUrl: contracts.http.url });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await contracts?.close();
  await notifications?.close();
  await provider?.close();
});

describe("every role's menu in Chromium", () => {
  it.each(Object.entries(USERS))(
    'When %s signs in through the provider’s form and opens every menu link, then each page is an HTML page that answers 2xx and passes axe',
    async (name, user) => {
      const report = await crawlMenu(browser, {
        baseUrl: portal.http.url,
        userId: user.userId,
        name,
        follow: (path) => OVERSIGHT_DETAIL.test(path),
      });
      expect(report.problems).toEqual([]);
      expect(report.followed).toEqual(expect.arrayContaining(MUST_FOLLOW[name] ?? []));
      expect(report.visited).toEqual(expect.arrayContaining(MUST_VISIT[name] ?? []));
      expect(report.visited.length).toBeGreaterThanOrEqual(1);
    },
  );

  it('When a page answers 404 or raw JSON, then the crawl reports it (the check can fail)', async () => {
    const tab = await signedInTab(browser, {
      baseUrl: portal.http.url,
      userId: USERS.sekretariat.userId,
      name: 'sekretariat',
    });
    try {
      const missing = await checkPage(tab, `${portal.http.url}/finnes-ikke`, { name: 'x' });
      expect(missing).toEqual(['x /finnes-ikke: answered 404']);
      const json = await checkPage(tab, `${portal.http.url}/api/policy-values`, { name: 'x' });
      expect(json).toEqual([
        'x /api/policy-values: served application/json; charset=utf-8, not a page',
        'x /api/policy-values: raw JSON',
      ]);
    } finally {
      await tab.context().close();
    }
  });
});
