// First: tracing, when on, must be in place before the modules it instruments are loaded.
import { tracing } from './instrument';
import { loadConfigOrExit } from '@rammeaftale/config';
import { onShutdown } from '@rammeaftale/http';
import { createLogger } from '@rammeaftale/logging';
import { processRole, waitForRedisAtStart } from '@rammeaftale/runtime';
import { orderPortalEnv } from './config';
import { ROLES, startOrderPortal, startOrderPortalRole } from './start';

/** `main [api|events-worker|relay|housekeeping]`: one part of the portal, or all of it by default. */
async function main(): Promise<void> {
  const role = processRole('order-portal', ROLES);
  const config = loadConfigOrExit(orderPortalEnv);
  // Redis away at start: wait for it, answering the probes (not ready) meanwhile.
  await waitForRedisAtStart(
    'order-portal',
    config,
    createLogger({ service: 'order-portal', level: config.LOG_LEVEL }),
  );
  const portal =
    role === 'all' ? await startOrderPortal(config) : await startOrderPortalRole(config, role);
  onShutdown(portal.runtime.logger, config.SHUTDOWN_GRACE_MS, [
    { name: 'order-portal', run: portal.close },
    // Last, so the spans of the shutdown itself are exported too.
    ...(tracing ? [{ name: 'tracing', run: tracing.shutdown }] : []),
  ]);
}

main().catch((err: unknown) => {
  console.error('order-portal failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
