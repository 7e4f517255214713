import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports';
import { spawnManaged, type ManagedProcess } from './processes';

export interface RunningRedis {
  url: string;
  port: number;
  process: ManagedProcess;
  stop: () => Promise<void>;
}

function redisServerBinary(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'redis-server not found: run `bash scripts/setup.sh` (installs it) or set REDIS_URL',
    );
  }
}

/** Sends PING until the server answers PONG. */
export async function waitForRedis(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect({ port, host: '127.0.0.1' });
      sock.setTimeout(1000);
      sock.once('connect', () => sock.write('PING\r\n'));
      sock.once('data', (d) => {
        sock.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
      sock.once('error', () => resolve(false));
      sock.once('timeout', () => {
        sock.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis on port ${port} did not answer PING`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A private redis-server with the settings BullMQ asks for in production: AOF on and
 * `noeviction`, so queued jobs are neither evicted nor lost on restart.
 */
export async function startRedis(
  opts: { dir?: string; port?: number } = {},
): Promise<RunningRedis> {
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'redis-'));
  const port = opts.port ?? (await freePort());
  const proc = spawnManaged(
    redisServerBinary(),
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--maxmemory-policy',
      'noeviction',
      '--save',
      '',
      '--daemonize',
      'no',
    ],
    { scanOutput: false },
  );
  try {
    await waitForRedis(port);
  } catch (err) {
    await proc.stop();
    throw new Error(`redis-server did not start: ${(err as Error).message}\n${proc.output()}`);
  }
  return { url: `redis://127.0.0.1:${port}`, port, process: proc, stop: proc.stop };
}
