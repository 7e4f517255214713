import type { Browser, Page, Response } from 'playwright-core';
import { axeViolations } from './browser';

/**
 * A person's walk through the portal, as the test of issue 14 asks for: sign in through the
 * identity provider's own form in Chromium, then open every link of the role's menu (whatever
 * the menu links to today, so pages other work adds join the crawl when they land). Each page
 * must answer 2xx as an HTML page (never raw JSON), load no same-origin resource with 4xx/5xx,
 * and pass axe (WCAG 2.1 A/AA, no serious or critical violation). Returns what went wrong, by
 * page; an empty list is a clean walk.
 */
export interface CrawlOptions {
  /** The portal's address. */
  baseUrl: string;
  userId: string;
  password?: string;
  /** A name for the role in the messages and screenshots ("sekretariat"). */
  name: string;
  /** Saves each page to docs/screenshots (with UPDATE_SCREENSHOTS=1). */
  screenshots?: boolean;
  /**
   * Also open, from each menu page, the links in its main content whose path this accepts — one
   * per address shape (ids and queries aside), so a list of 25 rows opens one of them.
   */
  follow?: (path: string) => boolean;
}

export interface CrawlReport {
  /** The menu links visited, in menu order. */
  visited: string[];
  /** The links followed from the menu pages (see `follow`). */
  followed: string[];
  problems: string[];
}

/** Signs in as a person does: the portal's sign-in page, the provider's form, back to the portal. */
export async function signInThroughForm(
  page: Page,
  opts: Pick<CrawlOptions, 'baseUrl' | 'userId' | 'password'>,
): Promise<void> {
  const portalPort = new URL(opts.baseUrl).port;
  await page.goto(`${opts.baseUrl}/log-ind`);
  await page.getByRole('main').getByRole('link', { name: 'Log ind' }).click();
  await page.waitForURL((u) => u.pathname === '/authorize');
  await page.getByLabel('Brugernavn').fill(opts.userId);
  await page.getByLabel('Adgangskode').fill(opts.password ?? 'demo');
  await Promise.all([
    page.waitForURL((u) => u.port === portalPort && u.pathname !== '/log-ind/callback'),
    page.getByRole('button', { name: 'Log ind' }).click(),
  ]);
}

/** The same-origin links of the main menu, in order, without repeats. */
async function menuLinks(page: Page, baseUrl: string): Promise<string[]> {
  const hrefs = await page
    .locator('nav[aria-label="Hovedmenu"] a')
    .evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
  const origin = new URL(baseUrl).origin;
  return [...new Set(hrefs)].filter((h) => new URL(h).origin === origin);
}

/** What is wrong with one visited page: status, type, raw JSON. */
async function pageProblems(path: string, res: Response | null): Promise<string[]> {
  if (!res) return [`${path}: no response`];
  const problems: string[] = [];
  if (res.status() >= 400) problems.push(`${path}: answered ${res.status()}`);
  const type = res.headers()['content-type'] ?? '';
  if (!type.startsWith('text/html'))
    problems.push(`${path}: served ${type || 'no type'}, not a page`);
  const body = (await res.text()).trimStart();
  if (body.startsWith('{') || body.startsWith('[')) problems.push(`${path}: raw JSON`);
  return problems;
}

const slug = (path: string) =>
  path.replace(/^\/+|\/+$/g, '').replace(/[^a-z0-9]+/gi, '-') || 'forside';

/**
 * Opens one page in a signed-in tab and says what is wrong with it: its status and type, raw JSON,
 * a same-origin resource that failed to load, and axe's serious or critical violations.
 */
export async function checkPage(
  page: Page,
  href: string,
  opts: Pick<CrawlOptions, 'name' | 'screenshots'>,
): Promise<string[]> {
  const path = new URL(href, page.url()).pathname;
  const origin = new URL(href, page.url()).origin;
  const failedLoads: string[] = [];
  const onResponse = (r: Response) => {
    if (r.url().startsWith(origin) && r.status() >= 400)
      failedLoads.push(`${r.status()} ${r.url()}`);
  };
  page.on('response', onResponse);
  try {
    const res = await page.goto(href);
    const problems = await pageProblems(`${opts.name} ${path}`, res);
    problems.push(
      ...failedLoads
        .filter((f) => !f.endsWith(path))
        .map((f) => `${opts.name} ${path}: loaded ${f}`),
    );
    if ((res?.headers()['content-type'] ?? '').startsWith('text/html'))
      problems.push(
        ...(await axeViolations(page, `${opts.name}-${slug(path)}`, opts.screenshots ?? false)),
      );
    return problems;
  } finally {
    page.off('response', onResponse);
  }
}

/** A signed-in tab of its own (close its context when done). */
export async function signedInTab(browser: Browser, opts: CrawlOptions): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'da-DK',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await signInThroughForm(page, opts);
  return page;
}

/** The shape of an address: its path with id-like segments replaced, without its query. */
const shapeOf = (path: string) =>
  path
    .split('/')
    .map((seg) => (/\d/.test(seg) && seg.length > 6 ? ':id' : seg))
    .join('/');

/** The links of the page's main content that `follow` accepts, one per address shape. */
async function linksToFollow(
  page: Page,
  baseUrl: string,
  follow: (path: string) => boolean,
  seen: Set<string>,
): Promise<string[]> {
  const hrefs = await page
    .locator('main a[href]:not([download])')
    .evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
  const origin = new URL(baseUrl).origin;
  const out: string[] = [];
  for (const href of hrefs) {
    const url = new URL(href);
    if (url.origin !== origin || !follow(url.pathname)) continue;
    const shape = shapeOf(url.pathname);
    if (seen.has(shape)) continue;
    seen.add(shape);
    out.push(href);
  }
  return out;
}

/** Signs in, then visits every menu link of the signed-in person; see the module comment. */
export async function crawlMenu(browser: Browser, opts: CrawlOptions): Promise<CrawlReport> {
  const page = await signedInTab(browser, opts);
  try {
    const links = await menuLinks(page, opts.baseUrl);
    const problems = links.length ? [] : [`${opts.name}: the signed-in page has no menu`];
    const followed: string[] = [];
    const seen = new Set<string>();
    for (const href of links) {
      problems.push(...(await checkPage(page, href, opts)));
      if (!opts.follow) continue;
      for (const next of await linksToFollow(page, opts.baseUrl, opts.follow, seen)) {
        followed.push(new URL(next).pathname);
        problems.push(...(await checkPage(page, next, opts)));
        await page.goto(href);
      }
    }
    return { visited: links.map((l) => new URL(l).pathname), followed, problems };
  } finally {
    await page.context().close();
  }
}
