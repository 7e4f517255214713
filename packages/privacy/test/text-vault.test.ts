import { createCprVault, CprVaultError, parseKeyring } from '../src';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const vault = (keys: string) => createCprVault({ keyring: parseKeyring(keys), lookupKey: key(9) });

describe('free texts under the CPR keys', () => {
  const v1 = vault(`k1:${key(1)}`);
  const text = 'Epilepsi og angst — støtte om natten; æøå';

  it('When a text is encrypted, then it reads back the same, names its key, and never looks the same twice', () => {
    const a = v1.encryptText(text);
    expect(a).toMatch(/^t1:k1:/);
    expect(a).not.toContain('Epilepsi');
    expect(v1.decryptText(a)).toBe(text);
    expect(v1.encryptText(text)).not.toBe(a);
    expect(v1.isEncryptedText(a)).toBe(true);
    expect(v1.isEncryptedText(text)).toBe(false);
    expect(v1.keyIdOf(a)).toBe('k1');
  });

  it('When a new key comes first, then old texts are flagged, re-encrypted under it, and read without the old key', () => {
    const old = v1.encryptText(text);
    const v2 = vault(`k2:${key(2)},k1:${key(1)}`);
    expect(v2.needsReencryption(old)).toBe(true);
    const moved = v2.reencrypt(old);
    expect(moved).toMatch(/^t1:k2:/);
    expect(vault(`k2:${key(2)}`).decryptText(moved)).toBe(text);
    expect(() => vault(`k2:${key(2)}`).decryptText(old)).toThrow(CprVaultError);
  });

  it('When a text is altered or passed off as a CPR value (or the reverse), then it is refused', () => {
    const a = v1.encryptText(text);
    const parts = a.split(':');
    parts[4] = Buffer.from('tampered!').toString('base64');
    expect(() => v1.decryptText(parts.join(':'))).toThrow(/could not be decrypted/);
    expect(() => v1.decrypt(a)).toThrow(CprVaultError);
    expect(() => v1.decrypt(a.replace(/^t1:/, 'v1:'))).toThrow(CprVaultError);
    expect(() => v1.decryptText(v1.encrypt('010190-1234'))).toThrow(CprVaultError);
  });
});
