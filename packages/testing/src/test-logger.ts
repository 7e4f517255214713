import { appendFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@rammeaftale/logging';

/** One captured log line, parsed. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

export interface TestLogger {
  /** A production logger (createLogger) writing to the capture instead of stdout. */
  logger: Logger;
  /** Every line written so far, parsed. */
  lines: () => LogLine[];
  /** The lines whose message is `msg`. */
  withMessage: (msg: string) => LogLine[];
  /** Everything written so far as text, for "this must not appear anywhere" assertions. */
  text: () => string;
  /** Forgets what was captured (between tests). */
  clear: () => void;
}

/**
 * The logger every test hands to a service it starts: the real `createLogger` with its redaction
 * and CPR scrubbing, writing into a stream the test reads (`lines()`), so a test can assert on
 * what an operation logged. The test command also gives every line to the end-of-run CPR scan
 * (LOG_SCAN_FILE, set by scripts/with-infra.ts). `TEST_LOG_LEVEL=debug` prints lines to stderr too.
 *
 * Lines are captured at `info` even when the test is quiet: the CPR scan must see what production
 * would log.
 */
export function testLogger(service: string, opts: { level?: string } = {}): TestLogger {
  const captured: string[] = [];
  const scanFile = process.env.LOG_SCAN_FILE;
  const echo = process.env.TEST_LOG_LEVEL;
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      const text = chunk.toString('utf8');
      captured.push(text);
      if (scanFile) appendFileSync(scanFile, text);
      if (echo && echo !== 'silent') process.stderr.write(text);
      done();
    },
  });
  const logger = createLogger({
    service,
    level: opts.level ?? (echo && echo !== 'silent' ? echo : 'info'),
    destination: stream,
  });
  const lines = (): LogLine[] =>
    captured
      .join('')
      .split('\n')
      .filter((l) => l.trim().length > 0)
      .map((l) => JSON.parse(l) as LogLine);
  return {
    logger,
    lines,
    withMessage: (msg) => lines().filter((l) => l.msg === msg),
    text: () => captured.join(''),
    clear: () => {
      captured.length = 0;
    },
  };
}
