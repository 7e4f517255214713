import { randomBytes } from 'node:crypto';
import { DomainValidationError } from '@rammeaftale/domain';
import {
  CprVaultError,
  createCprVault,
  generateCprKey,
  parseKeyring,
  parseLookupKey,
  privacyEnv,
  type CprVault,
} from '../src';
import { parseConfig, ConfigError } from '@rammeaftale/config';

// Made-up numbers with valid birth dates; the second fails the old modulus-11 check on purpose.
const CPR = '0707614285';
const CPR_WITH_HYPHEN = '070761-4285';
const CPR_WITHOUT_MOD11 = '0101901235';

const k1 = generateCprKey();
const k2 = generateCprKey();
const lookupKey = generateCprKey();

function vault(currentKeyId = 'k1', keys: Record<string, string> = { k1 }): CprVault {
  return createCprVault({ keyring: { currentKeyId, keys }, lookupKey });
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
}

/** Flips one bit of one base64 field of a stored value. */
function tamper(ciphertext: string, part: 2 | 3 | 4): string {
  const parts = ciphertext.split(':');
  const bytes = Buffer.from(parts[part]!, 'base64');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[part] = bytes.toString('base64');
  return parts.join(':');
}

describe('CPR vault: encryption', () => {
  it('When a CPR number is encrypted and decrypted, then the normalized number comes back', () => {
    const v = vault();
    expect(v.decrypt(v.encrypt(CPR))).toBe(CPR);
    expect(v.decrypt(v.encrypt(CPR_WITH_HYPHEN))).toBe(CPR);
    expect(v.decrypt(v.encrypt(` ${CPR_WITHOUT_MOD11} `))).toBe(CPR_WITHOUT_MOD11);
  });

  it('When a value is encrypted, then it has the v1 format with the current key id, a 96-bit IV and a 128-bit tag', () => {
    const ciphertext = vault().encrypt(CPR);
    const [version, keyId, iv, tag, ct] = ciphertext.split(':');
    expect(version).toBe('v1');
    expect(keyId).toBe('k1');
    expect(Buffer.from(iv!, 'base64')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64')).toHaveLength(16);
    expect(Buffer.from(ct!, 'base64')).toHaveLength(10);
  });

  it('When the same number is encrypted twice, then the ciphertexts differ (a fresh IV each time)', () => {
    const v = vault();
    const values = new Set(Array.from({ length: 20 }, () => v.encrypt(CPR)));
    expect(values.size).toBe(20);
    const ivs = new Set([...values].map((value) => value.split(':')[2]));
    expect(ivs.size).toBe(20);
  });

  it('When the ciphertext, the tag or the IV is altered, then decryption fails with DECRYPTION_FAILED', () => {
    const v = vault();
    const ciphertext = v.encrypt(CPR);
    for (const part of [2, 3, 4] as const) {
      const err = errorOf(() => v.decrypt(tamper(ciphertext, part)));
      expect(err).toBeInstanceOf(CprVaultError);
      expect((err as CprVaultError).code).toBe('DECRYPTION_FAILED');
    }
  });

  it('When the key id in a stored value is swapped for another known key, then decryption fails instead of using it', () => {
    const v = vault('k1', { k1, k2 });
    const moved = v.encrypt(CPR).replace(/^v1:k1:/, 'v1:k2:');
    expect((errorOf(() => v.decrypt(moved)) as CprVaultError).code).toBe('DECRYPTION_FAILED');
  });

  it('When a value was encrypted with a different key under the same id, then decryption fails', () => {
    const other = createCprVault({
      keyring: { currentKeyId: 'k1', keys: { k1: generateCprKey() } },
      lookupKey,
    });
    const err = errorOf(() => vault().decrypt(other.encrypt(CPR)));
    expect((err as CprVaultError).code).toBe('DECRYPTION_FAILED');
  });

  it('When a value names a key the keyring does not hold, then decryption fails with UNKNOWN_KEY', () => {
    const newer = vault('k2', { k1, k2 });
    const err = errorOf(() => vault().decrypt(newer.encrypt(CPR)));
    expect((err as CprVaultError).code).toBe('UNKNOWN_KEY');
  });

  it('When the stored value is malformed, then decryption fails with MALFORMED_CIPHERTEXT', () => {
    const v = vault();
    const good = v.encrypt(CPR);
    for (const bad of [
      '',
      CPR,
      'v2' + good.slice(2),
      good + ':extra',
      good.split(':').slice(0, 4).join(':'),
      good.replace(/:[^:]+$/, ':'),
      good.replace(/^(v1:k1:)[^:]+/, '$1AAAA'),
      good.replace(/^v1:k1:/, 'v1:k 1:'),
    ]) {
      const err = errorOf(() => v.decrypt(bad));
      expect((err as CprVaultError).code).toBe('MALFORMED_CIPHERTEXT');
    }
  });

  it('When the input is not a CPR number by date and format, then encryption refuses it without echoing it', () => {
    const v = vault();
    for (const bad of ['3102901234', '0713901234', '070761428', 'abcdefghij', '0707614285x']) {
      const err = errorOf(() => v.encrypt(bad));
      expect(err).toBeInstanceOf(DomainValidationError);
      expect((err as DomainValidationError).code).toBe('INVALID_CPR');
      expect(err.message).not.toContain(bad);
    }
  });

  it('When any operation fails, then no error message contains the CPR number, the ciphertext or a key', () => {
    const v = vault();
    const ciphertext = v.encrypt(CPR);
    const errors = [
      errorOf(() => v.decrypt(tamper(ciphertext, 4))),
      errorOf(() => vault('k9', { k9: generateCprKey() }).decrypt(ciphertext)),
      errorOf(() => v.decrypt(ciphertext.slice(0, -4))),
      errorOf(() => v.encrypt('0713614285')),
      errorOf(() => parseKeyring(`k1:${k1.slice(1)}`)),
    ];
    for (const err of errors) {
      const text = `${err.message} ${String(err.stack)}`;
      expect(text).not.toMatch(/0707614285|070761-4285|071361/);
      expect(text).not.toContain(ciphertext.split(':')[4]);
      expect(text).not.toContain(k1.slice(1, 20));
    }
  });
});

describe('CPR vault: key rotation', () => {
  it('When a new key becomes current, then old values still decrypt and reencrypt moves them to the new key', () => {
    const before = vault('k1', { k1 });
    const stored = before.encrypt(CPR);

    const after = vault('k2', { k2, k1 });
    expect(after.decrypt(stored)).toBe(CPR);
    expect(after.needsReencryption(stored)).toBe(true);

    const moved = after.reencrypt(stored);
    expect(after.keyIdOf(moved)).toBe('k2');
    expect(after.needsReencryption(moved)).toBe(false);
    expect(after.decrypt(moved)).toBe(CPR);

    // Once everything is moved, the old key can leave the keyring.
    expect(vault('k2', { k2 }).decrypt(moved)).toBe(CPR);
    expect((errorOf(() => vault('k2', { k2 }).decrypt(stored)) as CprVaultError).code).toBe(
      'UNKNOWN_KEY',
    );
  });

  it('When the keyring comes from CPR_KEYS, then the first key is current and every listed key decrypts', () => {
    const keyring = parseKeyring(` k2:${k2} , k1:${k1} `);
    expect(keyring).toEqual({ currentKeyId: 'k2', keys: { k2, k1 } });
    const v = createCprVault({ keyring, lookupKey });
    expect(v.currentKeyId).toBe('k2');
    expect(v.decrypt(vault('k1', { k1 }).encrypt(CPR))).toBe(CPR);
  });

  it('When CPR_KEYS is empty, repeats an id, or holds a key that is not 32 bytes of base64, then it is refused by position or id only', () => {
    const shortKey = randomBytes(16).toString('base64');
    const cases: [string, RegExp][] = [
      ['', /no keys/],
      [' , ', /no keys/],
      [`k1:${k1},k1:${k2}`, /"k1" twice/],
      [`k1${k1}`, /entry 1/],
      [`:${k1}`, /entry 1/],
      [`k1:${k1},bad id:${k2}`, /entry 2/],
      [`k1:${shortKey}`, /"k1" must be base64 of exactly 32 bytes/],
      [`k1:${k1.replace(/.$/, '!')}`, /"k1" must be base64/],
      [`k1:${k1.slice(0, -4)}`, /"k1" must be base64/],
    ];
    for (const [text, message] of cases) {
      const err = errorOf(() => parseKeyring(text));
      expect(err).toBeInstanceOf(CprVaultError);
      expect((err as CprVaultError).code).toBe('INVALID_KEYRING');
      expect(err.message).toMatch(message);
      expect(err.message).not.toContain(shortKey);
      expect(err.message).not.toContain(k1);
    }
  });

  it('When the current key id is not in the keyring, then the vault refuses to start', () => {
    expect(() => vault('k2', { k1 })).toThrow(/current CPR key id is not in the keyring/);
  });
});

describe('CPR vault: look-up tokens', () => {
  it('When the same number is looked up in any accepted form, then the token is the same', () => {
    const v = vault();
    const token = v.lookupToken(CPR);
    expect(v.lookupToken(CPR_WITH_HYPHEN)).toBe(token);
    expect(v.lookupToken(` ${CPR} `)).toBe(token);
    expect(vault('k2', { k2 }).lookupToken(CPR)).toBe(token); // independent of encryption keys
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('When the numbers differ or the look-up key differs, then the tokens differ', () => {
    const v = vault();
    expect(v.lookupToken(CPR)).not.toBe(v.lookupToken(CPR_WITHOUT_MOD11));
    const otherKey = createCprVault({
      keyring: { currentKeyId: 'k1', keys: { k1 } },
      lookupKey: generateCprKey(),
    });
    expect(otherKey.lookupToken(CPR)).not.toBe(v.lookupToken(CPR));
  });

  it('When a number is protected, then neither the ciphertext nor the token contains its digits', () => {
    const v = vault();
    for (const cpr of [CPR, CPR_WITHOUT_MOD11, '3112999999', '0101000000']) {
      const { ciphertext, lookupToken } = v.protect(cpr);
      for (const stored of [ciphertext, lookupToken]) {
        expect(stored).not.toContain(cpr);
        expect(stored).not.toContain(cpr.slice(0, 6));
        expect(stored).not.toContain(cpr.slice(6));
      }
      expect(v.decrypt(ciphertext)).toBe(cpr);
    }
  });

  it('When the look-up key is short, not base64, or equal to an encryption key, then the vault refuses to start', () => {
    for (const bad of [randomBytes(16).toString('base64'), 'not base64!', k1]) {
      const err = errorOf(() =>
        createCprVault({ keyring: { currentKeyId: 'k1', keys: { k1 } }, lookupKey: bad }),
      );
      expect((err as CprVaultError).code).toBe('INVALID_LOOKUP_KEY');
      expect(err.message).not.toContain(bad);
    }
    expect(() => parseLookupKey('short')).toThrow(CprVaultError);
    expect(parseLookupKey(` ${lookupKey}\n`)).toBe(lookupKey);
  });
});

describe('privacyEnv', () => {
  it('When the environment holds valid keys, then the config carries the keyring, the look-up key and a 180-day retention', () => {
    const config = parseConfig(privacyEnv, {
      CPR_KEYS: `k2:${k2},k1:${k1}`,
      CPR_LOOKUP_KEY: lookupKey,
    });
    expect(config.CPR_KEYS.currentKeyId).toBe('k2');
    expect(config.CPR_LOOKUP_KEY).toBe(lookupKey);
    expect(config.ACCESS_LOG_RETENTION_DAYS).toBe(180);
    const v = createCprVault({ keyring: config.CPR_KEYS, lookupKey: config.CPR_LOOKUP_KEY });
    expect(v.decrypt(v.encrypt(CPR))).toBe(CPR);
  });

  it('When a key is malformed or missing, then the config error names the variable but not the key', () => {
    const bad = randomBytes(16).toString('base64');
    const err = errorOf(() =>
      parseConfig(privacyEnv, { CPR_KEYS: `k1:${bad}`, ACCESS_LOG_RETENTION_DAYS: '0' }),
    ) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/CPR_KEYS: CPR key "k1" must be base64 of exactly 32 bytes/);
    expect(err.message).toMatch(/CPR_LOOKUP_KEY is required/);
    expect(err.message).toMatch(/ACCESS_LOG_RETENTION_DAYS/);
    expect(err.message).not.toContain(bad);
  });
});
