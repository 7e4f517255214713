#!/usr/bin/env node
// The compiled build: one CommonJS bundle per entry point of each service in services/<name>/dist/,
// runnable with plain `node` (no tsx) and production dependencies only. The workspace packages
// (@rammeaftale/*) are compiled into the bundle; every other package stays an import resolved
// from node_modules at run time, so a `pnpm deploy --prod` folder is all an image needs.
//
//   node scripts/build.mjs                     every service
//   node scripts/build.mjs tariff-notifications
//
// Types are not checked here (`pnpm typecheck` does that), as in the tests.
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Each service's entry points: main.js selects the process (api, a worker, all) by argument. */
export const ENTRY_POINTS = {
  'order-portal': { main: 'src/main.ts', 'rotate-cpr-keys': 'src/cli/rotate-cpr-keys.ts' },
  'standard-contract': { main: 'src/main.ts' },
  'tariff-notifications': { main: 'src/main.ts' },
};

/**
 * `__dirname` in a source file means the folder of that file (assets, templates beside the
 * sources); in the bundle it would mean dist/. Each use is rewritten to the source folder
 * relative to the bundle, and the image keeps the package's non-code files where they are.
 */
function sourceDirname(outdir) {
  return {
    name: 'source-dirname',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('__dirname')) return { contents: source, loader: 'ts' };
        const rel = path.relative(outdir, path.dirname(args.path)).split(path.sep).join('/');
        const expr = `require('node:path').join(__dirname, ${JSON.stringify(rel)})`;
        return { contents: source.replace(/\b__dirname\b/g, expr), loader: 'ts' };
      });
    },
  };
}

/** Workspace packages are bundled; third-party packages are left to node_modules. */
const externalThirdParty = {
  name: 'external-third-party',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@rammeaftale/') ? undefined : { path: args.path, external: true },
    );
  },
};

export async function buildService(service) {
  const entries = ENTRY_POINTS[service];
  if (!entries) throw new Error(`unknown service ${service}`);
  const dir = path.join(ROOT, 'services', service);
  const outdir = path.join(dir, 'dist');
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: dir,
    entryPoints: Object.fromEntries(
      Object.entries(entries).map(([name, file]) => [name, path.join(dir, file)]),
    ),
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
    plugins: [externalThirdParty, sourceDirname(outdir)],
  });
  return { outdir, metafile: result.metafile };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2);
  const services = wanted.length ? wanted : Object.keys(ENTRY_POINTS);
  for (const s of services) {
    const started = Date.now();
    const { outdir } = await buildService(s);
    process.stdout.write(`built ${path.relative(ROOT, outdir)} in ${Date.now() - started} ms\n`);
  }
}
