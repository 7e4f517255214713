import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, baseEnv, parseConfig } from './index';

const env = { MONGO_URL: 'mongodb://db.example.dk:27017', REDIS_URL: 'redis://redis:6379' };
const dir = mkdtempSync(path.join(tmpdir(), 'tls-config-'));
const ca = path.join(dir, 'ca.pem');
writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const notPem = path.join(dir, 'key.txt');
writeFileSync(notPem, 'not a certificate');

const issuesOf = (over: Record<string, string>) => {
  try {
    parseConfig(baseEnv, { ...env, ...over });
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues;
  }
};

describe('TLS settings for MongoDB and Redis', () => {
  it('When nothing is said, then no TLS is asked for (the URL may still ask: tls=true, rediss://)', () => {
    const c = parseConfig(baseEnv, env);
    expect(c.MONGO_TLS).toBe(false);
    expect(c.MONGO_TLS_CA_FILE).toBeUndefined();
    expect(c.REDIS_TLS_CA_FILE).toBeUndefined();
    expect(parseConfig(baseEnv, { ...env, REDIS_URL: 'rediss://:pw@redis:6380' }).REDIS_URL).toBe(
      'rediss://:pw@redis:6380',
    );
  });

  it('When TLS and CA files are configured, then they are taken', () => {
    const c = parseConfig(baseEnv, {
      ...env,
      MONGO_TLS: 'true',
      MONGO_TLS_CA_FILE: ca,
      REDIS_URL: 'rediss://redis:6380',
      REDIS_TLS_CA_FILE: ca,
    });
    expect(c).toMatchObject({ MONGO_TLS: true, MONGO_TLS_CA_FILE: ca, REDIS_TLS_CA_FILE: ca });
  });

  it('When a CA file is missing or holds no certificate, or the switch is malformed, then the key is named', () => {
    expect(issuesOf({ MONGO_TLS_CA_FILE: path.join(dir, 'missing.pem') })).toEqual([
      'MONGO_TLS_CA_FILE: must be a readable PEM file with a CA certificate',
    ]);
    expect(issuesOf({ REDIS_TLS_CA_FILE: notPem })).toEqual([
      'REDIS_TLS_CA_FILE: must be a readable PEM file with a CA certificate',
    ]);
    expect(issuesOf({ MONGO_TLS: 'yes' })).toEqual([expect.stringMatching(/^MONGO_TLS: /)]);
    expect(issuesOf({ REDIS_URL: 'redis+tls://redis' })).toEqual([
      expect.stringMatching(/^REDIS_URL: must be a redis:\/\/ or rediss:\/\//),
    ]);
  });
});
