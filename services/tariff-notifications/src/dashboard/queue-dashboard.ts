import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Express, NextFunction, Request, Response } from 'express';
import { authenticate, requireRole, type TokenVerifier } from '@rammeaftale/auth';
import { ForbiddenError } from '@rammeaftale/domain';

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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A session cookie rides along with requests from other sites; a state-changing request must come
 * from this origin (the dashboard is read-only anyway, this is the second lock).
 */
function sameOriginWrites(req: Request, _res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method) || req.get('authorization')) return next();
  const origin = req.get('origin');
  const expected = `${req.protocol}://${req.get('host')}`;
  if (origin !== expected) return next(new ForbiddenError('Cross-site request refused'));
  next();
}

/**
 * bull-board at /admin/queues for operators: signed in with a bearer token or the portal's
 * `rs_session` cookie, operator role only. Read-only: retrying or removing a job here would go
 * around the delivery records in MongoDB (the operator retries a failed letter with
 * `POST /deliveries/{id}/retry`, which reopens the record first).
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
  app.use(
    path,
    authenticate(opts.verifier, { cookieName: 'rs_session' }),
    requireRole('operator'),
    sameOriginWrites,
    (_req: Request, res: Response, next: NextFunction) => {
      res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
      next();
    },
    serverAdapter.getRouter() as Express,
  );
}
