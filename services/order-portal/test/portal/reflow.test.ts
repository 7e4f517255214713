import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { browserSessionCookie } from '../support/session-cookie';
import { startTestPortal, type TestPortal } from '../support/start-portal';

/**
 * Reflow (WCAG 1.4.10) at 320 px with the demo data: a page never scrolls sideways as a whole; a
 * wide table scrolls inside its own region. The secretariat's rates page found the case — the
 * visually hidden texts in a wide table's cells (absolutely positioned) widened the whole page to
 * ~700 px until the table's region became their containing block.
 */

jest.setTimeout(180_000);

let idp: LocalIdentityProvider;
let portal: TestPortal;
let browser: Browser;

beforeAll(async () => {
  idp = await createLocalIdentityProvider();
  portal = await startTestPortal('op_reflow', {
    verifier: idp.verifier,
    env: { AUTH_ISSUER: idp.issuer, DEMO_DATA: 'true' },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

const PAGES = {
  secretariat: [
    '/sekretariat/satser',
    '/markedsdata/kapacitet',
    '/markedsdata/priser',
    '/rapporter/bestillinger',
  ],
  caseworker: ['/bestillinger'],
} as const;
const WHO = {
  secretariat: { userId: 'sek', role: 'secretariat', organisationId: 'secretariat' },
  caseworker: { userId: 'cw-greve', role: 'caseworker', organisationId: 'mun-253' },
} as const;

describe('pages at 320 px', () => {
  it.each(Object.keys(PAGES) as (keyof typeof PAGES)[])(
    "When the %s's pages are opened at 320 px, then none is wider than the window and its wide tables scroll inside their region",
    async (who) => {
      const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
      await context.addCookies([await browserSessionCookie(portal, await idp.issue(WHO[who]))]);
      const page = await context.newPage();
      const widths: Record<string, number> = {};
      let tables = 0;
      for (const path of PAGES[who]) {
        const res = await page.goto(portal.http.url + path);
        expect({ path, status: res?.status() }).toEqual({ path, status: 200 });
        const measured = await page.evaluate(() => {
          const d = (globalThis as unknown as { document: DocumentLike }).document;
          return {
            page: d.documentElement.scrollWidth,
            wideTables: [...d.querySelectorAll('.table-wrap')].filter(
              (w) => w.scrollWidth > w.clientWidth,
            ).length,
          };
        });
        widths[path] = measured.page;
        tables += measured.wideTables;
      }
      await context.close();
      expect(widths).toEqual(Object.fromEntries(PAGES[who].map((p) => [p, 320])));
      // The case must be there: at least one table wider than the window, scrolling in its region.
      if (who === 'secretariat') expect(tables).toBeGreaterThan(0);
    },
  );
});

interface ElementLike {
  scrollWidth: number;
  clientWidth: number;
}
interface DocumentLike {
  documentElement: ElementLike;
  querySelectorAll: (s: string) => Iterable<ElementLike>;
}
