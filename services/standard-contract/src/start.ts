import { createHttpApp, listen, type RunningServer } from '@rammeaftale/http';
import type { Logger } from '@rammeaftale/logging';
import { startRuntime, type Runtime } from '@rammeaftale/runtime';
import type { StandardContractConfig } from './config';
import { registerTemplateRoutes } from './templates/template.routes';

export interface StandardContract {
  runtime: Runtime;
  http: RunningServer;
  close: () => Promise<void>;
}

/** Composition root: config → logging → database → queues → HTTP. */
export async function startStandardContract(
  config: StandardContractConfig,
  opts: { logger?: Logger } = {},
): Promise<StandardContract> {
  const runtime = await startRuntime('standard-contract', config, opts);
  const app = createHttpApp({
    service: 'standard-contract',
    description:
      'The national standard contracts, drafted from accepted orders; price changes beyond P/L need the buyer.',
    logger: runtime.logger,
    readiness: runtime.readiness,
    isUnavailable: runtime.isUnavailable,
    jsonBodyLimit: config.JSON_BODY_LIMIT,
    routes: (api) => registerTemplateRoutes(api),
  });
  const http = await listen(app, config.PORT, config.HOST);
  runtime.logger.info({ url: http.url }, 'standard-contract listening');
  return {
    runtime,
    http,
    close: async () => {
      await http.close();
      await runtime.close();
    },
  };
}
