/**
 * The one way tests start the notifications service: in-process with its worker, on its own
 * database and queue prefix, sending to a real SMTP catcher, verifying tokens of a local identity
 * provider, logging through a captured `testLogger` the test can read. Other services' tests and
 * the cross-service flows start it with their own identity provider, mail catcher or port.
 */
import path from 'node:path';
import { createLocalIdentityProvider, type LocalIdentityProvider } from '@rammeaftale/auth';
import {
  PARTIES,
  bearer,
  repoRoot,
  spawnManaged,
  startSmtpCatcher,
  testEnv,
  testLogger,
  tokensFor,
  uniqueName,
  type PartyName,
  type SmtpCatcher,
  type TestLogger,
} from '@rammeaftale/testing';
import { tariffNotificationsEnv } from '../../src/config';
import { startTariffNotifications, type TariffNotifications } from '../../src/start';

export interface NotificationsHarness {
  svc: TariffNotifications;
  smtp: SmtpCatcher;
  idp: LocalIdentityProvider;
  url: string;
  /** The queue key prefix of this start (Redis keys `<prefix>:*`). */
  prefix: string;
  /** What the service logged. */
  log: TestLogger;
  /** A bearer token for every party of `PARTIES`. */
  tokens: Record<PartyName, string>;
  /** The `authorization` header of a party. */
  headers: (name: PartyName) => { authorization: string };
  /** Stops the service, and the SMTP catcher when this start made it. */
  close: () => Promise<void>;
}

export interface NotificationsOptions {
  /** Names the database, queue prefix and logger (default `tn`). */
  name?: string;
  /** Settings over the test defaults (e.g. `RETRY_BASE_MS`). */
  env?: Record<string, string>;
  /** The identity provider of the calling test, so its tokens are accepted here. */
  idp?: LocalIdentityProvider;
  /** A mail catcher of the calling test; default: one of its own, closed with the service. */
  smtp?: SmtpCatcher;
  /** A fixed port (default: any free one). */
  port?: number;
}

export async function startNotifications(
  opts: NotificationsOptions = {},
): Promise<NotificationsHarness> {
  const name = opts.name ?? 'tn';
  const idp = opts.idp ?? (await createLocalIdentityProvider());
  const smtp = opts.smtp ?? (await startSmtpCatcher());
  const prefix = uniqueName(name);
  const log = testLogger(name);
  const svc = await startTariffNotifications(
    tariffNotificationsEnv.parse({
      ...testEnv(),
      PORT: String(opts.port ?? 0),
      MONGO_DB: prefix,
      SMTP_URL: smtp.url,
      SMTP_REQUIRE_TLS: 'false', // the catcher speaks plain SMTP (smtp-tls.test.ts turns it on)
      AUTH_ISSUER: idp.issuer,
      AUTH_JWKS_URL: 'http://127.0.0.1:1/unused',
      ...opts.env,
    }),
    { logger: log.logger, verifier: idp.verifier, queuePrefix: prefix },
  );
  const tokens = await tokensFor(idp, Object.keys(PARTIES) as PartyName[]);
  return {
    svc,
    smtp,
    idp,
    url: svc.http.url,
    prefix,
    log,
    tokens,
    headers: (party) => bearer(tokens[party]),
    close: async () => {
      await svc.close();
      if (!opts.smtp) await smtp.close();
    },
  };
}

/** The service running as a process of its own. */
export interface NotificationsProcess {
  /** SIGKILL, no shutdown of any kind (a crash); resolves when the process is gone. */
  crash: () => Promise<void>;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code once the process is gone. */
  terminate: (signal?: NodeJS.Signals) => Promise<number | null>;
  /** The exit code once it has exited by itself (undefined while it runs). */
  exitCode: () => number | null | undefined;
  /** The last 20 kB the process printed. */
  output: () => string;
}

/**
 * The service as its own node process (for crash tests: SIGKILL must kill the real worker), run
 * with tsx as a loader, not the tsx CLI, which runs the program in a child of its own. Its log
 * lines go to the end-of-run CPR scan file like an in-process service's (spawnManaged). `role`
 * runs one part only (`api`, `letters-worker`, `reconciler`), as the image's CMD does.
 */
export function spawnNotificationsProcess(
  env: NodeJS.ProcessEnv,
  role?: string,
): NotificationsProcess {
  let exited: { code: number | null } | undefined;
  const waiters: (() => void)[] = [];
  const child = spawnManaged(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, '../../src/main.ts'), ...(role ? [role] : [])],
    {
      env,
      cwd: repoRoot(),
      onExit: (code) => {
        exited = { code };
        for (const w of waiters.splice(0)) w();
      },
    },
  );
  const signal = async (name: NodeJS.Signals) => {
    if (exited || child.pid === undefined) return exited?.code ?? null;
    const gone = new Promise<void>((resolve) => waiters.push(resolve));
    process.kill(child.pid, name);
    await gone;
    return exited!.code;
  };
  return {
    crash: async () => void (await signal('SIGKILL')),
    terminate: (name = 'SIGTERM') => signal(name),
    exitCode: () => exited?.code,
    output: child.output,
  };
}
