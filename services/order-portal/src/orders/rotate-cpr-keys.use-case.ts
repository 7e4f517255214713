import type { Actor } from '@rammeaftale/auth';
import { crossTenant } from '@rammeaftale/db';
import { CprVaultError, type AccessLog, type CprVault } from '@rammeaftale/privacy';
import type { CprKeyRotationRepository } from './cpr-key-rotation.repository';

export interface RotationResult {
  scanned: number;
  /** Moved to the current encryption key. */
  reencrypted: number;
  /** Given a token under the current look-up key. */
  retokened: number;
  unchanged: number;
  /** Values that could not be read (unknown key, tampered); left as they are. */
  failed: { orderId: string; code: string }[];
}

/**
 * Key rotation of stored CPR numbers. After a new key is put first in CPR_KEYS (the old ones
 * kept after it), every value under an older key is re-encrypted; after CPR_LOOKUP_KEY changes,
 * every look-up token is recomputed. Each value is read and written once, with an access-log entry
 * naming the operator who ran it. Running it again changes nothing.
 */
export async function rotateCprKeys(deps: {
  store: CprKeyRotationRepository;
  vault: CprVault;
  accessLog: AccessLog;
  operator: Actor;
  batchSize?: number;
  onBatch?: (progress: RotationResult) => void;
}): Promise<RotationResult> {
  const result: RotationResult = {
    scanned: 0,
    reencrypted: 0,
    retokened: 0,
    unchanged: 0,
    failed: [],
  };
  const scope = crossTenant('CPR key rotation: an operator re-protects every stored CPR number');
  let after: string | undefined;
  for (;;) {
    const page = await deps.store.page(scope, after, deps.batchSize ?? 200);
    if (page.length === 0) return result;
    for (const stored of page) {
      result.scanned++;
      try {
        const moveKey = deps.vault.needsReencryption(stored.ciphertext);
        const token = deps.vault.lookupToken(deps.vault.decrypt(stored.ciphertext));
        const moveToken = token !== stored.lookupToken;
        if (!moveKey && !moveToken) {
          result.unchanged++;
          continue;
        }
        await deps.accessLog(deps.operator, {
          action: 'update',
          purpose: 'Rotation af nøgler til CPR-numre',
          citizenRef: stored.citizenRef,
          resource: { type: 'order', id: stored.orderId },
        });
        await deps.store.replace(scope, stored.orderId, {
          ciphertext: moveKey ? deps.vault.reencrypt(stored.ciphertext) : stored.ciphertext,
          lookupToken: token,
        });
        if (moveKey) result.reencrypted++;
        if (moveToken) result.retokened++;
      } catch (err) {
        if (!(err instanceof CprVaultError)) throw err;
        result.failed.push({ orderId: stored.orderId, code: err.code });
      }
    }
    after = page[page.length - 1]!.orderId;
    deps.onBatch?.(result);
  }
}
