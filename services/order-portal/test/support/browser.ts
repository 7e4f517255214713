import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.resolve(__dirname, '../../../../docs/screenshots');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's Chromium, headless, without the background traffic this machine's network refuses. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: run scripts/setup.sh (apt-get install chromium)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-dev-shm-usage',
    ],
  });
}

interface AxeWindow {
  document: unknown;
  axe: {
    run: (
      ctx: unknown,
      opts: unknown,
    ) => Promise<{
      violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
    }>;
  };
}

/**
 * axe-core on the current page: the serious or critical WCAG 2.1 A/AA violations (none expected).
 * With `screenshot`, the page is also saved to docs/screenshots when UPDATE_SCREENSHOTS=1, so the
 * committed screenshots change only on purpose.
 */
export async function axeViolations(
  page: Page,
  name: string,
  screenshot = false,
): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's strict CSP stays on during the scan.
  await page.evaluate(AXE);
  const result = await page.evaluate(() => {
    const w = globalThis as unknown as AxeWindow;
    return w.axe.run(w.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
  });
  if (screenshot && process.env.UPDATE_SCREENSHOTS === '1')
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${name}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

/** A fresh browser context on the portal (Danish, desktop size) and its page. */
export async function browserSession(
  browser: Browser,
  portalUrl: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: portalUrl,
    viewport: { width: 1280, height: 900 },
    locale: 'da-DK',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}

/** Signs in as a person does: the portal's sign-in page, the provider's form, back to the portal. */
export async function signInThroughProvider(
  page: Page,
  portalUrl: string,
  userId: string,
  password = 'demo',
): Promise<void> {
  await page.goto('/log-ind');
  await page.getByRole('main').getByRole('link', { name: 'Log ind' }).click();
  await page.waitForURL((u) => u.pathname === '/authorize');
  await page.getByLabel('Brugernavn').fill(userId);
  await page.getByLabel('Adgangskode').fill(password);
  await Promise.all([
    page.waitForURL(
      (u) => u.port === new URL(portalUrl).port && u.pathname !== '/log-ind/callback',
    ),
    page.getByRole('button', { name: 'Log ind' }).click(),
  ]);
}
