import { loadConfigOrExit } from '@rammeaftale/config';
import { onShutdown } from '@rammeaftale/http';
import { processRole } from '@rammeaftale/runtime';
import { orderPortalEnv } from './config';
import { ROLES, startOrderPortal, startOrderPortalRole } from './start';

/** `main [api|events-worker|relay|housekeeping]`: one part of the portal, or all of it by default. */
async function main(): Promise<void> {
  const role = processRole('order-portal', ROLES);
  const config = loadConfigOrExit(orderPortalEnv);
  const portal =
    role === 'all' ? await startOrderPortal(config) : await startOrderPortalRole(config, role);
  onShutdown(portal.runtime.logger, config.SHUTDOWN_GRACE_MS, [
    { name: 'order-portal', run: portal.close },
  ]);
}

main().catch((err: unknown) => {
  console.error('order-portal failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
