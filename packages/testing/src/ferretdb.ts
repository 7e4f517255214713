import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './ports';
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
  process: ManagedProcess;
  stop: () => Promise<void>;
}

/** Starts FerretDB with the SQLite handler on a free loopback port; telemetry off. */
export async function startFerretDb(
  opts: { dataDir?: string; port?: number } = {},
): Promise<RunningFerret> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'ferretdb-'));
  const port = opts.port ?? (await freePort());
  const debugPort = await freePort();
  const proc = spawnManaged(
    ferretBinary(),
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--state-dir=${dataDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      `--debug-addr=127.0.0.1:${debugPort}`,
      '--telemetry=disable',
      '--log-level=error',
      '--log-format=json',
    ],
    { scanOutput: false },
  );
  try {
    await waitForPort(port);
  } catch (err) {
    await proc.stop();
    throw new Error(`FerretDB did not start: ${(err as Error).message}\n${proc.output()}`);
  }
  return { url: `mongodb://127.0.0.1:${port}`, process: proc, stop: proc.stop };
}
