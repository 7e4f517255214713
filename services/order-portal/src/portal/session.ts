import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Actor, PendingSignIn, Role, TokenVerifier } from '@rammeaftale/auth';
import { ForbiddenError } from '@rammeaftale/domain';
import { fromOwnOrigin, isWrite } from './same-origin';
import type { SessionStore } from './session-store';

/**
 * The session cookie, which the API accepts too (src/portal/session-auth.ts): an opaque id of a
 * server-side session (session-store.ts), never the token. `__Host-`: the browser keeps it only
 * when `Secure`, `Path=/` and without `Domain`, so no sibling host or plain-http page can set it.
 */
export const SESSION_COOKIE = '__Host-rs_session';
/** How the portal's `/api` routes document it: a bearer token, or this cookie (sessionOrBearer). */
export const API_SECURITY = { cookie: SESSION_COOKIE };
/** Before sign-in there is no session to bind the CSRF token to: a random value in its own cookie. */
export const PRE_SESSION_COOKIE = 'rs_pre';
/** Between the redirect to the identity provider and its callback: state, nonce, PKCE verifier. */
export const SIGN_IN_COOKIE = 'rs_signin';
const SIGN_IN_SECONDS = 600;

export interface SessionOptions {
  verifier: TokenVerifier;
  /**
   * Key of the CSRF tokens and the signed sign-in cookie; random per process when not given
   * (then forms and sign-ins in flight fail after a restart, and replicas disagree).
   */
  key?: Buffer;
  /**
   * Omit `Secure` on plain-http loopback requests (development and the browser tests). In
   * production the portal sits behind TLS and the cookie is always `Secure`.
   */
  allowInsecureLoopback: boolean;
  /** Where the sessions live (Redis), with their idle and absolute timeouts. */
  sessions: SessionStore;
  /** The session cookie's lifetime in the browser: the sessions' absolute timeout. */
  sessionSeconds: number;
  /** The portal's own origin (`https://host[:port]`): form posts from anywhere else are refused. */
  ownOrigin: () => string;
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The signed cookies of the portal: HttpOnly, SameSite=Lax, Secure unless on plain loopback. */
function cookies(opts: SessionOptions) {
  const key = opts.key ?? randomBytes(32);
  const secureFlag = (req: Request) =>
    opts.allowInsecureLoopback && !req.secure && LOOPBACK.has(req.hostname) ? '' : '; Secure';
  return {
    set(req: Request, res: Response, name: string, value: string, maxAge: number, path = '/') {
      // `__Host-` cookies are `Secure` always: browsers treat http://127.0.0.1 and localhost as
      // potentially trustworthy and keep them there too (the Chromium journeys sign in so).
      const secure = name.startsWith('__Host-') ? '; Secure' : secureFlag(req);
      res.append(
        'Set-Cookie',
        `${name}=${encodeURIComponent(value)}; Path=${path}; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`,
      );
    },
    mac: (purpose: string, value: string) =>
      createHmac('sha256', key).update(`${purpose}\0${value}`).digest('base64url'),
    same: (a: string, b: string) => {
      const x = Buffer.from(a);
      const y = Buffer.from(b);
      return x.length === y.length && timingSafeEqual(x, y);
    },
  };
}
type Cookies = ReturnType<typeof cookies>;

/**
 * A sign-in in flight, kept in a signed cookie for the callback (10 minutes, only sent to
 * /log-ind): the browser that started the sign-in is the only one that can finish it.
 */
function signInCookie(c: Cookies) {
  return {
    rememberSignIn(req: Request, res: Response, pending: PendingSignIn, target: string) {
      const payload = Buffer.from(
        JSON.stringify({ ...pending, target, until: Date.now() + SIGN_IN_SECONDS * 1000 }),
      ).toString('base64url');
      const value = `${payload}.${c.mac('sign-in', payload)}`;
      c.set(req, res, SIGN_IN_COOKIE, value, SIGN_IN_SECONDS, '/log-ind');
    },
    /** The sign-in this browser started, if its cookie is intact and not expired; cleared either way. */
    takeSignIn(req: Request, res: Response): (PendingSignIn & { target: string }) | undefined {
      const raw = readCookie(req, SIGN_IN_COOKIE);
      if (raw === undefined) return undefined;
      c.set(req, res, SIGN_IN_COOKIE, '', 0, '/log-ind');
      const [payload, sig] = raw.split('.');
      if (!payload || !sig || !c.same(sig, c.mac('sign-in', payload))) return undefined;
      const value = JSON.parse(
        Buffer.from(payload, 'base64url').toString('utf8'),
      ) as PendingSignIn & { target: string; until: number };
      return value.until > Date.now() ? value : undefined;
    },
  };
}

/**
 * Middleware: puts the signed-in actor (if any) and the CSRF token on `res.locals`. An unknown,
 * idle, expired or revoked session, or one whose token no longer verifies, is treated as signed
 * out; pages that need a role redirect to sign-in. The CSRF token is bound to the session id (or
 * to the pre-session before sign-in).
 */
function loadSession(opts: SessionOptions, c: Cookies) {
  const csrfFor = (binding: string) => c.mac('csrf', binding);
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await opts.sessions.touch(id) : undefined;
    if (id && session) {
      try {
        res.locals.portalActor = await opts.verifier(session.token);
        res.locals.portalToken = session.token;
        res.locals.portalSession = id;
        res.locals.csrf = csrfFor(`s:${id}`);
        return next();
      } catch {
        // The token has expired or its key is gone: signed out.
      }
    }
    let pre = readCookie(req, PRE_SESSION_COOKIE);
    if (!pre || !/^[A-Za-z0-9_-]{20,64}$/.test(pre)) {
      pre = randomBytes(24).toString('base64url');
      c.set(req, res, PRE_SESSION_COOKIE, pre, 3600);
    }
    res.locals.csrf = csrfFor(`p:${pre}`);
    next();
  };
}

export function sessionKit(opts: SessionOptions) {
  const c = cookies(opts);
  return {
    /**
     * Starts a session after a successful sign-in: the token stays server-side, the browser gets
     * the session's opaque id in an HttpOnly cookie, never in the page.
     */
    async start(req: Request, res: Response, token: string, actor: Actor) {
      const id = await opts.sessions.create(token, actor);
      c.set(req, res, SESSION_COOKIE, id, opts.sessionSeconds);
      c.set(req, res, PRE_SESSION_COOKIE, '', 0);
    },
    /** Sign-out: the server-side session is deleted, so a copy of the cookie opens nothing. */
    async end(req: Request, res: Response) {
      const id = readCookie(req, SESSION_COOKIE);
      if (id) await opts.sessions.destroy(id);
      c.set(req, res, SESSION_COOKIE, '', 0);
    },
    ...signInCookie(c),
    load: () => loadSession(opts, c),
    /**
     * Middleware for every page write (POST, PUT, PATCH, DELETE): it must come from the portal's
     * own pages (`Origin`, else `Sec-Fetch-Site`, else `Referer`); if not, the Danish "form
     * expired" page (403). The CSRF token is the second lock of the same door.
     */
    checkOrigin() {
      return (req: Request, _res: Response, next: NextFunction) => {
        if (isWrite(req.method) && !fromOwnOrigin(req, opts.ownOrigin()))
          return next(new ForbiddenError('Form sent from another site', { code: 'form-expired' }));
        next();
      };
    },
    /**
     * Middleware for form posts: the hidden `_csrf` field must match the request's token; if not,
     * the portal's error handler shows the Danish "form expired" page (403).
     */
    checkCsrf() {
      return (req: Request, res: Response, next: NextFunction) => {
        const sent = (req.body as Record<string, unknown> | undefined)?._csrf;
        const expected = res.locals.csrf as string | undefined;
        if (typeof sent !== 'string' || !expected || !c.same(sent, expected))
          return next(new ForbiddenError('Form token missing or wrong', { code: 'form-expired' }));
        next();
      };
    },
  };
}
export type SessionKit = ReturnType<typeof sessionKit>;

export const actorIn = (res: Response): Actor | undefined =>
  res.locals.portalActor as Actor | undefined;

/**
 * The signed-in person's own access token, for the calls the pages make to the contracts service
 * on their behalf (ADR 0009). Never rendered into a page.
 */
export const tokenIn = (res: Response): string => {
  const token = res.locals.portalToken as string | undefined;
  if (!token) throw new Error('tokenIn: page without requirePortalRole in front');
  return token;
};

/** Pages for some roles: signed out → the sign-in page; another role → 403 in Danish. */
export function requirePortalRole(...roles: Role[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const actor = actorIn(res);
    if (!actor) return res.redirect(303, `/log-ind?til=${encodeURIComponent(req.originalUrl)}`);
    // Rendered as a Danish page by the portal's error handler.
    if (!roles.includes(actor.role)) return next(new ForbiddenError('Not for this role'));
    next();
  };
}
