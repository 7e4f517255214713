import { z } from '@rammeaftale/config';
import { DEFAULT_ACCESS_LOG_RETENTION_DAYS } from './access-log-retention';
import { parseKeyring, parseLookupKey } from './cpr-vault';

function viaParser<T>(parser: (text: string) => T) {
  return z.string().transform((text, ctx): T => {
    try {
      return parser(text);
    } catch (err) {
      // The parsers' messages name positions and key ids, never key material.
      ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : 'invalid' });
      return z.NEVER;
    }
  });
}

/**
 * Configuration of the privacy kit, for services that store CPR numbers or keep the access log:
 * `baseEnv.extend(privacyEnv.shape)`. Pass `CPR_KEYS` and `CPR_LOOKUP_KEY` to `createCprVault`.
 */
export const privacyEnv = z.object({
  CPR_KEYS: viaParser(parseKeyring).describe(
    'CPR encryption keys as keyId:base64(32 bytes), comma-separated; the first encrypts, all decrypt (keep old keys until values are re-encrypted).',
  ),
  CPR_LOOKUP_KEY: viaParser(parseLookupKey).describe(
    'base64 of at least 32 bytes: the HMAC key for CPR look-up tokens; separate from the encryption keys and never stored in the database.',
  ),
  ACCESS_LOG_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_ACCESS_LOG_RETENTION_DAYS)
    .describe('Days an access log entry is kept before retention deletes it (about 6 months).'),
});

export type PrivacyConfig = z.infer<typeof privacyEnv>;
