// First: tracing, when on, must be in place before the modules it instruments are loaded.
import { tracing } from './instrument';
import { loadConfigOrExit } from '@rammeaftale/config';
import { onShutdown } from '@rammeaftale/http';
import { createLogger } from '@rammeaftale/logging';
import { processRole, waitForRedisAtStart } from '@rammeaftale/runtime';
import { standardContractEnv } from './config';
import { ROLES, startStandardContract, startStandardContractRole } from './start';

/** `main [api|events-worker|relay|sweeper]`: one part of the service, or all of it by default. */
async function main(): Promise<void> {
  const role = processRole('standard-contract', ROLES);
  const config = loadConfigOrExit(standardContractEnv);
  // Redis away at start: wait for it, answering the probes (not ready) meanwhile.
  await waitForRedisAtStart(
    'standard-contract',
    config,
    createLogger({ service: 'standard-contract', level: config.LOG_LEVEL }),
  );
  const service =
    role === 'all'
      ? await startStandardContract(config)
      : await startStandardContractRole(config, role);
  onShutdown(service.runtime.logger, config.SHUTDOWN_GRACE_MS, [
    { name: 'standard-contract', run: service.close },
    // Last, so the spans of the shutdown itself are exported too.
    ...(tracing ? [{ name: 'tracing', run: tracing.shutdown }] : []),
  ]);
}

main().catch((err: unknown) => {
  console.error('standard-contract failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
