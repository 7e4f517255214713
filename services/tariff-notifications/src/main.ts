// First: tracing, when on, must be in place before the modules it instruments are loaded.
import { tracing } from './instrument';
import { loadConfigOrExit } from '@rammeaftale/config';
import { onShutdown } from '@rammeaftale/http';
import { createLogger } from '@rammeaftale/logging';
import { processRole, waitForRedisAtStart } from '@rammeaftale/runtime';
import { tariffNotificationsEnv } from './config';
import { ROLES, startTariffNotifications, startTariffNotificationsRole } from './start';

/** `main [api|letters-worker|reconciler]`: one part of the service, or all of it by default. */
async function main(): Promise<void> {
  const role = processRole('tariff-notifications', ROLES);
  const config = loadConfigOrExit(tariffNotificationsEnv);
  const bootLogger = createLogger({ service: 'tariff-notifications', level: config.LOG_LEVEL });
  await waitForRedisAtStart('tariff-notifications', config, bootLogger);
  const service =
    role === 'all'
      ? await startTariffNotifications(config)
      : await startTariffNotificationsRole(config, role);
  onShutdown(service.runtime.logger, config.SHUTDOWN_GRACE_MS, [
    { name: 'tariff-notifications', run: service.close },
    // Last, so the spans of the shutdown itself are exported too.
    ...(tracing ? [{ name: 'tracing', run: tracing.shutdown }] : []),
  ]);
}

main().catch((err: unknown) => {
  console.error('tariff-notifications failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
