import http from 'node:http';
import path from 'node:path';
import { createLocalIdentityProvider } from '@rammeaftale/auth';
import {
  PARTIES,
  freePort,
  spawnManaged,
  startSmtpCatcher,
  testEnv,
  uniqueName,
  until,
  type ManagedProcess,
  type SmtpCatcher,
} from '@rammeaftale/testing';
import {
  SERVICES,
  buildServices,
  bundleImports,
  deployFolder,
  productionDependencies,
} from './support/compiled';

// The compiled build as the image runs it: `node dist/main.js <role>` in a `pnpm deploy --prod`
// folder, no tsx, no devDependencies, against the test's real FerretDB, Redis and SMTP server.

beforeAll(() => buildServices(), 60_000);

describe('the compiled bundles', () => {
  it.each(SERVICES)(
    'When %s is compiled, then every package its bundle loads at run time is a production dependency (its own or a workspace package’s), never a devDependency',
    (service) => {
      const prod = productionDependencies(service);
      const imports = bundleImports(service);
      expect(imports.length).toBeGreaterThan(3);
      expect(imports.filter((name) => !prod.has(name))).toEqual([]);
      expect(imports).not.toContain('tsx');
      expect(imports.some((name) => name.startsWith('@rammeaftale/'))).toBe(false);
    },
  );
});

describe('tariff-notifications from its deploy folder, one process per role', () => {
  let app: string;
  let smtp: SmtpCatcher;
  let jwks: http.Server;
  let env: NodeJS.ProcessEnv;
  const procs: ManagedProcess[] = [];
  let token: string;

  beforeAll(async () => {
    app = deployFolder('tariff-notifications');
    smtp = await startSmtpCatcher();
    const idp = await createLocalIdentityProvider();
    jwks = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(idp.jwks));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const jwksPort = (jwks.address() as { port: number }).port;
    token = await idp.issue(PARTIES.contractsService);
    const prefix = uniqueName('compiled');
    // Only what a pod gets: no NODE_PATH, NODE_OPTIONS or tsx loader from this jest process.
    env = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      ...testEnv(),
      MONGO_DB: prefix,
      HOST: '127.0.0.1',
      SMTP_URL: smtp.url,
      SMTP_REQUIRE_TLS: 'false',
      AUTH_ISSUER: idp.issuer,
      AUTH_AUDIENCE: idp.audience,
      AUTH_JWKS_URL: `http://127.0.0.1:${jwksPort}/jwks`,
      LOG_LEVEL: 'info',
    };
  }, 120_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await smtp?.close();
    jwks?.close();
  });

  async function start(role: string): Promise<{ url: string; proc: ManagedProcess }> {
    const port = await freePort();
    const proc = spawnManaged(process.execPath, [path.join(app, 'dist/main.js'), role], {
      cwd: app,
      env: { ...env, PORT: String(port) },
    });
    procs.push(proc);
    const url = `http://127.0.0.1:${port}`;
    const status = await until(
      async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status,
      (s) => s === 200,
      20_000,
    );
    if (status !== 200) throw new Error(`${role} not ready (${status}):\n${proc.output()}`);
    return { url, proc };
  }

  it('When the API and the letters worker run as two node processes, then both answer /healthz and /readyz, the worker says it is ready, and a letter accepted by the API is sent by the worker', async () => {
    const api = await start('api');
    const worker = await start('letters-worker');
    for (const { url } of [api, worker]) {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const ready = (await (await fetch(`${url}/readyz`)).json()) as { status: string };
      expect(ready.status).toBe('ready');
    }
    expect(worker.proc.output()).toContain('tariff-notifications letters-worker ready');
    // The worker's port is for probes only: no API behind it.
    expect((await fetch(`${worker.url}/letters`, { method: 'POST' })).status).toBe(404);

    const res = await fetch(`${api.url}/letters`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        key: 'compiled-build:1',
        kind: 'tariff-letter',
        to: ['tilbud@leverandor.test'],
        subject: 'Takststigning over P/L',
        text: 'Kære leverandør. Vi beder om en begrundelse for takststigningen.',
      }),
    });
    expect([res.status, await res.text()]).toEqual([202, expect.any(String)]);
    const [mail] = await smtp.waitFor(1);
    expect(mail?.headers.get('x-delivery-key')).toBe('compiled-build:1');
  }, 60_000);

  it('When a role is unknown, then the process refuses to start and names the roles', async () => {
    const proc = spawnManaged(process.execPath, [path.join(app, 'dist/main.js'), 'sweeper'], {
      cwd: app,
      env: { ...env, PORT: '0' },
    });
    await until(
      () => Promise.resolve(proc.output()),
      (out) => out.includes('unknown role'),
      10_000,
    );
    expect(proc.output()).toContain('api, letters-worker, reconciler');
    await proc.stop();
  });
});

/**
 * The portal's and the contracts service's roles the same way (issue 17): an API and a worker
 * role of each from its own deploy folder, each answering /readyz; the bundles were built once
 * above.
 */
describe.each([
  { service: 'order-portal', roles: ['api', 'events-worker', 'housekeeping'] },
  { service: 'standard-contract', roles: ['api', 'sweeper'] },
] as const)('$service from its deploy folder, one process per role', ({ service, roles }) => {
  let app: string;
  let env: NodeJS.ProcessEnv;
  const procs: ManagedProcess[] = [];

  beforeAll(() => {
    app = deployFolder(service);
    env = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      ...testEnv(),
      MONGO_DB: uniqueName(`compiled_${service}`),
      HOST: '127.0.0.1',
      AUTH_ISSUER: 'http://127.0.0.1/compiled-idp',
      AUTH_JWKS_URL: 'http://127.0.0.1:1/unused',
      LOG_LEVEL: 'info',
    };
  }, 120_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
  });

  it.each(roles)(
    'When the %s role runs as node dist/main.js, then it answers /healthz and /readyz ready, and only the API documents routes',
    async (role) => {
      const port = await freePort();
      const proc = spawnManaged(process.execPath, [path.join(app, 'dist/main.js'), role], {
        cwd: app,
        env: { ...env, PORT: String(port) },
      });
      procs.push(proc);
      const url = `http://127.0.0.1:${port}`;
      const status = await until(
        async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status,
        (s) => s === 200,
        30_000,
      );
      if (status !== 200) throw new Error(`${role} not ready (${status}):\n${proc.output()}`);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const ready = (await (await fetch(`${url}/readyz`)).json()) as { status: string };
      expect(ready.status).toBe('ready');
      // The API documents its routes; a worker's port has the probes only.
      const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { paths?: object };
      const routes = Object.keys(doc.paths ?? {}).length;
      if (role === 'api') expect(routes).toBeGreaterThan(5);
      else {
        expect(routes).toBe(0);
        expect(proc.output()).toContain(`${service} ${role} ready`);
      }
    },
    45_000,
  );
});
