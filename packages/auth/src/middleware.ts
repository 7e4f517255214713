import type { NextFunction, Request, Response } from 'express';
import { ProblemError } from '@rammeaftale/http';
import type { Actor, Role } from './actor';
import { InvalidTokenError, type TokenVerifier } from './tokens';

const unauthorized = (detail: string) =>
  new ProblemError(401, detail, { headers: { 'WWW-Authenticate': 'Bearer realm="rammeaftale"' } });

/** Express middleware: a valid bearer token (or the portal's session cookie) or 401. */
export function authenticate(verify: TokenVerifier, opts: { cookieName?: string } = {}) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    let token: string | undefined;
    if (header?.startsWith('Bearer ')) token = header.slice(7).trim();
    else if (opts.cookieName) token = readCookie(req.get('cookie'), opts.cookieName);
    if (!token) return next(unauthorized('Sign in: a bearer token is required'));
    try {
      res.locals.actor = await verify(token);
      next();
    } catch (err) {
      next(err instanceof InvalidTokenError ? unauthorized('The token is not valid') : err);
    }
  };
}

export function requireRole(...roles: Role[]) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const actor = res.locals.actor as Actor | undefined;
    if (!actor) return next(unauthorized('Sign in first'));
    if (!roles.includes(actor.role))
      return next(new ProblemError(403, `This needs one of the roles: ${roles.join(', ')}`));
    next();
  };
}

/** The authenticated actor of this request; a route without `authenticate` in front is a bug. */
export function actorOf(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw new Error('actorOf: no authenticated actor on this request');
  return actor;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
