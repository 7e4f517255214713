/**
 * Operator command: re-protects every stored CPR number with the current keys.
 *
 *   CPR_KEYS=new:…,old:… CPR_LOOKUP_KEY=… MONGO_URL=… \
 *     pnpm --filter @rammeaftale/order-portal rotate-cpr-keys --by <operator user id>
 *
 * Put the new key first in CPR_KEYS and keep the old ones after it; run this; drop the old keys
 * once it reports no failures. Changing CPR_LOOKUP_KEY makes CPR look-ups of older orders miss
 * until this has run, so run it right after deploying the new key. Prints counts only: the result
 * on stdout, progress on stderr.
 */
import { loadConfigOrExit } from '@rammeaftale/config';
import { closeDatabase, connectDatabase } from '@rammeaftale/db';
import { createLogger } from '@rammeaftale/logging';
import { accessLogger, createAccessLogRepository, createCprVault } from '@rammeaftale/privacy';
import { orderPortalEnv } from '../config';
import { CprKeyRotationRepository } from '../orders/cpr-key-rotation.repository';
import { rotateCprKeys } from '../orders/rotate-cpr-keys.use-case';

async function main(): Promise<void> {
  const by = process.argv[process.argv.indexOf('--by') + 1];
  if (!process.argv.includes('--by') || !by || by.startsWith('--')) {
    console.error('usage: rotate-cpr-keys --by <operator user id> (recorded in the access log)');
    process.exit(64);
  }
  const config = loadConfigOrExit(orderPortalEnv);
  if (!config.CPR_KEYS || !config.CPR_LOOKUP_KEY) {
    console.error('CPR_KEYS and CPR_LOOKUP_KEY are required');
    process.exit(78);
  }
  // Progress on stderr: stdout carries the result only, for the operator to keep or parse.
  const logger = createLogger({
    service: 'rotate-cpr-keys',
    level: config.LOG_LEVEL,
    destination: process.stderr,
  });
  const db = await connectDatabase({
    url: config.MONGO_URL,
    dbName: config.MONGO_DB,
    logger,
    tls: { enabled: config.MONGO_TLS, caFile: config.MONGO_TLS_CA_FILE },
  });
  try {
    const vault = createCprVault({ keyring: config.CPR_KEYS, lookupKey: config.CPR_LOOKUP_KEY });
    const result = await rotateCprKeys({
      store: new CprKeyRotationRepository(db),
      vault,
      accessLog: accessLogger(createAccessLogRepository(db), { logger }),
      operator: { userId: by, role: 'operator', organisationId: 'operator' },
      onBatch: (p) => logger.info({ ...p, failed: p.failed.length }, 'cpr key rotation progress'),
    });
    process.stdout.write(
      `${JSON.stringify({ currentKeyId: vault.currentKeyId, ...result }, null, 2)}\n`,
    );
    if (result.failed.length > 0) process.exitCode = 1;
  } finally {
    await closeDatabase(db);
  }
}

main().catch((err: unknown) => {
  console.error('rotate-cpr-keys failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
