import {
  baseEnv,
  describeConfig,
  httpEnv,
  parseConfig,
  validatesResponses,
  ConfigError,
  z,
} from './index';

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
    expect(docs).toContainEqual({
      key: 'LOG_LEVEL',
      defaultValue: 'info',
      optional: true,
      doc: 'pino log level.',
    });
    expect(docs.find((d) => d.key === 'MONGO_URL')).toMatchObject({
      defaultValue: undefined,
      optional: false,
    });
  });

  it('When a key is optional or transformed, then its doc line and its default as written are shown', () => {
    const docs = describeConfig(
      z.object({
        KEY: z.string().describe('A key.').optional(),
        WEIGHTS: z
          .string()
          .default('a=1')
          .transform((s) => ({ s }))
          .describe('Weights.'),
      }),
    );
    expect(docs).toEqual([
      { key: 'KEY', defaultValue: undefined, optional: true, doc: 'A key.' },
      { key: 'WEIGHTS', defaultValue: 'a=1', optional: true, doc: 'Weights.' },
    ]);
  });
});

describe('validatesResponses', () => {
  const env = baseEnv.merge(httpEnv);
  const base = {
    MONGO_URL: 'mongodb://127.0.0.1:27017',
    REDIS_URL: 'redis://127.0.0.1:6379',
    PORT: '0',
  };
  const checks = (vars: Record<string, string>) =>
    validatesResponses(parseConfig(env, { ...base, ...vars }));

  it('When VALIDATE_RESPONSES is unset, then the checks are on outside production and off in it', () => {
    expect([checks({}), checks({ NODE_ENV: 'test' }), checks({ NODE_ENV: 'production' })]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('When VALIDATE_RESPONSES is set, then it decides in any mode; another value is refused', () => {
    expect(checks({ NODE_ENV: 'production', VALIDATE_RESPONSES: 'true' })).toBe(true);
    expect(checks({ NODE_ENV: 'development', VALIDATE_RESPONSES: 'false' })).toBe(false);
    expect(() => parseConfig(env, { ...base, VALIDATE_RESPONSES: 'yes' })).toThrow(ConfigError);
  });
});
