import { ConfigError, parseConfig } from '@rammeaftale/config';
import { tariffNotificationsEnv } from './config';

const env = {
  MONGO_URL: 'mongodb://127.0.0.1:27017',
  REDIS_URL: 'redis://127.0.0.1:6379',
  SMTP_URL: 'smtp://smtp.example.dk:587',
  AUTH_ISSUER: 'https://login.example.dk',
  AUTH_JWKS_URL: 'https://login.example.dk/jwks',
};

const issuesOf = (over: Record<string, string>) => {
  try {
    parseConfig(tariffNotificationsEnv, { ...env, ...over });
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues;
  }
};

describe('SMTP transport security settings', () => {
  it('When nothing is said, then letters go only over TLS 1.2 or later', () => {
    const c = parseConfig(tariffNotificationsEnv, env);
    expect(c.SMTP_REQUIRE_TLS).toBe(true);
    expect(c.SMTP_TLS_MIN_VERSION).toBe('TLSv1.2');
  });

  it('When production is configured to send in clear, then the configuration is refused naming the key', () => {
    expect(issuesOf({ NODE_ENV: 'production', SMTP_REQUIRE_TLS: 'false' })).toEqual([
      'SMTP_REQUIRE_TLS: must be true in production: letters are not sent in clear',
    ]);
    expect(issuesOf({ NODE_ENV: 'production' })).toEqual([]);
    // Development and tests may talk to a local plain-SMTP catcher.
    expect(issuesOf({ NODE_ENV: 'development', SMTP_REQUIRE_TLS: 'false' })).toEqual([]);
  });

  it('When a TLS version below 1.2 or a malformed switch is given, then it is refused', () => {
    expect(issuesOf({ SMTP_TLS_MIN_VERSION: 'TLSv1.1' })).toEqual([
      expect.stringMatching(/^SMTP_TLS_MIN_VERSION: /),
    ]);
    expect(issuesOf({ SMTP_REQUIRE_TLS: 'yes' })).toEqual([
      expect.stringMatching(/^SMTP_REQUIRE_TLS: /),
    ]);
  });
});
