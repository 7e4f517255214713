import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeConfig } from '@rammeaftale/config';
import { orderPortalEnv } from '@rammeaftale/order-portal/src/config';
import { standardContractEnv } from '@rammeaftale/standard-contract/src/config';
import { tariffNotificationsEnv } from '@rammeaftale/tariff-notifications/src/config';
import { ROOT } from './support/compiled';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const SCHEMAS = [orderPortalEnv, standardContractEnv, tariffNotificationsEnv];

/** Keys of a dotenv file: `KEY=…` (set) and `# KEY=…` (shown with its default, left unset). */
function envExampleKeys(text: string): { set: string[]; all: string[] } {
  const set: string[] = [];
  const all: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^(#\s*)?([A-Z][A-Z0-9_]*)=/.exec(line);
    if (!m) continue;
    all.push(m[2]!);
    if (!m[1]) set.push(m[2]!);
  }
  return { set, all };
}

describe('the environment example', () => {
  const example = envExampleKeys(read('deploy/.env.example'));
  const compose = read('deploy/docker-compose.yml');
  // What docker-compose.yml reads from deploy/.env to pass on under another name (${NAME}).
  const interpolated = [...compose.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1]!);
  const configKeys = new Set(SCHEMAS.flatMap((s) => describeConfig(s).map((d) => d.key)));

  it('When the example is read, then it names every key the services’ config schemas accept, each once, and nothing else but what docker-compose.yml passes on', () => {
    const duplicates = example.all.filter((k, i) => example.all.indexOf(k) !== i);
    expect(duplicates).toEqual([]);
    expect(example.all.filter((k) => !configKeys.has(k) && !interpolated.includes(k))).toEqual([]);
    expect([...configKeys].filter((k) => !example.all.includes(k))).toEqual([]);
    expect(interpolated.filter((k) => !example.set.includes(k))).toEqual([]);
  });

  it('When a key is required by a service, then the example sets it or docker-compose.yml does', () => {
    const required = SCHEMAS.flatMap((s) =>
      describeConfig(s).filter((d) => !d.optional && d.defaultValue === undefined),
    ).map((d) => d.key);
    const byCompose = [...compose.matchAll(/^\s+([A-Z][A-Z0-9_]*): /gm)].map((m) => m[1]!);
    expect(required.filter((k) => !example.set.includes(k) && !byCompose.includes(k))).toEqual([]);
    expect(byCompose.filter((k) => !configKeys.has(k))).toEqual([]);
  });

  it('When the deploy folder is listed, then there is one environment example only', () => {
    const files = spawnSync('git', ['ls-files', '--', 'deploy', '*.env*', '*env.example*'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).stdout;
    expect(files.split('\n').filter((f) => /env\.example|\.env/.test(f))).toEqual([
      'deploy/.env.example',
    ]);
  });
});

describe('the image', () => {
  const dockerfile = read('deploy/Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runStage = stages.at(-1)!;

  it('When the Dockerfile is read, then it builds in one stage and runs the compiled bundle with production dependencies in another, as a non-root user with a node health check and the role as CMD', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/node scripts\/build\.mjs "\$SERVICE"/);
    expect(stages[0]).toMatch(/deploy --prod/);
    expect(runStage).toMatch(/^USER (?!root|0\b)\S+/m);
    expect(runStage).toMatch(/^HEALTHCHECK .*\n?.*CMD \["node", "-e", ".*\/healthz/m);
    expect(runStage).toMatch(/^ENTRYPOINT \["node", "--enable-source-maps", "dist\/main\.js"\]$/m);
    expect(runStage).toMatch(/^CMD \["api"\]$/m);
    expect(runStage).not.toMatch(/tsx|pnpm install|npm install/);
    expect(read('deploy/Dockerfile.dockerignore')).toMatch(/^\*\*\/node_modules$/m);
  });

  const docker = spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;
  if (!docker)
    console.error('image.test.ts: no Docker engine answers here; the image build is skipped');
  (docker ? it : it.skip)(
    'When a Docker engine is there, then the image of tariff-notifications builds',
    () => {
      const built = spawnSync(
        'docker',
        [
          'build',
          '-f',
          'deploy/Dockerfile',
          '--build-arg',
          'SERVICE=tariff-notifications',
          '-t',
          'rammeaftale/tariff-notifications:test',
          '.',
        ],
        { cwd: ROOT, encoding: 'utf8' },
      );
      expect([built.status, built.stderr.slice(-2000)]).toEqual([0, expect.any(String)]);
    },
    600_000,
  );
});
