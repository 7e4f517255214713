/**
 * Operator command: checks a service's access log against its hash chain (ADR 0016).
 *
 *   MONGO_URL=… MONGO_DB=order_portal pnpm verify-access-log [--expect-head <seq>:<hash>]
 *
 * MONGO_DB names the service's database (order_portal, standard_contract). Prints the result as
 * JSON on stdout: entries checked, the first and last seq, the head link and, when the chain does
 * not hold, the first bad seq and why. Entries from before the chain (no seq, older than its first
 * entry) are counted under `beforeChain` and named on stderr (`N entries before the chain, not
 * verifiable`); they do not fail the check, an entry without a seq written later does. Keep the printed head: passing it as --expect-head on a
 * later run also catches the removal or rewriting of the newest entries. Exit 0 when the chain
 * holds, 1 when it does not, 2 when it could not check, 64 on bad arguments.
 */
import { baseEnv, loadConfigOrExit, z } from '@rammeaftale/config';
import { closeDatabase, connectDatabase } from '@rammeaftale/db';
import { createLogger } from '@rammeaftale/logging';
import { verifyAccessLog } from '../access-log-verify';

const env = baseEnv
  .pick({ LOG_LEVEL: true, MONGO_URL: true, MONGO_TLS: true, MONGO_TLS_CA_FILE: true })
  .extend({ MONGO_DB: z.string().min(1).describe('The database whose access log is checked.') });

function expectedHead(): { seq: number; hash: string } | undefined {
  const at = process.argv.indexOf('--expect-head');
  if (at < 0) return undefined;
  const match = /^(\d+):([0-9a-f]{64})$/.exec(process.argv[at + 1] ?? '');
  if (!match) {
    console.error('usage: verify-access-log [--expect-head <seq>:<64 hex digits>]');
    process.exit(64);
  }
  return { seq: Number(match[1]), hash: match[2]! };
}

async function main(): Promise<void> {
  const expectHead = expectedHead();
  const config = loadConfigOrExit(env);
  const logger = createLogger({
    service: 'verify-access-log',
    level: config.LOG_LEVEL,
    destination: process.stderr,
  });
  const db = await connectDatabase({
    url: config.MONGO_URL,
    dbName: config.MONGO_DB,
    logger,
    retries: 3,
    tls: { enabled: config.MONGO_TLS, caFile: config.MONGO_TLS_CA_FILE },
  });
  try {
    const result = await verifyAccessLog(db, { ...(expectHead && { expectHead }) });
    process.stdout.write(`${JSON.stringify({ database: config.MONGO_DB, ...result }, null, 2)}\n`);
    // Said apart from the verdict: they neither pass nor fail the check.
    const before = result.beforeChain;
    if (before)
      process.stderr.write(
        `${before.note} (${before.firstAt.toISOString()} to ${before.lastAt.toISOString()})\n`,
      );
    if (!result.ok) process.exitCode = 1;
  } finally {
    await closeDatabase(db);
  }
}

main().catch((err: unknown) => {
  console.error('verify-access-log failed:', err instanceof Error ? err.message : err);
  process.exit(2);
});
