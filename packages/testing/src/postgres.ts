import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort, waitForPort } from './ports';
import { spawnManaged } from './processes';

/**
 * The PostgreSQL server under FerretDB (ADR 0002). Either the server PG_URL names — each run gets
 * a database of its own there, dropped at the end unless it is the start command's named one — or
 * a private cluster of Debian's `postgresql` package: `initdb` into the data folder, a free
 * loopback port, trust auth on loopback only, run as an unprivileged user because PostgreSQL
 * refuses to run as root.
 */
export interface RunningPostgres {
  /** A URL FerretDB's `--postgresql-url` takes. */
  url: string;
  kind: 'external' | 'local';
  /** Stops the server (a private cluster) or lets go of it; a run's own database is dropped. */
  stop: () => Promise<void>;
  /** Stops, then removes the data too: the private cluster's folder or PG_URL's database. */
  discard: () => Promise<void>;
}

export interface PostgresOptions {
  /** The cluster's data folder, kept between runs (the start command); a temporary one otherwise. */
  dataDir?: string;
  /**
   * With PG_URL: the database to use, kept after `stop` (the start command's, a restart test's).
   * Without it, a database named for this run is created and dropped at `stop`.
   */
  database?: string;
}

/** The newest installed PostgreSQL's binaries (Debian puts them under /usr/lib/postgresql/N/bin). */
export function postgresBinDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    throw new Error(
      'PostgreSQL not found: run `bash scripts/setup.sh` (installs Debian’s postgresql) or set PG_URL',
    );
  }
  return path.join(root, versions[0], 'bin');
}

/** Who runs the private cluster: this process, or the `postgres` (else `nobody`) user when root. */
function clusterUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      // not on this machine; try the next
    }
  }
  throw new Error('running as root and neither a postgres nor a nobody user exists');
}

/** `cmd args` as the cluster's user (setpriv execs in place: signals reach PostgreSQL itself). */
function asClusterUser(cmd: string, args: string[]): [string, string[]] {
  const user = clusterUser();
  if (!user) return [cmd, args];
  return [
    'setpriv',
    [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', cmd, ...args],
  ];
}

const runDatabaseName = () =>
  `rammeaftale_run_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

async function onServer<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database of this run's own on the server PG_URL names. */
async function externalDatabase(pgUrl: string, keep?: string): Promise<RunningPostgres> {
  const name = keep ?? runDatabaseName();
  await onServer(pgUrl, async (c) => {
    const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await c.query(`CREATE DATABASE "${name}"`);
  });
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    await onServer(pgUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  };
  return {
    url: url.toString(),
    kind: 'external',
    stop: keep ? () => Promise.resolve() : drop,
    discard: drop,
  };
}

/** A private cluster in `dataDir` (created on first use) on a free loopback port. */
async function localCluster(dataDir: string, temporary: boolean): Promise<RunningPostgres> {
  const bin = postgresBinDir();
  const user = clusterUser();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (user) {
    chownSync(dataDir, user.uid, user.gid);
    // The cluster's user must pass through the folder it lives in (a mkdtemp folder is 0700):
    // search permission only, so it reaches its own folder by name and lists nothing else.
    const parent = path.dirname(dataDir);
    chmodSync(parent, statSync(parent).mode | 0o001);
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const [cmd, args] = asClusterUser(path.join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-instructions',
    ]);
    execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  }
  const port = await freePort();
  const settings = [
    '-c',
    `port=${port}`,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${dataDir}`,
    '-c',
    'max_connections=300',
    // A temporary cluster holds test data only: durability buys nothing there.
    ...(temporary
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
      : []),
  ];
  const [cmd, args] = asClusterUser(path.join(bin, 'postgres'), ['-D', dataDir, ...settings]);
  // SIGINT is PostgreSQL's fast shutdown (SIGTERM waits for every client to leave).
  const proc = spawnManaged(cmd, args, { scanOutput: false, stopSignal: 'SIGINT' });
  try {
    await waitForPort(port);
    await waitForReady(`postgres://postgres@127.0.0.1:${port}/postgres`);
  } catch (err) {
    await proc.stop();
    throw new Error(`PostgreSQL did not start: ${(err as Error).message}\n${proc.output()}`);
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    kind: 'local',
    stop: async () => {
      await proc.stop();
      if (temporary) rmSync(dataDir, { recursive: true, force: true });
    },
    discard: async () => {
      await proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The port opens before the server accepts sessions ("the database system is starting up"). */
async function waitForReady(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await onServer(url, (c) => c.query('SELECT 1'));
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** PostgreSQL for FerretDB: PG_URL's server if set, else a private cluster. */
export async function startPostgres(opts: PostgresOptions = {}): Promise<RunningPostgres> {
  const pgUrl = process.env.PG_URL;
  if (pgUrl) return externalDatabase(pgUrl, opts.database);
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'postgres-'));
  return localCluster(dataDir, !opts.dataDir);
}
