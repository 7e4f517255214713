import { loadConfigOrExit } from '@rammeaftale/config';
import { onShutdown } from '@rammeaftale/http';
import { standardContractEnv } from './config';
import { startStandardContract } from './start';

async function main(): Promise<void> {
  const config = loadConfigOrExit(standardContractEnv);
  const service = await startStandardContract(config);
  onShutdown(service.runtime.logger, config.SHUTDOWN_GRACE_MS, [
    { name: 'standard-contract', run: service.close },
  ]);
}

main().catch((err: unknown) => {
  console.error('standard-contract failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
