/**
 * The whole suite on one machine with embedded defaults: FerretDB and redis-server (data kept in
 * .data/), a mail catcher with a page to read the letters, a local identity provider for the demo
 * users, and the three services with demo data. Ctrl-C stops everything.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { Redis } from 'ioredis';
import {
  createDevIdentityServer,
  createLocalIdentityProvider,
  createSignInGuard,
  type DevUser,
} from '@rammeaftale/auth';
import { escapeHtml as esc } from '@rammeaftale/http';
import {
  repoRoot,
  spawnManaged,
  describeInfra,
  startInfra,
  startSmtpCatcher,
  waitForPort,
  type CapturedMail,
  type ManagedProcess,
} from '@rammeaftale/testing';
import { seedContractHistory } from './demo-history';

const ROOT = repoRoot();
const PORTS = {
  portal: Number(process.env.PORTAL_PORT ?? 3000),
  contracts: Number(process.env.CONTRACTS_PORT ?? 3001),
  notifications: Number(process.env.NOTIFICATIONS_PORT ?? 3002),
  idp: Number(process.env.IDP_PORT ?? 4000),
  mailPage: Number(process.env.MAIL_PAGE_PORT ?? 1080),
  smtp: Number(process.env.SMTP_PORT ?? 1025),
};

/**
 * The demo users (password "demo"); the private supplier's organisation is taken from the demo
 * data once loaded.
 */
export const DEMO_USERS: DevUser[] = [
  {
    userId: 'sagsbehandler-greve',
    name: 'Sagsbehandler, Greve Kommune',
    role: 'caseworker',
    organisationId: 'mun-253',
  },
  {
    userId: 'sagsbehandler-koege',
    name: 'Sagsbehandler, Køge Kommune',
    role: 'caseworker',
    organisationId: 'mun-259',
  },
  {
    userId: 'leverandoer-privat',
    name: 'Leverandør (privat tilbud)',
    role: 'supplier',
    organisationId: 'cvr-unknown',
  },
  {
    userId: 'leverandoer-roskilde',
    name: 'Leverandør, Roskilde Kommunes tilbud',
    role: 'supplier',
    organisationId: 'mun-265',
  },
  {
    userId: 'sekretariat',
    name: 'Sekretariatet for Rammeaftale Sjælland',
    role: 'secretariat',
    organisationId: 'secretariat',
  },
  {
    userId: 'socialtilsyn-oest',
    name: 'Socialtilsyn Øst',
    role: 'authority',
    organisationId: 'socialtilsyn-oest',
  },
  {
    userId: 'driftsoperatoer',
    name: 'Driftsoperatør',
    role: 'operator',
    organisationId: 'operator',
  },
].map((u) => ({ ...u, role: u.role as DevUser['role'], password: 'demo' }));

/** Development-only keys, made once and kept with the data they protect (.data/). */
function devSecrets(dir: string): { cprKeys: string; lookupKey: string; sessionKey: string } {
  const file = path.join(dir, 'dev-secrets.json');
  const kept = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<ReturnType<typeof devSecrets>>)
    : {};
  const secrets = {
    cprKeys: kept.cprKeys ?? `dev1:${randomBytes(32).toString('base64')}`,
    lookupKey: kept.lookupKey ?? randomBytes(32).toString('base64'),
    sessionKey: kept.sessionKey ?? randomBytes(32).toString('base64'),
  };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

const SERVICE_CLIENTS = ['order-portal', 'standard-contract', 'tariff-notifications'] as const;
const devSecret = (client: string) => `dev-secret-${client}`;

async function main(): Promise<void> {
  // DATA_DIR: another place for the data (the screenshots script starts on an empty one).
  const data = process.env.DATA_DIR ? path.resolve(process.env.DATA_DIR) : path.join(ROOT, '.data');
  mkdirSync(path.join(data, 'ferretdb'), { recursive: true });
  mkdirSync(path.join(data, 'redis'), { recursive: true });
  const secrets = devSecrets(data);
  const infra = await startInfra({
    dataDir: { mongo: path.join(data, 'ferretdb'), redis: path.join(data, 'redis') },
  });

  const mails: CapturedMail[] = [];
  const smtp = await startSmtpCatcher({ port: PORTS.smtp, onMail: () => undefined });
  const mailPage = express();
  mailPage.get('/', (_req, res) => {
    mails.splice(0, mails.length, ...smtp.messages);
    const rows = [...mails]
      .reverse()
      .map(
        (m, i) =>
          `<tr><td>${esc(m.receivedAt.toISOString())}</td><td>${esc(m.envelopeTo.join(', '))}</td><td><a href="/mail/${mails.length - 1 - i}">${esc(m.subject)}</a></td></tr>`,
      )
      .join('');
    res
      .type('html')
      .send(
        `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Sendte breve</title></head><body><h1>Sendte breve (lokal mail-catcher)</h1><table><thead><tr><th>Modtaget</th><th>Til</th><th>Emne</th></tr></thead><tbody>${rows}</tbody></table></body></html>`,
      );
  });
  mailPage.get('/mail/:i', (req, res) => {
    const m = smtp.messages[Number(req.params.i)];
    if (!m) return void res.status(404).send('Ikke fundet');
    res
      .type('html')
      .send(
        `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>${esc(m.subject)}</title></head><body><p><a href="/">Tilbage</a></p><h1>${esc(m.subject)}</h1><p>Til: ${esc(m.envelopeTo.join(', '))}<br>Message-ID: ${esc(m.messageId)}</p><pre>${esc(m.text)}</pre>${m.attachments.map((a) => `<p>Bilag: ${esc(a.filename)} (${esc(a.contentType)})</p>`).join('')}</body></html>`,
      );
  });
  mailPage.listen(PORTS.mailPage, '127.0.0.1');

  const idpUrl = `http://127.0.0.1:${PORTS.idp}`;
  const idp = await createLocalIdentityProvider({ issuer: idpUrl });
  const portalUrl = `http://127.0.0.1:${PORTS.portal}`;
  const idpRedis = new Redis(infra.redisUrl, { maxRetriesPerRequest: 1 });
  const idpApp = createDevIdentityServer({
    idp,
    users: DEMO_USERS,
    clients: SERVICE_CLIENTS.map((c) => ({
      clientId: c,
      secret: devSecret(c),
      // Only the portal signs people in; the other services use client credentials alone.
      redirectUris:
        c === 'order-portal'
          ? [`${portalUrl}/log-ind/callback`, `http://localhost:${PORTS.portal}/log-ind/callback`]
          : [],
    })),
    guard: createSignInGuard({
      redis: idpRedis,
      prefix: 'dev-idp',
      maxUserFailures: 5,
      maxAddressFailures: 20,
      windowSeconds: 900,
      lockSeconds: 900,
    }),
    tokenShortcut: true,
    onSignIn: (e) => console.log(`[dev-idp] sign-in ${e.outcome}${e.userId ? ` ${e.userId}` : ''}`),
  });
  idpApp.listen(PORTS.idp, '127.0.0.1');

  const common = {
    ...process.env,
    NODE_ENV: 'development',
    MONGO_URL: infra.mongoUrl,
    REDIS_URL: infra.redisUrl,
    AUTH_ISSUER: idpUrl,
    AUTH_JWKS_URL: `${idpUrl}/.well-known/jwks.json`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  };
  const services: [string, string, number, NodeJS.ProcessEnv][] = [
    [
      'order-portal',
      'services/order-portal/src/main.ts',
      PORTS.portal,
      {
        DEMO_DATA: 'true',
        CPR_KEYS: secrets.cprKeys,
        CPR_LOOKUP_KEY: secrets.lookupKey,
        SESSION_KEY: secrets.sessionKey,
        PUBLIC_URL: portalUrl,
      },
    ],
    [
      'standard-contract',
      'services/standard-contract/src/main.ts',
      PORTS.contracts,
      {
        // Reports of large tariff increases go to the supervising authority's address (the mail catcher here).
        AUTHORITIES: JSON.stringify({
          'Socialtilsyn Øst': {
            email: 'indberetning@socialtilsyn-oest.dk',
            organisationId: 'socialtilsyn-oest',
          },
        }),
      },
    ],
    [
      'tariff-notifications',
      'services/tariff-notifications/src/main.ts',
      PORTS.notifications,
      // The local mail catcher speaks plain SMTP; production requires TLS (SMTP_REQUIRE_TLS).
      { SMTP_URL: smtp.url, SMTP_REQUIRE_TLS: 'false' },
    ],
  ];
  let stopping = false;
  const children: ManagedProcess[] = services.map(([name, entry, port, env]) =>
    spawnManaged(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, entry)], {
      cwd: ROOT,
      env: {
        ...common,
        PORT: String(port),
        AUTH_TOKEN_URL: `${idpUrl}/oauth/token`,
        AUTH_CLIENT_ID: name,
        AUTH_CLIENT_SECRET: devSecret(name),
        ORDER_PORTAL_URL: `http://127.0.0.1:${PORTS.portal}`,
        STANDARD_CONTRACT_URL: `http://127.0.0.1:${PORTS.contracts}`,
        TARIFF_NOTIFICATIONS_URL: `http://127.0.0.1:${PORTS.notifications}`,
        ...env,
      },
      echo: true,
      // Longer than the services' own shutdown grace (SHUTDOWN_GRACE_MS, 10 s by default).
      stopGraceMs: 15_000,
      onExit: (code) => {
        if (!stopping) console.error(`${name} exited with code ${code}`);
      },
    }),
  );

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all(children.map((c) => c.stop()));
    await smtp.close();
    idpRedis.disconnect();
    await infra.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  for (const [name, , port] of services) {
    await waitForPort(port, 120_000).catch(() =>
      console.error(`${name} did not open port ${port}`),
    );
  }
  await waitReady(services.map(([, , port]) => port));

  await adoptDemoProvider(`http://127.0.0.1:${PORTS.portal}`, idp);

  console.log(`
Rammeaftale Sjælland is running (${describeInfra(infra)})

  Portal (bestillingsportal)     http://127.0.0.1:${PORTS.portal}/
  order-portal API docs          http://127.0.0.1:${PORTS.portal}/docs   (OpenAPI: /openapi.json)
  standard-contract API docs     http://127.0.0.1:${PORTS.contracts}/docs
  tariff-notifications API docs  http://127.0.0.1:${PORTS.notifications}/docs
  Mail catcher (sent letters)    http://127.0.0.1:${PORTS.mailPage}/   (SMTP ${smtp.url})
  Demo users and tokens          ${idpUrl}/   (password "demo"; curl ${idpUrl}/token/sagsbehandler-greve)

Press Ctrl-C to stop.`);
  // The contracts' and tariffs' history, through the services' APIs, while the portal is already
  // usable (a few minutes on a first start; a second start finds it made and says so).
  void seedContractHistory({
    portalUrl: `http://127.0.0.1:${PORTS.portal}`,
    contractsUrl: `http://127.0.0.1:${PORTS.contracts}`,
    notificationsUrl: `http://127.0.0.1:${PORTS.notifications}`,
    issue: (actor) => idp.issue(actor),
    log: (line) => console.log(line),
    today: new Date().toISOString().slice(0, 10),
  }).catch((err: unknown) => console.error('demo history could not be made', err));
}

/** Points the private demo supplier at the first private provider of the demo data. */
async function adoptDemoProvider(
  portalUrl: string,
  idp: Awaited<ReturnType<typeof createLocalIdentityProvider>>,
): Promise<void> {
  const token = await idp.issue({
    userId: 'sekretariat',
    role: 'secretariat',
    organisationId: 'secretariat',
  });
  const res = await fetch(`${portalUrl}/api/organisations?kind=private`, {
    headers: { authorization: `Bearer ${token}` },
  }).catch(() => undefined);
  const body = res?.ok
    ? ((await res.json()) as { items: { id: string; name: string }[] })
    : undefined;
  const first = body?.items[0];
  const user = DEMO_USERS.find((u) => u.userId === 'leverandoer-privat')!;
  if (first) {
    user.organisationId = first.id;
    user.name = `Leverandør, ${first.name}`;
  }
}

async function waitReady(ports: number[]): Promise<void> {
  for (const port of ports) {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > deadline) {
        console.error(`service on port ${port} is not ready`);
        break;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
