import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@rammeaftale/testing';

export const ROOT = repoRoot();
export const SERVICES = ['order-portal', 'standard-contract', 'tariff-notifications'] as const;
export type Service = (typeof SERVICES)[number];

type PackageJson = {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as PackageJson;

/** The compiled build of the services (scripts/build.mjs, what the image's build stage runs). */
export function buildServices(services: readonly Service[] = SERVICES): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), ...services], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

/** The packages a bundle leaves to node_modules: its `require("…")`s that are not Node's own. */
export function bundleImports(service: Service, entry = 'main.js'): string[] {
  const code = readFileSync(path.join(ROOT, 'services', service, 'dist', entry), 'utf8');
  const builtins = new Set(builtinModules);
  const names = [...code.matchAll(/\brequire\("([^".][^"]*)"\)/g)]
    .map((m) => m[1]!)
    .filter((spec) => !spec.startsWith('node:') && !builtins.has(spec.split('/')[0]!))
    .map((spec) =>
      spec
        .split('/')
        .slice(0, spec.startsWith('@') ? 2 : 1)
        .join('/'),
    );
  return [...new Set(names)].sort();
}

/**
 * What `pnpm deploy --prod` installs for a service, as names: its dependencies and, through each
 * workspace package it depends on, theirs (devDependencies nowhere).
 */
export function productionDependencies(service: Service): Set<string> {
  const byName = new Map<string, string>();
  for (const group of ['packages', 'services']) {
    for (const dir of listDirs(path.join(ROOT, group))) {
      const file = path.join(ROOT, group, dir, 'package.json');
      if (existsSync(file)) byName.set(readJson(file).name, file);
    }
  }
  const found = new Set<string>();
  const visit = (file: string) => {
    for (const [name, version] of Object.entries(readJson(file).dependencies ?? {})) {
      if (found.has(name)) continue;
      found.add(name);
      if (version.startsWith('workspace:')) visit(byName.get(name)!);
    }
  };
  visit(path.join(ROOT, 'services', service, 'package.json'));
  return found;
}

function listDirs(dir: string): string[] {
  return execFileSync('ls', [dir], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/**
 * A folder laid out as the image's /app: the service's `pnpm deploy --prod` node_modules (made
 * once per lockfile and package manifests, cached in .cache/deploy/), and the service's package
 * files with its fresh dist/. No devDependency, no tsx, no workspace source is reachable from it.
 */
export function deployFolder(service: Service): string {
  const manifests = [path.join(ROOT, 'pnpm-lock.yaml')];
  for (const group of ['packages', 'services']) {
    for (const dir of listDirs(path.join(ROOT, group))) {
      const file = path.join(ROOT, group, dir, 'package.json');
      if (existsSync(file)) manifests.push(file);
    }
  }
  const hash = createHash('sha256');
  for (const f of manifests) hash.update(readFileSync(f));
  const cached = path.join(ROOT, '.cache/deploy', `${service}-${hash.digest('hex').slice(0, 16)}`);
  if (!existsSync(path.join(cached, 'node_modules'))) {
    rmSync(cached, { recursive: true, force: true });
    mkdirSync(path.dirname(cached), { recursive: true });
    // The same command as deploy/Dockerfile's build stage.
    execFileSync(
      'pnpm',
      [
        '--filter',
        `@rammeaftale/${service}`,
        'deploy',
        '--prod',
        '--legacy',
        '--config.node-linker=hoisted',
        cached,
      ],
      { cwd: ROOT, stdio: 'pipe' },
    );
  }
  const app = path.join(os.tmpdir(), `deploy-${service}-${process.pid}`);
  rmSync(app, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  const source = path.join(ROOT, 'services', service);
  for (const item of ['package.json', 'dist', 'templates', 'src']) {
    if (existsSync(path.join(source, item)))
      cpSync(path.join(source, item), path.join(app, item), { recursive: true });
  }
  // src/ stays for the files the code reads beside its sources (the portal's assets), as in the
  // image; nothing is run from there.
  symlinkSync(path.join(cached, 'node_modules'), path.join(app, 'node_modules'));
  return app;
}
