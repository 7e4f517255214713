import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnManaged, testLogger } from '../src';

const scanFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'scan-')), 'logs.jsonl');

async function withScanFile<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.LOG_SCAN_FILE;
  process.env.LOG_SCAN_FILE = file;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.LOG_SCAN_FILE;
    else process.env.LOG_SCAN_FILE = before;
  }
}

async function until(ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

describe('the CPR scan sees what was logged', () => {
  it('When LOG_SCAN_FILE is set, then every line a spawned process prints on stdout and stderr is appended to it', async () => {
    const file = scanFile();
    // Half a line on stdout, a line on stderr before its rest, and a last line without its break:
    // the scan file must get whole lines, never one stream's half line glued to the other's.
    const script = [
      'const later = (ms, f) => setTimeout(f, ms);',
      'process.stdout.write(\'{"msg":"one"}\\n{"msg":\');',
      "later(50, () => process.stderr.write('three\\n'));",
      'later(100, () => process.stdout.write(\'"two"}\\n\'));',
      "later(150, () => process.stderr.write('four'));",
    ].join('');
    let onExit: (code: number | null) => void = () => undefined;
    const exited = new Promise<number | null>((resolve) => (onExit = resolve));
    await withScanFile(file, () =>
      Promise.resolve(spawnManaged(process.execPath, ['-e', script], { onExit })),
    );
    expect(await exited).toBe(0);
    const text = () => (existsSync(file) ? readFileSync(file, 'utf8') : '');
    await until(() => text().includes('four'));
    expect(text().split('\n').filter(Boolean).sort()).toEqual(
      ['{"msg":"one"}', '{"msg":"two"}', 'three', 'four'].sort(),
    );
  });

  it('When a server is spawned with scanOutput off (the database, Redis), then its lines stay out of the scan file', async () => {
    const file = scanFile();
    let onExit: (code: number | null) => void = () => undefined;
    const exited = new Promise<number | null>((resolve) => (onExit = resolve));
    await withScanFile(file, () =>
      Promise.resolve(
        spawnManaged(process.execPath, ['-e', "console.log('signal-handler (1796201879)')"], {
          scanOutput: false,
          onExit,
        }),
      ),
    );
    expect(await exited).toBe(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(file)).toBe(false);
  });

  it('When LOG_SCAN_FILE is set, then a test logger captures its lines for the test and adds them to the file', async () => {
    const file = scanFile();
    const log = await withScanFile(file, () => Promise.resolve(testLogger('scan-test')));
    log.logger.info({ orderId: 'o-1' }, 'order read');
    expect(log.withMessage('order read')).toEqual([
      expect.objectContaining({ orderId: 'o-1', service: 'scan-test' }),
    ]);
    expect(readFileSync(file, 'utf8')).toContain('"msg":"order read"');
    log.clear();
    expect(log.lines()).toEqual([]);
  });
});
