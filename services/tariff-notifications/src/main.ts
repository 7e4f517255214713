import { loadConfigOrExit } from '@rammeaftale/config';
import { onShutdown } from '@rammeaftale/http';
import { tariffNotificationsEnv } from './config';
import { startTariffNotifications } from './start';

async function main(): Promise<void> {
  const config = loadConfigOrExit(tariffNotificationsEnv);
  const service = await startTariffNotifications(config);
  onShutdown(service.runtime.logger, config.SHUTDOWN_GRACE_MS, [
    { name: 'tariff-notifications', run: service.close },
  ]);
}

main().catch((err: unknown) => {
  console.error('tariff-notifications failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
