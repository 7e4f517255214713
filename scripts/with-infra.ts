/**
 * Runs a command with MONGO_URL and REDIS_URL pointing at real servers started once for the
 * whole run (FerretDB and redis-server unless the variables are already set), then stops them.
 * Usage: tsx scripts/with-infra.ts -- <command> [args...]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cprKeysInRedis, cprLinesInFile, describeInfra, startInfra } from '@rammeaftale/testing';

async function main(): Promise<void> {
  const sep = process.argv.indexOf('--');
  const [cmd, ...args] = sep >= 0 ? process.argv.slice(sep + 1) : [];
  if (!cmd) throw new Error('usage: with-infra.ts -- <command> [args...]');
  const infra = await startInfra();
  console.log(`[with-infra] ${describeInfra(infra)}`);
  // Every log line and every captured mail of the run is kept for the CPR scan at the end: tests'
  // loggers (testLogger) and spawned processes (spawnManaged) append to the log file, the SMTP
  // catcher to the mail file.
  const scanDir = mkdtempSync(path.join(tmpdir(), 'cpr-scan-'));
  const logFile = path.join(scanDir, 'logs.jsonl');
  const mailFile = path.join(scanDir, 'mails.txt');
  writeFileSync(logFile, '');
  writeFileSync(mailFile, '');
  const child = spawn(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      MONGO_URL: infra.mongoUrl,
      REDIS_URL: infra.redisUrl,
      LOG_SCAN_FILE: logFile,
      MAIL_SCAN_FILE: mailFile,
    },
  });
  // Pass output through and add up jest's per-package "Tests:" lines into one closing line.
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const tally = (out: NodeJS.WriteStream) => {
    let buffered = '';
    return (chunk: Buffer) => {
      out.write(chunk);
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /Tests:\s+(.*)$/.exec(line);
        if (!m?.[1]) continue;
        for (const [, n, kind] of m[1].matchAll(/(\d+) (passed|failed|skipped)/g)) {
          totals[kind as keyof typeof totals] += Number(n);
        }
      }
    };
  };
  child.stdout.on('data', tally(process.stdout));
  child.stderr.on('data', tally(process.stderr));
  let code = await new Promise<number>((resolve) =>
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))),
  );
  // The privacy rule checked on the whole run: no CPR-shaped value in a log line, in Redis or in
  // a mail. (Tests put CPR numbers into requests on purpose; none may come out anywhere.)
  const logHits = cprLinesInFile(logFile);
  const mailHits = cprLinesInFile(mailFile);
  const redisHits = await cprKeysInRedis(infra.redisUrl).catch((err: unknown) => [
    `(scan failed: ${String(err)})`,
  ]);
  const count = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').length - 1 : 0);
  console.log(
    `[cpr-scan] scanned ${count(logFile)} log lines, ${count(mailFile)} mails and the Redis keys: ` +
      `CPR-shaped values in ${logHits.length} log lines, ${mailHits.length} mails, ${redisHits.length} keys`,
  );
  if (totals.passed + totals.failed > 0 && count(logFile) === 0)
    console.error(
      '[cpr-scan] WARNING: tests ran but no log line reached the scan file: do they start services with testLogger?',
    );
  if (logHits.length + mailHits.length + redisHits.length > 0) {
    console.error(
      `[cpr-scan] FAILED: log lines ${logHits.slice(0, 10).join(', ')} of ${logFile}; mails ${mailHits.slice(0, 10).join(', ')}; keys ${redisHits.slice(0, 10).join(', ')}`,
    );
    code = code || 1;
  }
  await infra.stop();
  if (totals.passed + totals.failed > 0) {
    const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
    console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
  }
  process.exit(code);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
