import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { redisTlsOptions } from '../src';

describe('Redis TLS options', () => {
  const ca = path.join(mkdtempSync(path.join(tmpdir(), 'redis-tls-')), 'ca.pem');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');

  it('When the URL is redis:// without a CA file, then no TLS', () => {
    expect(redisTlsOptions('redis://127.0.0.1:6379')).toBeUndefined();
  });

  it('When the URL is rediss://, then TLS at 1.2 or later against the system CAs', () => {
    expect(redisTlsOptions('rediss://:pw@redis:6380')).toEqual({ minVersion: 'TLSv1.2' });
  });

  it('When a CA file is given, then TLS verifies against it, also with a redis:// URL', () => {
    const tls = redisTlsOptions('redis://redis:6379', ca);
    expect(tls?.minVersion).toBe('TLSv1.2');
    expect(String(tls?.ca)).toContain('BEGIN CERTIFICATE');
  });
});
