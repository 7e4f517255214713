/**
 * Runs a command with MONGO_URL and REDIS_URL pointing at real servers started once for the
 * whole run (FerretDB and redis-server unless the variables are already set), then stops them.
 * Usage: tsx scripts/with-infra.ts -- <command> [args...]
 */
import { spawn } from 'node:child_process';
import { startInfra } from '@rammeaftale/testing';

async function main(): Promise<void> {
  const sep = process.argv.indexOf('--');
  const [cmd, ...args] = sep >= 0 ? process.argv.slice(sep + 1) : [];
  if (!cmd) throw new Error('usage: with-infra.ts -- <command> [args...]');
  const infra = await startInfra();
  console.log(
    `[with-infra] MongoDB: ${infra.kind.mongo} ${infra.mongoUrl}; Redis: ${infra.kind.redis} ${infra.redisUrl}`,
  );
  const child = spawn(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MONGO_URL: infra.mongoUrl, REDIS_URL: infra.redisUrl },
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
  const code = await new Promise<number>((resolve) =>
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))),
  );
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
