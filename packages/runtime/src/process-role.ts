import { createHttpApp, listen, type RunningServer } from '@rammeaftale/http';
import type { Runtime } from './index';

/**
 * Which part of a service a process runs, from its first argument (`node dist/main.js api`, the
 * image's CMD): one of the service's roles, or every part in one process when none is given
 * (`npm start`, development, the tests). An unknown role is refused, naming the known ones.
 */
export function processRole<R extends string>(
  service: string,
  roles: readonly R[],
  arg: string | undefined = process.argv[2],
): R | 'all' {
  if (arg === undefined || arg === 'all') return 'all';
  if ((roles as readonly string[]).includes(arg)) return arg as R;
  throw new Error(`${service}: unknown role "${arg}" (one of: all, ${roles.join(', ')})`);
}

/**
 * A worker process's own HTTP port: `/healthz` (alive) and `/readyz` (MongoDB and Redis answer)
 * for the orchestrator's probes, and `/metrics` for the scraper (METRICS_TOKEN), nothing else. It
 * logs `<service> <role> ready` once listening.
 */
export async function serveHealth(
  service: string,
  role: string,
  runtime: Runtime,
  config: { PORT: number; HOST: string; METRICS_TOKEN?: string },
): Promise<RunningServer> {
  const app = createHttpApp({
    service,
    description: `Health of the ${role} process of ${service}.`,
    logger: runtime.logger,
    readiness: runtime.readiness,
    isUnavailable: runtime.isUnavailable,
    ipRateLimit: false,
    metrics: runtime.metrics.endpoint(config.METRICS_TOKEN),
    routes: () => undefined,
  });
  const http = await listen(app, config.PORT, config.HOST);
  runtime.logger.info({ role, url: http.url }, `${service} ${role} ready`);
  return http;
}
