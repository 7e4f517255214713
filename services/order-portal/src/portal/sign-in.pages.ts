import type { Request, Response, Router } from 'express';
import { SignInError, type GuardSubject } from '@rammeaftale/auth';
import { alert, h } from './layout';
import type { PageTools } from './page-tools';

/** Where each role starts after sign-in. */
export const HOME: Record<string, string> = {
  caseworker: '/bestillinger',
  supplier: '/leverandoer/forespoergsler',
  secretariat: '/rapporter/bestillinger',
  operator: '/drift',
  authority: '/',
};

// Only a relative path within the portal: never an open redirect.
const safeTarget = (t: unknown) => (typeof t === 'string' && /^\/(?!\/)[\w\-/]*$/.test(t) ? t : '');
const queryText = (req: Request, name: string, max = 2048) => {
  const v = req.query[name];
  return typeof v === 'string' && v.length <= max ? v : undefined;
};

/**
 * Sign-in through the identity provider (OpenID Connect authorization code flow with PKCE):
 * `/log-ind` explains, `/log-ind/start` sends the browser to the provider, `/log-ind/callback`
 * takes the answer. Repeated failures from one address lock it out for a while; the provider
 * locks out user names on its own side (passwords never reach the portal).
 */
export function registerSignInPages(
  portal: Router,
  { deps, session, send, forms }: PageTools,
): void {
  const addressOf = (req: Request): GuardSubject => ({
    kind: 'address',
    value: req.ip ?? 'unknown',
  });

  const lockedPage = async (req: Request, res: Response, retryAfterSeconds: number) => {
    res.set('Retry-After', String(retryAfterSeconds));
    await send(
      req,
      res,
      'For mange forsøg',
      h`<h1>For mange mislykkede log ind-forsøg</h1>${alert('error', 'Log ind er midlertidigt spærret', `Der har været for mange mislykkede forsøg på at logge ind fra din adresse. Prøv igen om ${Math.ceil(retryAfterSeconds / 60)} minutter.`)}`,
      429,
    );
  };
  const unavailablePage = (req: Request, res: Response) =>
    send(
      req,
      res,
      'Log ind',
      h`<h1>Log ind</h1>${alert('error', 'Log ind er midlertidigt utilgængeligt', 'Identitetsudbyderen eller portalen svarer ikke lige nu. Prøv igen om lidt.')}`,
      503,
    );

  portal.get('/log-ind', async (req, res) => {
    const target = safeTarget(req.query.til);
    if (!deps.signIn) {
      return send(
        req,
        res,
        'Log ind',
        h`<h1>Log ind</h1>${alert('info', 'Log ind er ikke sat op', 'Portalen kender ikke sin identitetsudbyder (AUTH_CLIENT_ID). Kontakt driften.')}`,
        503,
      );
    }
    await send(
      req,
      res,
      'Log ind',
      h`<h1>Log ind</h1>
<p class="font-lead">Du logger ind hos din organisations identitetsudbyder og kommer derefter tilbage til portalen.</p>
${deps.signIn.hint ? h`<p class="form-hint">${deps.signIn.hint}</p>` : ''}
<p><a class="button button-primary" href="/log-ind/start${target ? `?til=${encodeURIComponent(target)}` : ''}">Log ind</a></p>`,
    );
  });

  portal.get('/log-ind/start', async (req, res) => {
    if (!deps.signIn) return res.redirect(303, '/log-ind');
    const { oidc, guard, callbackUrl } = deps.signIn;
    try {
      const state = await guard.check([addressOf(req)]);
      if (state.locked) return lockedPage(req, res, state.retryAfterSeconds);
      const { url, pending } = await oidc.begin(callbackUrl());
      session.rememberSignIn(req, res, pending, safeTarget(req.query.til));
      res.redirect(303, url);
    } catch (err) {
      deps.orders.logger.warn({ err: describe(err) }, 'sign-in could not start');
      await unavailablePage(req, res);
    }
  });

  portal.get('/log-ind/callback', async (req, res) => {
    if (!deps.signIn) return res.redirect(303, '/log-ind');
    const { oidc, guard, callbackUrl } = deps.signIn;
    const logger = deps.orders.logger;
    const address = addressOf(req);
    const pending = session.takeSignIn(req, res);
    let subjects = [address];
    try {
      const state = await guard.check(subjects);
      if (state.locked) return lockedPage(req, res, state.retryAfterSeconds);
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
      session.start(req, res, accessToken);
      logger.info(
        { userId: actor.userId, role: actor.role, organisationId: actor.organisationId },
        'portal sign-in',
      );
      res.redirect(303, pending.target || HOME[actor.role] || '/');
    } catch (err) {
      if (!(err instanceof SignInError)) {
        logger.warn({ err: describe(err) }, 'sign-in could not complete');
        return unavailablePage(req, res);
      }
      logger.warn({ reason: err.reason }, 'portal sign-in failed');
      const after = await guard.fail(subjects).catch(() => undefined);
      if (!after) return unavailablePage(req, res);
      if (after.locked) return lockedPage(req, res, after.retryAfterSeconds);
      const cancelled = err.reason.includes('access_denied');
      await send(
        req,
        res,
        'Log ind',
        h`<h1>Log ind</h1>${alert(
          'error',
          cancelled ? 'Log ind blev afbrudt' : 'Log ind mislykkedes',
          cancelled
            ? 'Du afbrød log ind hos identitetsudbyderen.'
            : 'Log ind-forsøget kunne ikke gennemføres, eller det er udløbet.',
        )}<p><a class="button button-primary" href="/log-ind">Prøv igen</a></p>`,
        401,
      );
    }
  });

  portal.post('/log-ud', ...forms, (req, res) => {
    session.end(req, res);
    res.redirect(303, '/');
  });
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));
