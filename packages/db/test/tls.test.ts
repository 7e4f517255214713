import { mongoTlsOptions } from '../src';

describe('MongoDB TLS options', () => {
  it('When TLS is not asked for, then the driver gets no TLS option (tls=true in the URL still works)', () => {
    expect(mongoTlsOptions()).toEqual({});
    expect(mongoTlsOptions({ enabled: false })).toEqual({});
  });

  it('When TLS is asked for, with or without a CA file, then the driver connects over TLS verifying against it', () => {
    expect(mongoTlsOptions({ enabled: true })).toEqual({ tls: true });
    expect(mongoTlsOptions({ enabled: false, caFile: '/etc/ssl/mongo-ca.pem' })).toEqual({
      tls: true,
      tlsCAFile: '/etc/ssl/mongo-ca.pem',
    });
  });
});
