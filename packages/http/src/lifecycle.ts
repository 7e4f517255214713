import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Logger } from '@rammeaftale/logging';

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close: () => Promise<void>;
}

export async function listen(
  app: Express,
  port: number,
  host = '127.0.0.1',
): Promise<RunningServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  // Slightly above typical proxy idle timeouts, so the proxy closes idle sockets first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  const addr = server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  return {
    server,
    port: actual,
    url: `http://${host}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/**
 * Graceful shutdown on SIGTERM/SIGINT: run `steps` in order (stop accepting → finish in-flight
 * work → close queues and database), then exit. A second signal or the grace period forces exit.
 */
export function onShutdown(
  logger: Logger,
  graceMs: number,
  steps: { name: string; run: () => Promise<unknown> }[],
): () => Promise<void> {
  let shuttingDown: Promise<void> | undefined;
  const shutdown = () =>
    (shuttingDown ??= (async () => {
      logger.info('shutting down');
      const timer = setTimeout(() => {
        logger.error({ graceMs }, 'shutdown took too long, exiting');
        process.exit(1);
      }, graceMs);
      timer.unref();
      for (const step of steps) {
        try {
          await step.run();
        } catch (err) {
          logger.error({ err, step: step.name }, 'shutdown step failed');
        }
      }
      clearTimeout(timer);
      logger.info('shut down cleanly');
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) process.exit(1);
    logger.info({ signal }, 'signal received');
    void shutdown().then(() => process.exit(0));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  return shutdown;
}
