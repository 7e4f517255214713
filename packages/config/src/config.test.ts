import { baseEnv, describeConfig, parseConfig, ConfigError, z } from './index';

const schema = baseEnv.extend({ PORT: z.coerce.number().int().describe('port') });

describe('parseConfig', () => {
  const valid = {
    MONGO_URL: 'mongodb://127.0.0.1:27017',
    REDIS_URL: 'redis://127.0.0.1:6379',
    PORT: '3000',
  };

  it('When every variable is valid, then it returns typed values with defaults applied', () => {
    const cfg = parseConfig(schema, valid);
    expect(cfg.PORT).toBe(3000);
    expect(cfg.LOG_LEVEL).toBe('info');
    expect(cfg.SHUTDOWN_GRACE_MS).toBe(10000);
  });

  it('When a variable is missing, then the error names it as required', () => {
    const { MONGO_URL: _omit, ...rest } = valid;
    expect(() => parseConfig(schema, rest)).toThrow('MONGO_URL is required');
  });

  it('When a variable is malformed, then the error names it and says why', () => {
    try {
      parseConfig(schema, { ...valid, REDIS_URL: 'http://x', PORT: 'abc' });
      throw new Error('expected failure');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toContain('REDIS_URL: must be a redis://');
      expect(msg).toContain('PORT');
      expect(msg.split('\n')).toHaveLength(1);
    }
  });

  it('When described, then every key has its doc line and default', () => {
    const docs = describeConfig(schema);
    expect(docs).toContainEqual({ key: 'LOG_LEVEL', defaultValue: 'info', doc: 'pino log level.' });
    expect(docs.find((d) => d.key === 'MONGO_URL')).toMatchObject({ defaultValue: undefined });
  });
});
