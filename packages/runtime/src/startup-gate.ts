import { createHttpApp, listen } from '@rammeaftale/http';
import type { Logger } from '@rammeaftale/logging';
import { createRedisConnection, pingRedis } from '@rammeaftale/queues';

/**
 * A service started while Redis is away waits for it instead of giving up, and says so to the
 * orchestrator: until Redis answers, its port serves only the probes — `/healthz` 200 (alive: do
 * not restart it) and `/readyz` 503 naming Redis (send it no traffic). Then the port is handed to
 * the service, which starts as usual (startRuntime). Before, the start gave up after 30 s with
 * exit 1 and nothing answered the probes meanwhile; a restart loop was the only way back.
 * A SIGTERM while waiting ends the process cleanly (exit 0).
 */
export async function waitForRedisAtStart(
  service: string,
  config: { REDIS_URL: string; REDIS_TLS_CA_FILE?: string; PORT: number; HOST: string },
  logger: Logger,
  opts: { everyMs?: number } = {},
): Promise<void> {
  const probe = createRedisConnection(config.REDIS_URL, 'probe', {
    tlsCaFile: config.REDIS_TLS_CA_FILE,
  });
  probe.on('error', () => undefined); // each failed attempt is one line below, not a stack
  const answers = async () => (probe.status === 'ready' ? pingRedis(probe) : false);
  try {
    if (await waitOnce(probe)) return;
    logger.warn('redis not reachable at start: waiting for it, /readyz answers 503 meanwhile');
    const app = createHttpApp({
      service,
      description: `${service} waiting for Redis at start.`,
      logger,
      // Never ready here, even once Redis answers: the service is not started until this port is
      // handed over (a probe that saw 200 from the gate would send traffic to a port without routes).
      readiness: [{ name: 'redis', check: () => Promise.resolve(false) }],
      isUnavailable: () => true,
      ipRateLimit: false,
      routes: () => undefined,
    });
    const http = await listen(app, config.PORT, config.HOST);
    const onSignal = () => void http.close().then(() => process.exit(0));
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    while (!(await answers())) await new Promise((r) => setTimeout(r, opts.everyMs ?? 500));
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await http.close();
    logger.info('redis reachable: starting');
  } finally {
    probe.disconnect();
  }
}

/** True when the probe connection gets ready within a few seconds (the usual start). */
async function waitOnce(probe: ReturnType<typeof createRedisConnection>): Promise<boolean> {
  const end = Date.now() + 3000;
  while (Date.now() < end) {
    if (probe.status === 'ready' && (await pingRedis(probe))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
