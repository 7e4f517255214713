import { Writable } from 'node:stream';
import { createLogger, withCorrelation, scrubCpr } from './index';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()));
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
