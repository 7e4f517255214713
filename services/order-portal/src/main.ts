import { loadConfigOrExit } from '@rammeaftale/config';
import { onShutdown } from '@rammeaftale/http';
import { orderPortalEnv } from './config';
import { startOrderPortal } from './start';

async function main(): Promise<void> {
  const config = loadConfigOrExit(orderPortalEnv);
  const portal = await startOrderPortal(config);
  onShutdown(portal.runtime.logger, config.SHUTDOWN_GRACE_MS, [
    { name: 'order-portal', run: portal.close },
  ]);
}

main().catch((err: unknown) => {
  console.error('order-portal failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
