import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { authenticate, InvalidTokenError, type TokenVerifier } from '@rammeaftale/auth';
import { ForbiddenError } from '@rammeaftale/domain';
import { ProblemError } from '@rammeaftale/http';
import { fromOwnOrigin, isWrite } from './same-origin';
import { readCookie, SESSION_COOKIE } from './session';
import type { SessionStore } from './session-store';

const signedOut = (detail: string) =>
  new ProblemError(401, detail, { headers: { 'WWW-Authenticate': 'Bearer realm="rammeaftale"' } });

/**
 * The API's authentication: a bearer token as everywhere in the suite, or the portal's session
 * cookie (the pages' scripts and forms). With the cookie, the token comes from the server-side
 * session, and a write (POST, PUT, PATCH, DELETE) must come from the portal's own origin (403
 * problem+json otherwise): a foreign site cannot make the browser write with it. Bearer calls carry
 * no ambient credential and are not checked for their origin.
 */
export function sessionOrBearer(opts: {
  verifier: TokenVerifier;
  sessions: SessionStore;
  ownOrigin: () => string;
}): RequestHandler {
  const bearer = authenticate(opts.verifier);
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = req.get('authorization') ? undefined : readCookie(req, SESSION_COOKIE);
    if (id === undefined) return bearer(req, res, next);
    if (isWrite(req.method) && !fromOwnOrigin(req, opts.ownOrigin()))
      return next(
        new ForbiddenError('A write with the session cookie must come from the portal itself', {
          code: 'cross-origin',
        }),
      );
    try {
      const session = await opts.sessions.touch(id);
      if (!session) return next(signedOut('The session has ended: sign in again'));
      res.locals.actor = await opts.verifier(session.token);
      next();
    } catch (err) {
      next(
        err instanceof InvalidTokenError ? signedOut('The session has ended: sign in again') : err,
      );
    }
  };
}
