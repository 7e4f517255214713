import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './ports';
import { startPostgres, type RunningPostgres } from './postgres';
import { spawnManaged, type ManagedProcess } from './processes';
import { repoRoot } from './repo';

export const FERRETDB_VERSION = 'v1.24.2';

/** The cached binary built by scripts/ensure-ferretdb.sh, or FERRETDB_BIN. */
export function ferretBinary(): string {
  if (process.env.FERRETDB_BIN) return process.env.FERRETDB_BIN;
  const dir = path.join(repoRoot(), '.cache', 'ferretdb');
  const bin = path.join(dir, `ferretdb-${FERRETDB_VERSION}`);
  if (existsSync(bin)) return bin;
  const found = existsSync(dir)
    ? readdirSync(dir).find((f) => f.startsWith('ferretdb-v'))
    : undefined;
  if (found) return path.join(dir, found);
  throw new Error(
    'FerretDB binary not found: run `bash scripts/ensure-ferretdb.sh` (or set MONGO_URL)',
  );
}

export interface RunningFerret {
  url: string;
  /** Where FerretDB keeps its documents: PG_URL's server or a private cluster. */
  postgres: RunningPostgres['kind'];
  process: ManagedProcess;
  /** Stops FerretDB and its PostgreSQL; a persistent `dataDir`'s documents stay for a restart. */
  stop: () => Promise<void>;
  /** Stops and removes the documents too (a restart test's clean-up). */
  discard: () => Promise<void>;
}

/**
 * Starts FerretDB with its PostgreSQL handler on a free loopback port, telemetry off, over
 * `startPostgres` (PG_URL's server, or a private cluster in `dataDir/postgres`). Stopping stops
 * FerretDB first, then its PostgreSQL. With a `dataDir` the documents outlive `stop` — in the
 * cluster there, or with PG_URL in a database named after the folder — so a restart finds them.
 * ADR 0002 says why PostgreSQL and not SQLite.
 */
export async function startFerretDb(
  opts: { dataDir?: string; port?: number; database?: string } = {},
): Promise<RunningFerret> {
  const temporary = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'ferretdb-'));
  const pg = await startPostgres({
    dataDir: temporary ? undefined : path.join(dataDir, 'postgres'),
    database: opts.database ?? (temporary ? undefined : databaseFor(dataDir)),
  });
  const port = opts.port ?? (await freePort());
  const debugPort = await freePort();
  const proc = spawnManaged(
    ferretBinary(),
    [
      '--handler=postgresql',
      `--postgresql-url=${pg.url}`,
      `--state-dir=${dataDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      `--debug-addr=127.0.0.1:${debugPort}`,
      '--telemetry=disable',
      '--log-level=error',
      '--log-format=json',
    ],
    { scanOutput: false },
  );
  const stop = async () => {
    await proc.stop();
    await pg.stop();
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
  };
  const discard = async () => {
    await proc.stop();
    await pg.discard();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port);
  } catch (err) {
    await stop();
    throw new Error(`FerretDB did not start: ${(err as Error).message}\n${proc.output()}`);
  }
  return { url: `mongodb://127.0.0.1:${port}`, postgres: pg.kind, process: proc, stop, discard };
}

/** PG_URL's database for a persistent data folder: the same folder, the same database. */
const databaseFor = (dataDir: string) =>
  `rammeaftale_${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12)}`;
