import { createHttpApp, listen, type RunningServer } from '@rammeaftale/http';
import type { Logger } from '@rammeaftale/logging';
import { startRuntime, type Runtime } from '@rammeaftale/runtime';
import type { OrderPortalConfig } from './config';
import { registerPortalPages } from './portal/pages';

export interface OrderPortal {
  runtime: Runtime;
  http: RunningServer;
  close: () => Promise<void>;
}

/** Composition root: config → logging → database → queues → HTTP. */
export async function startOrderPortal(config: OrderPortalConfig, opts: { logger?: Logger } = {}): Promise<OrderPortal> {
  const runtime = await startRuntime('order-portal', config, opts);
  const app = createHttpApp({
    service: 'order-portal',
    description: 'Orders, placement search and offer registry of Rammeaftale Sjælland.',
    logger: runtime.logger,
    readiness: runtime.readiness,
    isUnavailable: runtime.isUnavailable,
    jsonBodyLimit: config.JSON_BODY_LIMIT,
    routes: (_api, express) => {
      registerPortalPages(express);
    },
  });
  const http = await listen(app, config.PORT, config.HOST);
  runtime.logger.info({ url: http.url }, 'order-portal listening');
  return {
    runtime,
    http,
    close: async () => {
      await http.close();
      await runtime.close();
    },
  };
}
