import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { parseCpr } from '@rammeaftale/domain';

/**
 * CPR numbers at rest: AES-256-GCM ciphertext plus a keyed HMAC for look-up.
 *
 * - Every value gets a fresh random 96-bit IV, so the same CPR encrypts differently each time;
 *   equality search therefore goes through the look-up token, never the ciphertext.
 * - The stored form names its key (`v1:<keyId>:<iv>:<tag>:<ct>`), so old values stay readable
 *   after a new key becomes current, and `reencrypt` moves them over one by one.
 * - The prefix `v1:<keyId>` is authenticated as additional data: changing the key id or version
 *   of a stored value makes decryption fail instead of silently using another key.
 * - The look-up key is separate from the encryption keys: whoever can search cannot decrypt.
 *   Rotating it means recomputing every stored token (decrypt, then `lookupToken`), so it is
 *   a single key here.
 * - Keys come from configuration only and are never written to the database.
 *
 * No error message or property here ever contains a CPR number, a ciphertext or key material:
 * messages end up in logs.
 */

/** Key id → base64 of a 32-byte AES key. The current key encrypts; all of them decrypt. */
export interface CprKeyring {
  currentKeyId: string;
  keys: Record<string, string>;
}

export interface CprVaultOptions {
  keyring: CprKeyring;
  /** base64 of at least 32 random bytes; never one of the encryption keys. */
  lookupKey: string;
}

export type CprVaultErrorCode =
  | 'INVALID_KEYRING'
  | 'INVALID_LOOKUP_KEY'
  | 'MALFORMED_CIPHERTEXT'
  | 'UNKNOWN_KEY'
  | 'DECRYPTION_FAILED';

export class CprVaultError extends Error {
  override readonly name = 'CprVaultError';

  constructor(
    readonly code: CprVaultErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What a repository stores for one CPR number. */
export interface ProtectedCpr {
  /** `v1:<keyId>:<iv b64>:<tag b64>:<ct b64>` */
  ciphertext: string;
  /** Deterministic keyed HMAC of the normalized number (base64url), for equality look-up. */
  lookupToken: string;
}

export interface CprVault {
  /** Validates (date and format, no modulus 11) and encrypts the normalized number. */
  encrypt(cpr: string): string;
  /** The normalized number (DDMMYYSSSS) back from a stored value, with any known key. */
  decrypt(ciphertext: string): string;
  /** The deterministic look-up token for a CPR number typed in any accepted form. */
  lookupToken(cpr: string): string;
  /** Both stored fields at once. */
  protect(cpr: string): ProtectedCpr;
  /** The same number under the current key (a fresh IV even if it already was). */
  reencrypt(ciphertext: string): string;
  /** True when the value is under an older key and should be re-encrypted. */
  needsReencryption(ciphertext: string): boolean;
  /** The key id a stored value names (without decrypting it). */
  keyIdOf(ciphertext: string): string;
  /**
   * Free text about the citizen (needs, special requirements: health and social circumstances)
   * under the same keys: `t1:<keyId>:<iv>:<tag>:<ct>`, its prefix authenticated as for the CPR.
   */
  encryptText(text: string): string;
  /** The text back from `encryptText`'s value, with any known key. */
  decryptText(ciphertext: string): string;
  /** True when a stored text is an `encryptText` value (anything else is text stored in clear). */
  isEncryptedText(value: string): boolean;
  readonly currentKeyId: string;
}

const VERSION = 'v1';
/** Free texts: another version tag, so a text can never be read as a CPR value or back. */
const TEXT_VERSION = 't1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_LOOKUP_KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Domain separation, so the token cannot collide with any other HMAC use of the same key. */
const LOOKUP_CONTEXT = 'rammeaftale:cpr-lookup:v1:';

export function createCprVault(options: CprVaultOptions): CprVault {
  const keys = decodeKeyring(options.keyring);
  const decodedLookupKey = decodeBase64(options.lookupKey);
  if (!decodedLookupKey || decodedLookupKey.length < MIN_LOOKUP_KEY_BYTES)
    throw new CprVaultError(
      'INVALID_LOOKUP_KEY',
      `The CPR look-up key must be base64 of at least ${MIN_LOOKUP_KEY_BYTES} bytes`,
    );
  const lookupKey: Buffer = decodedLookupKey;
  for (const [keyId, key] of keys)
    if (key.equals(lookupKey))
      throw new CprVaultError(
        'INVALID_LOOKUP_KEY',
        `The CPR look-up key must differ from encryption key "${keyId}"`,
      );
  const currentKeyId = options.keyring.currentKeyId;
  const keyIdOf = (ciphertext: string) =>
    splitCiphertext(
      ciphertext,
      typeof ciphertext === 'string' && ciphertext.startsWith(`${TEXT_VERSION}:`)
        ? TEXT_VERSION
        : VERSION,
    ).keyId;

  const { seal, open } = sealer(keys, currentKeyId);
  const encryptNormalized = (normalized: string) => seal(normalized);

  function decrypt(ciphertext: string): string {
    const plain = open(ciphertext);
    if (!/^\d{10}$/.test(plain))
      throw new CprVaultError('DECRYPTION_FAILED', 'The decrypted CPR value is not a CPR number');
    return plain;
  }

  function lookupToken(cpr: string): string {
    const { normalized } = parseCpr(cpr);
    return createHmac('sha256', lookupKey)
      .update(LOOKUP_CONTEXT + normalized, 'utf8')
      .digest('base64url');
  }

  return {
    currentKeyId,
    encrypt: (cpr) => encryptNormalized(parseCpr(cpr).normalized),
    decrypt,
    lookupToken,
    protect: (cpr) => ({
      ciphertext: encryptNormalized(parseCpr(cpr).normalized),
      lookupToken: lookupToken(cpr),
    }),
    reencrypt: (ciphertext) =>
      ciphertext.startsWith(`${TEXT_VERSION}:`)
        ? seal(open(ciphertext, TEXT_VERSION), TEXT_VERSION)
        : encryptNormalized(decrypt(ciphertext)),
    needsReencryption: (ciphertext) => keyIdOf(ciphertext) !== currentKeyId,
    keyIdOf,
    encryptText: (text) => seal(text, TEXT_VERSION),
    decryptText: (ciphertext) => open(ciphertext, TEXT_VERSION),
    isEncryptedText: (value) => value.startsWith(`${TEXT_VERSION}:`),
  };
}

/**
 * AES-256-GCM under the keyring: a fresh IV per value, and `<version>:<keyId>` authenticated as
 * additional data, so a value cannot be passed off under another key or as another kind of value.
 */
function sealer(keys: Map<string, Buffer>, currentKeyId: string) {
  const currentKey = keys.get(currentKeyId)!;
  function seal(plain: string, version = VERSION): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', currentKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(currentKeyId, version));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [version, currentKeyId, b64(iv), b64(tag), b64(ct)].join(':');
  }
  function open(ciphertext: string, version = VERSION): string {
    const parts = splitCiphertext(ciphertext, version);
    const key = keys.get(parts.keyId);
    if (!key)
      throw new CprVaultError(
        'UNKNOWN_KEY',
        `The CPR value names key "${parts.keyId}", which is not in the keyring`,
      );
    let plain: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, parts.iv, {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(aad(parts.keyId, version));
      decipher.setAuthTag(parts.tag);
      plain = Buffer.concat([decipher.update(parts.ct), decipher.final()]).toString('utf8');
    } catch {
      // The cause (crypto's "unable to authenticate data") says nothing more; drop it.
      throw new CprVaultError(
        'DECRYPTION_FAILED',
        'The protected value could not be decrypted: it was altered or encrypted with another key',
      );
    }
    return plain;
  }

  return { seal, open };
}

/**
 * Parses `CPR_KEYS`: comma-separated `keyId:base64` pairs, the first one current, e.g.
 * `k2:BASE64,k1:BASE64`. Older keys stay listed until every value has been re-encrypted.
 */
export function parseKeyring(text: string): CprKeyring {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0)
    throw new CprVaultError(
      'INVALID_KEYRING',
      'CPR_KEYS holds no keys (expected keyId:base64,...)',
    );
  const keys: Record<string, string> = {};
  let currentKeyId: string | undefined;
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const keyId = colon > 0 ? entry.slice(0, colon).trim() : '';
    const key = colon > 0 ? entry.slice(colon + 1).trim() : '';
    // Name entries by position, never by content: the content is key material.
    if (!KEY_ID.test(keyId))
      throw new CprVaultError(
        'INVALID_KEYRING',
        `CPR_KEYS entry ${index + 1}: expected keyId:base64 with a key id of letters, digits, _ or -`,
      );
    if (keyId in keys)
      throw new CprVaultError('INVALID_KEYRING', `CPR_KEYS names key "${keyId}" twice`);
    keys[keyId] = key;
    currentKeyId ??= keyId;
  });
  const keyring = { currentKeyId: currentKeyId!, keys };
  decodeKeyring(keyring);
  return keyring;
}

/** Checks `CPR_LOOKUP_KEY` (base64, at least 32 bytes) and returns it trimmed. */
export function parseLookupKey(text: string): string {
  const trimmed = text.trim();
  const bytes = decodeBase64(trimmed);
  if (!bytes || bytes.length < MIN_LOOKUP_KEY_BYTES)
    throw new CprVaultError(
      'INVALID_LOOKUP_KEY',
      `CPR_LOOKUP_KEY must be base64 of at least ${MIN_LOOKUP_KEY_BYTES} bytes`,
    );
  return trimmed;
}

/** A fresh random key in the form the keyring and the look-up key expect (for setup scripts). */
export function generateCprKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

function decodeKeyring(keyring: CprKeyring): Map<string, Buffer> {
  const decoded = new Map<string, Buffer>();
  for (const [keyId, value] of Object.entries(keyring.keys)) {
    if (!KEY_ID.test(keyId))
      throw new CprVaultError(
        'INVALID_KEYRING',
        'A CPR key id may hold only letters, digits, _, -',
      );
    const key = decodeBase64(value);
    if (!key || key.length !== KEY_BYTES)
      throw new CprVaultError(
        'INVALID_KEYRING',
        `CPR key "${keyId}" must be base64 of exactly ${KEY_BYTES} bytes`,
      );
    decoded.set(keyId, key);
  }
  if (!decoded.has(keyring.currentKeyId))
    throw new CprVaultError('INVALID_KEYRING', 'The current CPR key id is not in the keyring');
  return decoded;
}

interface CiphertextParts {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ct: Buffer;
}

function splitCiphertext(ciphertext: string, expected = VERSION): CiphertextParts {
  const malformed = () =>
    new CprVaultError('MALFORMED_CIPHERTEXT', 'Not an encrypted CPR value in the v1 format');
  if (typeof ciphertext !== 'string') throw malformed();
  const parts = ciphertext.split(':');
  if (parts.length !== 5) throw malformed();
  const [version, keyId = '', ivText = '', tagText = '', ctText = ''] = parts;
  if (version !== expected || !KEY_ID.test(keyId)) throw malformed();
  const iv = decodeBase64(ivText);
  const tag = decodeBase64(tagText);
  const ct = decodeBase64(ctText);
  if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !ct || ct.length === 0)
    throw malformed();
  return { keyId, iv, tag, ct };
}

function aad(keyId: string, version = VERSION): Buffer {
  return Buffer.from(`${version}:${keyId}`, 'utf8');
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64');
}

/** Strict base64: `Buffer.from(…, 'base64')` silently skips junk, which would hide a typo. */
function decodeBase64(text: string): Buffer | undefined {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}
