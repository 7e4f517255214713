import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import type { Readable } from 'node:stream';

const children = new Set<ChildProcess>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  // A test run or dev session that ends must not leave servers behind.
  process.once('exit', () => {
    for (const c of children) c.kill('SIGKILL');
  });
}

export interface ManagedProcess {
  pid: number | undefined;
  output: () => string;
  stop: () => Promise<void>;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Add the child's lines to LOG_SCAN_FILE (default). Off for the database and Redis servers:
   * their output is not the suite's logging, and its pids and Unix times only give false hits.
   */
  scanOutput?: boolean;
  /** Also print the child's output on this process's stdout and stderr (the dev start). */
  echo?: boolean;
  /** How long `stop` waits after its signal before SIGKILL; default 5 s. */
  stopGraceMs?: number;
  /** The signal `stop` sends first; default SIGTERM (PostgreSQL's fast shutdown is SIGINT). */
  stopSignal?: NodeJS.Signals;
  /** Called when the child exits, for whoever started it. */
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

/**
 * Hands each complete line of `stream` to `onLines`. A service's log lines arrive in chunks that
 * need not end at a line break; the rest waits for the next chunk or the end.
 */
function byLines(stream: Readable | null, onLines: (text: string) => void): void {
  let partial = '';
  stream?.on('data', (b: Buffer) => {
    const text = partial + b.toString('utf8');
    const end = text.lastIndexOf('\n');
    partial = text.slice(end + 1);
    if (end >= 0) onLines(text.slice(0, end + 1));
  });
  stream?.on('end', () => {
    if (partial) onLines(`${partial}\n`);
    partial = '';
  });
}

/**
 * Spawns a server process whose output is kept (last 20 kB) for error messages. When the test
 * command set LOG_SCAN_FILE, every line the child prints is added to it, so what a spawned
 * service logs is in the end-of-run CPR scan like what an in-process one logs (testLogger).
 */
export function spawnManaged(cmd: string, args: string[], opts: SpawnOptions = {}): ManagedProcess {
  hookExit();
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (opts.echo) {
    child.stdout?.pipe(process.stdout, { end: false });
    child.stderr?.pipe(process.stderr, { end: false });
  }
  const scanFile = process.env.LOG_SCAN_FILE;
  if (scanFile && opts.scanOutput !== false) {
    const scan = (lines: string) => appendFileSync(scanFile, lines);
    byLines(child.stdout, scan);
    byLines(child.stderr, scan);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    children.delete(child);
    opts.onExit?.(code, signal);
  });
  return {
    pid: child.pid,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(opts.stopSignal ?? 'SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.stopGraceMs ?? 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
