import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { createLogger, withCorrelation, scrubCpr } from './index';

// (packages/testing's testLogger builds on this package, so its tests capture by hand.)
function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      cb();
    },
  });
  return { lines, logger: createLogger({ service: 'test', destination: stream }) };
}

describe('logger', () => {
  it('When logging inside a correlation scope, then every line carries the id', () => {
    const { lines, logger } = capture();
    withCorrelation('req-42', () => logger.info('hello'));
    expect(lines[0]).toMatchObject({ msg: 'hello', correlationId: 'req-42', service: 'test' });
  });

  it('When a CPR number appears in a named field, then it is redacted', () => {
    const { lines, logger } = capture();
    logger.info(
      { citizen: { cpr: '0101901234' }, req: { headers: { authorization: 'Bearer abc' } } },
      'x',
    );
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('0101901234');
    expect(text).not.toContain('Bearer abc');
  });

  it('When a CPR number appears in free text or an error, then it is scrubbed', () => {
    const { lines, logger } = capture();
    logger.warn('lookup of 010190-1234 failed');
    logger.error({ err: new Error('bad 0101901234 value') }, 'failed');
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/0101901234|010190-1234/);
    expect(text).toContain('[CPR REDACTED]');
  });

  it('When a longer number contains ten digits, then it is left alone', () => {
    expect(scrubCpr('EAN 5798000000001')).toBe('EAN 5798000000001');
    expect(scrubCpr('cpr 120345 6789.')).toBe('cpr [CPR REDACTED].');
  });
});

describe('where lines go', () => {
  const scanFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'log-dest-')), 'scan.jsonl');

  it('When a destination is given, then a line goes to it only: not to stdout, not to a LOG_SCAN_FILE', () => {
    const file = scanFile();
    const before = process.env.LOG_SCAN_FILE;
    process.env.LOG_SCAN_FILE = file;
    const stdout = jest.spyOn(process.stdout, 'write');
    try {
      const { lines, logger } = capture();
      logger.info({ orderId: 'o-1' }, 'only here');
      expect(lines).toEqual([expect.objectContaining({ msg: 'only here', orderId: 'o-1' })]);
      expect(stdout).not.toHaveBeenCalled();
      expect(existsSync(file)).toBe(false);
    } finally {
      stdout.mockRestore();
      if (before === undefined) delete process.env.LOG_SCAN_FILE;
      else process.env.LOG_SCAN_FILE = before;
    }
  });

  it('When no destination is given, then a line goes to stdout, and LOG_SCAN_FILE is not written', async () => {
    const file = scanFile();
    const script = `require(${JSON.stringify(path.join(__dirname, 'index.ts'))}).createLogger({ service: 'child' }).info('to stdout')`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '-e', script],
      { env: { ...process.env, LOG_SCAN_FILE: file } },
    );
    expect(JSON.parse(stdout.trim())).toMatchObject({ msg: 'to stdout', service: 'child' });
    expect(existsSync(file)).toBe(false);
  });
});
