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
    stdio: 'inherit',
    env: { ...process.env, MONGO_URL: infra.mongoUrl, REDIS_URL: infra.redisUrl },
  });
  const code = await new Promise<number>((resolve) =>
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))),
  );
  await infra.stop();
  process.exit(code);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
