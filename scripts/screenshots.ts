/**
 * The screenshots in docs/screenshots of each role's main pages, from the demo data (issue 14):
 * starts the suite as the start command does (scripts/dev.ts) on an empty data folder and ports of
 * its own, waits until the demo's contract and tariff history is made and the tariff flow has sent
 * its reports, then signs each demo person in through the identity provider's form in Chromium and
 * saves their pages at desktop width (1280 px) and some at 320 px. `pnpm screenshots`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, repoRoot } from '@rammeaftale/testing';
import { launchChromium } from '../services/order-portal/test/support/browser';
import { signInThroughForm } from '../services/order-portal/test/support/crawl';

// playwright-core is the portal's test dependency; its types come through the portal's helpers.
type Browser = Awaited<ReturnType<typeof launchChromium>>;
type Page = Parameters<typeof signInThroughForm>[0];

const ROOT = repoRoot();
const OUT = path.join(ROOT, 'docs/screenshots/demo');
/** A page taller than this is cut here (the top of a long page says what it is). */
const MAX_HEIGHT = 2400;

/** One shot: a page (or the first link on a page that matches), at a width. */
interface Shot {
  file: string;
  /** The address, or a link to follow from the page last shot. */
  path: string | { linkOn: string; matching: RegExp };
  /** An order page: its search is run (the page's own button) and the result saved as this. */
  searchFirst?: string;
  /** Also at 320 px. */
  narrow?: boolean;
}

/** Each demo person (dev.ts's DEMO_USERS, password "demo") and their main pages. */
const ROLES: { userId: string; shots: Shot[] }[] = [
  {
    userId: 'sagsbehandler-greve',
    shots: [
      { file: 'sagsbehandler-bestillinger', path: '/bestillinger', narrow: true },
      { file: 'sagsbehandler-ny-bestilling', path: '/bestillinger/ny' },
      {
        // An order still searching; its search is run from its page first, so the order page
        // shows its latest search as well.
        file: 'sagsbehandler-bestilling',
        path: {
          linkOn: '/bestillinger?status=searching',
          matching: /^\/bestillinger\/(?!ny$)[^/]+$/,
        },
        searchFirst: 'sagsbehandler-soegeresultat',
        narrow: true,
      },
      { file: 'sagsbehandler-kontrakter', path: '/kontrakter' },
      { file: 'sagsbehandler-takstaendringer', path: '/takstaendringer' },
    ],
  },
  {
    userId: 'leverandoer-privat',
    shots: [
      { file: 'leverandoer-forespoergsler', path: '/leverandoer/forespoergsler', narrow: true },
      { file: 'leverandoer-tilbud', path: '/leverandoer/tilbud' },
      {
        file: 'leverandoer-kapacitet',
        path: {
          linkOn: '/leverandoer/tilbud',
          matching: /^\/leverandoer\/tilbud\/[^/]+\/kapacitet$/,
        },
        narrow: true,
      },
    ],
  },
  {
    userId: 'sekretariat',
    shots: [
      { file: 'sekretariat-takstaendringer', path: '/sekretariat/takstaendringer', narrow: true },
      {
        file: 'sekretariat-takstaendring',
        path: { linkOn: '', matching: /^\/sekretariat\/takstaendringer\/tc-[^/]+$/ },
      },
      { file: 'sekretariat-indberetninger', path: '/sekretariat/indberetninger' },
      { file: 'sekretariat-moedepakke', path: '/sekretariat/moedepakke', narrow: true },
      { file: 'sekretariat-markedsdata', path: '/markedsdata' },
      { file: 'sekretariat-koebsvolumen', path: '/markedsdata/koebsvolumen', narrow: true },
      { file: 'sekretariat-kapacitet', path: '/markedsdata/kapacitet' },
      { file: 'sekretariat-priser', path: '/markedsdata/priser' },
      { file: 'sekretariat-satser', path: '/sekretariat/satser', narrow: true },
      { file: 'sekretariat-kampagner', path: '/sekretariat/kampagner' },
      {
        file: 'sekretariat-kampagne',
        path: { linkOn: '', matching: /^\/sekretariat\/kampagner\/(?!ny$)[^/]+$/ },
      },
      { file: 'sekretariat-import', path: '/sekretariat/import' },
      { file: 'sekretariat-rapport', path: '/rapporter/bestillinger' },
    ],
  },
  {
    userId: 'socialtilsyn-oest',
    shots: [
      { file: 'tilsyn-indberetninger', path: '/tilsyn/indberetninger', narrow: true },
      {
        file: 'tilsyn-indberetning',
        path: { linkOn: '', matching: /^\/indberetninger\/tc-[^/]+\/[^/]+$/ },
      },
      { file: 'tilsyn-moedepakke', path: '/tilsyn/moedepakke' },
    ],
  },
  {
    userId: 'driftsoperatoer',
    shots: [
      { file: 'drift', path: '/drift', narrow: true },
      { file: 'drift-forsendelser', path: '/drift/forsendelser' },
    ],
  },
];

/** Starts scripts/dev.ts; `ready` resolves once the demo history is made (its last line). */
function startSuite(env: NodeJS.ProcessEnv): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/dev.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the demo history was not made within 20 minutes')),
      20 * 60_000,
    );
    let tail = '';
    const watch = (b: Buffer) => {
      tail = (tail + b.toString('utf8')).slice(-4000);
      for (const line of b.toString('utf8').split('\n')) {
        if (line.startsWith('demo history:')) console.log(line);
        if (/^demo history: (already made|\d+ contracts \()/.test(line)) {
          clearTimeout(timer);
          resolve();
        }
        if (/demo history could not be made|exited with code|did not open port/.test(line))
          reject(new Error(`${line}\n${tail}`));
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.once('exit', (code) => reject(new Error(`the suite stopped (exit ${code}):\n${tail}`)));
  });
  return { child, ready };
}

async function stopSuite(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Saves the page: full page up to MAX_HEIGHT, colours reduced to a palette by pngquant when it is
 * installed (a third of the size). Returns a problem when the page is wider than the window (it
 * would scroll sideways as a whole instead of inside a table's scroll container).
 */
async function save(page: Page, file: string): Promise<string | undefined> {
  const target = path.join(OUT, `${file}.png`);
  const size = await page.evaluate(() => {
    const root = (
      globalThis as unknown as {
        document: { documentElement: { scrollHeight: number; scrollWidth: number } };
      }
    ).document.documentElement;
    return { height: root.scrollHeight, width: root.scrollWidth };
  });
  const width = page.viewportSize()!.width;
  await page.screenshot({
    path: target,
    fullPage: true,
    clip: { x: 0, y: 0, width, height: Math.min(size.height, MAX_HEIGHT) },
  });
  spawnSync('pngquant', ['--quality=70-95', '--speed=3', '--force', '--ext=.png', target]);
  console.log(`${path.relative(ROOT, target)} (${Math.round(statSync(target).size / 1024)} kB)`);
  return size.width > width
    ? `${file}: the page is ${size.width} px wide in a ${width} px window`
    : undefined;
}

/** The first link in the page's main content whose path matches. */
async function firstLink(page: Page, matching: RegExp): Promise<string | undefined> {
  const hrefs = await page
    .locator('main a[href]')
    .evaluateAll((as: unknown[]) => as.map((a) => (a as { href: string }).href));
  return hrefs.map((h) => new URL(h).pathname).find((p) => matching.test(p));
}

/** Runs the order's search from its page as a case worker does; the result's path. */
async function runSearch(page: Page, orderPath: string): Promise<string> {
  await page.goto(orderPath);
  await Promise.all([
    page.waitForURL((u) => u.pathname.endsWith('/soegning')),
    page.locator(`form[action="${orderPath}/soeg"] button`).click(),
  ]);
  return new URL(page.url()).pathname;
}

/**
 * Opens the page; a 503 (a service still warming up just after the start) is tried again up to
 * three times, 3 s apart, so no shot shows a passing outage as the page.
 */
async function gotoAnswered(page: Page, href: string) {
  let res = await page.goto(href);
  for (let i = 0; i < 3 && res?.status() === 503; i++) {
    await new Promise((r) => setTimeout(r, 3000));
    res = await page.goto(href);
  }
  return res;
}

async function shootRole(
  browser: Browser,
  baseUrl: string,
  role: (typeof ROLES)[number],
): Promise<string[]> {
  const missing: string[] = [];
  // The address of each shot at desktop width, so the narrow one shows the same page.
  const found = new Map<string, string>();
  for (const width of [1280, 320]) {
    const shots = width === 1280 ? role.shots : role.shots.filter((s) => s.narrow);
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width, height: width === 1280 ? 900 : 640 },
      locale: 'da-DK',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await signInThroughForm(page, { baseUrl, userId: role.userId });
    for (const shot of shots) {
      let href = typeof shot.path === 'string' ? shot.path : found.get(shot.file);
      if (!href && typeof shot.path !== 'string') {
        if (shot.path.linkOn) await page.goto(shot.path.linkOn);
        href = await firstLink(page, shot.path.matching);
      }
      if (!href) {
        missing.push(
          `${shot.file}: no link matching ${String((shot.path as Shot['path'] & object).matching)}`,
        );
        continue;
      }
      found.set(shot.file, href);
      if (shot.searchFirst) {
        const result = found.get(shot.searchFirst) ?? (await runSearch(page, href));
        found.set(shot.searchFirst, result);
        await page.goto(result);
        const wide = await save(
          page,
          width === 1280 ? shot.searchFirst : `${shot.searchFirst}-320`,
        );
        if (wide) missing.push(wide);
      }
      const res = await gotoAnswered(page, href);
      if (!res?.ok()) missing.push(`${shot.file}: ${href} answered ${res?.status()}`);
      const wide = await save(page, width === 1280 ? shot.file : `${shot.file}-320`);
      if (wide) missing.push(wide);
    }
    await context.close();
  }
  return missing;
}

async function main(): Promise<void> {
  const data = mkdtempSync(path.join(os.tmpdir(), 'rammeaftale-screenshots-'));
  // Run as root, the harness's PostgreSQL runs as the postgres user, which must reach its folder.
  chmodSync(data, 0o755);
  const ports = {
    PORTAL_PORT: await freePort(),
    CONTRACTS_PORT: await freePort(),
    NOTIFICATIONS_PORT: await freePort(),
    IDP_PORT: await freePort(),
    MAIL_PAGE_PORT: await freePort(),
    SMTP_PORT: await freePort(),
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    DATA_DIR: data,
    LOG_LEVEL: 'warn',
    // The reports and letters of the history are handed over within seconds, not a minute.
    TARIFF_FLOW_INTERVAL_MS: '5000',
  };
  console.log(`starting the suite with demo data in ${data} (a first start: a few minutes)`);
  const started = Date.now();
  const suite = startSuite(env);
  let failed = false;
  try {
    await suite.ready;
    // Two passes of the tariff flow: the reports and letters of the last decisions are handed over.
    await new Promise((r) => setTimeout(r, 15_000));
    console.log(`demo ready after ${((Date.now() - started) / 1000).toFixed(0)} s`);
    mkdirSync(OUT, { recursive: true });
    const browser = await launchChromium();
    try {
      const baseUrl = `http://127.0.0.1:${ports.PORTAL_PORT}`;
      for (const role of ROLES) {
        const missing = await shootRole(browser, baseUrl, role);
        for (const m of missing) console.error(`problem: ${m}`);
        failed ||= missing.length > 0;
      }
    } finally {
      await browser.close();
    }
  } finally {
    await stopSuite(suite.child);
    rmSync(data, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
