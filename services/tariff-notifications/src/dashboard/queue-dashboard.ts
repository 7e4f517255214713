import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Express, NextFunction, Request, Response } from 'express';
import { authenticate, requireRole, type TokenVerifier } from '@rammeaftale/auth';

export const DASHBOARD_PATH = '/admin/queues';

/**
 * The dashboard's page needs inline styles (React style attributes and one <style> block); its
 * scripts are files served from here, so scripts stay 'self'. The looser policy is set on the
 * dashboard's own responses only: the rest of the service keeps the strict default, and Google
 * Fonts, which the page would load, stay blocked (the browser falls back to a local font).
 */
const DASHBOARD_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "img-src 'self' data:",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "connect-src 'self'",
].join('; ');

/**
 * bull-board at /admin/queues for operators: bearer token only, operator role only. People open it
 * through the portal, which proxies it under `/drift/koeer` with the signed-in operator's token
 * (ADR 0012): no browser cookie is taken here, so no other site can ride on one. Read-only:
 * retrying or removing a job here would go around the delivery records in MongoDB (the operator
 * retries a failed letter with `POST /deliveries/{id}/retry`, which reopens the record first).
 */
export function mountQueueDashboard(
  app: Express,
  opts: { verifier: TokenVerifier; queues: Queue[]; path?: string },
): void {
  const path = opts.path ?? DASHBOARD_PATH;
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(path);
  createBullBoard({
    queues: opts.queues.map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Rammeaftale – køer' } },
  });
  // bull-board serves from an express app of its own, which announces itself by default.
  const board = serverAdapter.getRouter() as Express;
  board.disable('x-powered-by');
  app.use(
    path,
    authenticate(opts.verifier),
    requireRole('operator'),
    (_req: Request, res: Response, next: NextFunction) => {
      res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
      next();
    },
    board,
  );
}
