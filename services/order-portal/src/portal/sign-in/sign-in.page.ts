import type { Request, Response, Router } from 'express';
import { SignInError, type GuardSubject } from '@rammeaftale/auth';
import type { PageKit } from '../kit/page';
import { HOME } from './home';
import {
  signInFailed,
  signInLocked,
  signInNotConfigured,
  signInUnavailable,
  signInView,
} from './sign-in.view';

// Only a relative path within the portal: never an open redirect.
const safeTarget = (t: unknown) => (typeof t === 'string' && /^\/(?!\/)[\w\-/]*$/.test(t) ? t : '');
const queryText = (req: Request, name: string, max = 2048) => {
  const v = req.query[name];
  return typeof v === 'string' && v.length <= max ? v : undefined;
};
const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));
const addressOf = (req: Request): GuardSubject => ({ kind: 'address', value: req.ip ?? 'unknown' });

/**
 * Sign-in through the identity provider (OpenID Connect authorization code flow with PKCE):
 * `/log-ind` explains, `/log-ind/start` sends the browser to the provider, `/log-ind/callback`
 * takes the answer. Repeated failures from one address lock it out for a while; the provider
 * locks out user names on its own side (passwords never reach the portal).
 */
export function registerSignInPages(portal: Router, kit: PageKit): void {
  const { deps, session } = kit;
  const locked = (req: Request, res: Response, retryAfterSeconds: number) => {
    res.set('Retry-After', String(retryAfterSeconds));
    return kit.render(req, res, signInLocked(retryAfterSeconds));
  };

  portal.get('/log-ind', async (req, res) => {
    if (!deps.signIn) return kit.render(req, res, signInNotConfigured());
    await kit.render(
      req,
      res,
      signInView({ hint: deps.signIn.hint, target: safeTarget(req.query.til) }),
    );
  });

  portal.get('/log-ind/start', async (req, res) => {
    if (!deps.signIn) return res.redirect(303, '/log-ind');
    const { oidc, guard, callbackUrl } = deps.signIn;
    try {
      const state = await guard.check([addressOf(req)]);
      if (state.locked) return locked(req, res, state.retryAfterSeconds);
      const { url, pending } = await oidc.begin(callbackUrl());
      session.rememberSignIn(req, res, pending, safeTarget(req.query.til));
      res.redirect(303, url);
    } catch (err) {
      deps.orders.logger.warn({ err: describe(err) }, 'sign-in could not start');
      await kit.render(req, res, signInUnavailable());
    }
  });

  portal.get('/log-ind/callback', (req, res) => callback(kit, req, res, locked));

  portal.post('/log-ud', ...kit.forms, async (req, res) => {
    await session.end(req, res);
    res.redirect(303, '/');
  });
}

/** The provider's answer: a session for the person it names, or a Danish refusal. */
async function callback(
  kit: PageKit,
  req: Request,
  res: Response,
  locked: (req: Request, res: Response, retryAfterSeconds: number) => Promise<void>,
): Promise<void> {
  const { deps, session } = kit;
  if (!deps.signIn) return res.redirect(303, '/log-ind');
  const { oidc, guard, callbackUrl } = deps.signIn;
  const logger = deps.orders.logger;
  const address = addressOf(req);
  const pending = session.takeSignIn(req, res);
  let subjects = [address];
  try {
    const state = await guard.check(subjects);
    if (state.locked) return locked(req, res, state.retryAfterSeconds);
    if (!pending) throw new SignInError('no sign-in in flight in this browser (or expired)');
    const { accessToken, subject } = await oidc.complete(
      {
        code: queryText(req, 'code'),
        state: queryText(req, 'state'),
        error: queryText(req, 'error', 100),
      },
      pending,
      callbackUrl(),
    );
    subjects = [address, { kind: 'user', value: subject }];
    const actor = await deps.verifier(accessToken).catch(() => {
      throw new SignInError('access token not accepted');
    });
    if (actor.userId !== subject) throw new SignInError('tokens name different users');
    if (!HOME[actor.role]) throw new SignInError(`role ${actor.role} has no portal`);
    await guard.succeed({ kind: 'user', value: subject });
    await session.start(req, res, accessToken, actor);
    logger.info(
      { userId: actor.userId, role: actor.role, organisationId: actor.organisationId },
      'portal sign-in',
    );
    res.redirect(303, pending.target || HOME[actor.role] || '/');
  } catch (err) {
    if (!(err instanceof SignInError)) {
      logger.warn({ err: describe(err) }, 'sign-in could not complete');
      return kit.render(req, res, signInUnavailable());
    }
    logger.warn({ reason: err.reason }, 'portal sign-in failed');
    const after = await guard.fail(subjects).catch(() => undefined);
    if (!after) return kit.render(req, res, signInUnavailable());
    if (after.locked) return locked(req, res, after.retryAfterSeconds);
    await kit.render(req, res, signInFailed(err.reason.includes('access_denied')));
  }
}
