import type { Actor } from '@rammeaftale/auth';
import { crossTenant } from '@rammeaftale/db';
import { CprVaultError, type AccessLog, type CprVault } from '@rammeaftale/privacy';
import type { CitizenTextField } from './citizen-texts';
import type { CprKeyRotationRepository, StoredProtected } from './cpr-key-rotation.repository';

export interface RotationResult {
  /** Orders scanned (all of them: each may hold free texts, a CPR number or both). */
  scanned: number;
  /** CPR numbers moved to the current encryption key. */
  reencrypted: number;
  /** CPR numbers given a token under the current look-up key. */
  retokened: number;
  /** Free texts (needs, special requirements) moved to the current key. */
  textsReencrypted: number;
  /** Free texts stored in clear (from before keys were configured), now encrypted. */
  textsEncrypted: number;
  /** Orders with nothing to move. */
  unchanged: number;
  /** Values that could not be read (unknown key, tampered); left as they are. */
  failed: { orderId: string; code: string }[];
}

type Deps = {
  store: CprKeyRotationRepository;
  vault: CprVault;
  accessLog: AccessLog;
  operator: Actor;
  batchSize?: number;
  onBatch?: (progress: RotationResult) => void;
};

const scope = crossTenant(
  "CPR key rotation: an operator re-protects every stored CPR number and citizen's free text",
);

/**
 * Key rotation of stored CPR numbers and of the orders' free texts about the citizen (the same
 * keys, citizen-texts.ts). After a new key is put first in CPR_KEYS (the old ones kept after it),
 * every value under an older key is re-encrypted, and a free text still in clear is encrypted;
 * after CPR_LOOKUP_KEY changes, every look-up token is recomputed. Each order is read and written
 * once, with an access-log entry naming the operator who ran it. Running it again changes nothing.
 */
export async function rotateCprKeys(deps: Deps): Promise<RotationResult> {
  const result: RotationResult = {
    scanned: 0,
    reencrypted: 0,
    retokened: 0,
    textsReencrypted: 0,
    textsEncrypted: 0,
    unchanged: 0,
    failed: [],
  };
  let after: string | undefined;
  for (;;) {
    const page = await deps.store.protectedPage(scope, after, deps.batchSize ?? 200);
    if (page.length === 0) return result;
    for (const stored of page) {
      result.scanned++;
      try {
        await rotateOne(deps, stored, result);
      } catch (err) {
        if (!(err instanceof CprVaultError)) throw err;
        result.failed.push({ orderId: stored.orderId, code: err.code });
      }
    }
    after = page[page.length - 1]!.orderId;
    deps.onBatch?.(result);
  }
}

/** One order: everything is read (and so checked) before anything is written or logged. */
async function rotateOne(deps: Deps, stored: StoredProtected, result: RotationResult) {
  const { vault } = deps;
  let cpr: { ciphertext: string; lookupToken: string; moveKey: boolean } | undefined;
  if (stored.cpr) {
    const moveKey = vault.needsReencryption(stored.cpr.ciphertext);
    const token = vault.lookupToken(vault.decrypt(stored.cpr.ciphertext));
    if (moveKey || token !== stored.cpr.lookupToken)
      cpr = {
        ciphertext: moveKey ? vault.reencrypt(stored.cpr.ciphertext) : stored.cpr.ciphertext,
        lookupToken: token,
        moveKey,
      };
  }
  const texts: StoredProtected['texts'] = {};
  let clear = 0;
  for (const [field, value] of Object.entries(stored.texts) as [CitizenTextField, string][]) {
    if (!vault.isEncryptedText(value)) {
      texts[field] = vault.encryptText(value);
      clear++;
    } else if (vault.needsReencryption(value)) texts[field] = vault.reencrypt(value);
  }
  const movedTexts = Object.keys(texts).length;
  if (!cpr && movedTexts === 0) {
    result.unchanged++;
    return;
  }
  await deps.accessLog(deps.operator, {
    action: 'update',
    purpose: 'Rotation af nøgler til CPR-numre og borgerens fritekster',
    citizenRef: stored.citizenRef,
    resource: { type: 'order', id: stored.orderId },
  });
  if (cpr) {
    await deps.store.replace(scope, stored.orderId, {
      ciphertext: cpr.ciphertext,
      lookupToken: cpr.lookupToken,
    });
    if (cpr.moveKey) result.reencrypted++;
    if (cpr.lookupToken !== stored.cpr!.lookupToken) result.retokened++;
  }
  await deps.store.replaceTexts(scope, stored.orderId, stored.texts, texts);
  result.textsEncrypted += clear;
  result.textsReencrypted += movedTexts - clear;
}
