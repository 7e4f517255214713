import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import type { Role } from './actor';
import {
  AUTHORIZE_FIELDS,
  demoUsersPage,
  invalidRequestPage,
  lockedPage,
  signInPage,
  unavailablePage,
  type AuthorizeParams,
} from './dev-identity-pages';
import type { SignInGuard, GuardSubject } from './sign-in-guard';
import type { LocalIdentityProvider } from './tokens';

/**
 * The local OpenID Connect provider of development and the tests: a sign-in form for the demo
 * users, the authorization code flow with PKCE, client credentials for the services, discovery
 * and JWKS. It exists so the portal's real sign-in code runs on a laptop; production points the
 * services at the municipalities' provider instead (no service's start.ts wires this file).
 */
export interface DevUser {
  userId: string;
  name: string;
  role: Exclude<Role, 'service'>;
  organisationId: string;
  password: string;
}

export interface DevClient {
  clientId: string;
  secret: string;
  /** Exact redirect URIs this client may use for sign-in; none → client credentials only. */
  redirectUris: string[];
}

export interface DevIdentityServerOptions {
  idp: LocalIdentityProvider;
  /** Read on every sign-in, so a caller may adjust a user (dev.ts adopts a demo provider). */
  users: DevUser[];
  clients: DevClient[];
  guard: SignInGuard;
  /** Lifetime of users' access tokens (a working day by default). */
  accessTokenSeconds?: number;
  /** `GET /token/<userId>` hands out a user's token without a password: a developer's shortcut. */
  tokenShortcut?: boolean;
  /** Called on every sign-in outcome, for the caller's log. Never given the password. */
  onSignIn?: (event: {
    outcome: 'success' | 'failure' | 'locked';
    userId?: string;
    address: string;
  }) => void;
}

interface PendingCode {
  user: DevUser;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string;
  expiresAt: number;
}

const CODE_SECONDS = 60;
const digest = (s: string) => createHash('sha256').update(s).digest();
// Equal-length digests, so the comparison takes the same time whatever the password's length.
const samePassword = (given: string, expected: string) =>
  timingSafeEqual(digest(given), digest(expected));

/** What the routes share: the options, the codes handed out and not yet exchanged. */
interface Provider {
  opts: DevIdentityServerOptions;
  accessSeconds: number;
  codes: Map<string, PendingCode>;
  client: (id: unknown) => DevClient | undefined;
}

const address = (req: Request) => req.ip ?? 'unknown';

function discoveryRoutes(app: Express, { idp }: DevIdentityServerOptions): void {
  app.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer: idp.issuer,
      authorization_endpoint: `${idp.issuer}/authorize`,
      token_endpoint: `${idp.issuer}/oauth/token`,
      jwks_uri: `${idp.issuer}/.well-known/jwks.json`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'client_credentials'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: ['openid', 'profile'],
    });
  });
  app.get('/.well-known/jwks.json', (_req, res) => {
    res.json(idp.jwks);
  });
}

/**
 * An authorization request is checked in two steps (RFC 6749 §4.1.2.1): an unknown client or
 * redirect URI is shown as an error here and never redirected to; anything else wrong goes back
 * to the client as `error=invalid_request`.
 */
function readAuthorize(
  provider: Provider,
  source: Record<string, unknown>,
  res: Response,
): AuthorizeParams | undefined {
  const p = Object.fromEntries(
    AUTHORIZE_FIELDS.map((f) => [f, typeof source[f] === 'string' ? source[f] : '']),
  ) as AuthorizeParams;
  const c = provider.client(p.client_id);
  if (!c || !c.redirectUris.includes(p.redirect_uri)) {
    res.status(400).type('html').send(invalidRequestPage());
    return undefined;
  }
  const valid =
    p.response_type === 'code' &&
    p.scope.split(' ').includes('openid') &&
    p.state.length >= 16 &&
    p.nonce.length >= 16 &&
    /^[A-Za-z0-9_-]{43}$/.test(p.code_challenge) &&
    p.code_challenge_method === 'S256';
  if (!valid) {
    res.redirect(303, redirectTo(p.redirect_uri, { error: 'invalid_request', state: p.state }));
    return undefined;
  }
  return p;
}

const sendLocked = (res: Response, retryAfterSeconds: number) =>
  res
    .status(429)
    .set('Retry-After', String(retryAfterSeconds))
    .type('html')
    .send(lockedPage(retryAfterSeconds));

/** The sign-in form and its post: the lock-out guard first, then the password, then a code. */
function authorizeRoutes(app: Express, provider: Provider, form: RequestHandler): void {
  const { opts, codes } = provider;
  app.get('/authorize', (req, res) => {
    const p = readAuthorize(provider, req.query, res);
    if (p) res.type('html').send(signInPage(opts.users, p));
  });

  app.post('/authorize', form, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const p = readAuthorize(provider, body, res);
    if (!p) return;
    if (body.action === 'cancel')
      return res.redirect(
        303,
        redirectTo(p.redirect_uri, { error: 'access_denied', state: p.state }),
      );
    const username = typeof body.username === 'string' ? body.username.trim().slice(0, 100) : '';
    const password = typeof body.password === 'string' ? body.password : '';
    // Unknown user names count like known ones, so the lock-out does not tell which exist.
    const subjects: GuardSubject[] = [
      { kind: 'user', value: username },
      { kind: 'address', value: address(req) },
    ];
    const before = await opts.guard.check(subjects);
    if (before.locked) {
      opts.onSignIn?.({ outcome: 'locked', address: address(req) });
      return sendLocked(res, before.retryAfterSeconds);
    }
    const user = opts.users.find((u) => u.userId === username);
    if (!user || !samePassword(password, user.password)) {
      const after = await opts.guard.fail(subjects);
      opts.onSignIn?.({ outcome: after.locked ? 'locked' : 'failure', address: address(req) });
      if (after.locked) return sendLocked(res, after.retryAfterSeconds);
      return res
        .status(401)
        .type('html')
        .send(signInPage(opts.users, p, 'Forkert brugernavn eller adgangskode.', username));
    }
    await opts.guard.succeed(subjects[0]!);
    opts.onSignIn?.({ outcome: 'success', userId: user.userId, address: address(req) });
    const code = randomBytes(32).toString('base64url');
    const now = Date.now();
    for (const [k, v] of codes) if (v.expiresAt < now) codes.delete(k);
    codes.set(code, {
      user,
      clientId: p.client_id,
      redirectUri: p.redirect_uri,
      codeChallenge: p.code_challenge,
      nonce: p.nonce,
      expiresAt: now + CODE_SECONDS * 1000,
    });
    res.redirect(303, redirectTo(p.redirect_uri, { code, state: p.state }));
  });
}

/** The code a client exchanges, if it is the one handed out to it, unexpired, with its PKCE verifier. */
function redeemCode(
  { codes }: Provider,
  client: DevClient,
  body: Record<string, string | undefined>,
): PendingCode | undefined {
  const pending = body.code ? codes.get(body.code) : undefined;
  // A code is used once, whatever the outcome: a second exchange of the same code fails.
  if (body.code) codes.delete(body.code);
  const challenge = createHash('sha256')
    .update(body.code_verifier ?? '')
    .digest('base64url');
  if (
    !pending ||
    pending.expiresAt < Date.now() ||
    pending.clientId !== client.clientId ||
    pending.redirectUri !== body.redirect_uri ||
    challenge !== pending.codeChallenge
  )
    return undefined;
  return pending;
}

function tokenRoute(app: Express, provider: Provider, form: RequestHandler): void {
  const { idp } = provider.opts;
  app.post('/oauth/token', form, async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const creds = clientCredentials(req, body);
    const c = provider.client(creds.id);
    if (!c || !creds.secret || !samePassword(creds.secret, c.secret))
      return void res.status(401).json({ error: 'invalid_client' });
    if (body.grant_type === 'client_credentials') {
      return void res.json({
        access_token: await idp.issue(
          { userId: c.clientId, role: 'service', organisationId: c.clientId },
          3600,
        ),
        token_type: 'Bearer',
        expires_in: 3600,
      });
    }
    if (body.grant_type !== 'authorization_code')
      return void res.status(400).json({ error: 'unsupported_grant_type' });
    const pending = redeemCode(provider, c, body);
    if (!pending) return void res.status(400).json({ error: 'invalid_grant' });
    const { user } = pending;
    res.json({
      access_token: await idp.issue(user, provider.accessSeconds),
      id_token: await idp.issueIdToken({
        subject: user.userId,
        clientId: c.clientId,
        nonce: pending.nonce,
        name: user.name,
      }),
      token_type: 'Bearer',
      expires_in: provider.accessSeconds,
    });
  });
}

function demoRoutes(app: Express, { opts, accessSeconds }: Provider): void {
  if (opts.tokenShortcut) {
    app.get('/token/:userId', async (req, res) => {
      const user = opts.users.find((u) => u.userId === req.params.userId);
      if (!user) return void res.status(404).json({ error: 'unknown demo user' });
      res.json({
        access_token: await opts.idp.issue(user, accessSeconds),
        token_type: 'Bearer',
        expires_in: accessSeconds,
      });
    });
  }
  app.get('/', (_req, res) => {
    res.type('html').send(demoUsersPage(opts.users, opts.tokenShortcut ?? false));
  });
}

export function createDevIdentityServer(opts: DevIdentityServerOptions): Express {
  const provider: Provider = {
    opts,
    accessSeconds: opts.accessTokenSeconds ?? 8 * 3600,
    codes: new Map(),
    client: (id) => opts.clients.find((c) => c.clientId === id),
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy':
        "default-src 'none'; base-uri 'none'; frame-ancestors 'none'; img-src 'self'",
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    });
    next();
  });
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  discoveryRoutes(app, opts);
  authorizeRoutes(app, provider, form);
  tokenRoute(app, provider, form);
  demoRoutes(app, provider);
  // Redis (the lock-out's counts) unreachable: sign-in stops rather than going on unguarded.
  app.use((_err: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    res.status(503).type('html').send(unavailablePage());
  });
  return app;
}

function redirectTo(uri: string, params: Record<string, string>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/** client_secret_basic (RFC 6749 §2.3.1: form-encoded id and secret) or client_secret_post. */
function clientCredentials(
  req: Request,
  body: Record<string, string | undefined>,
): { id?: string; secret?: string } {
  const header = req.get('authorization');
  if (header?.startsWith('Basic ')) {
    const [id, ...secret] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
    try {
      return { id: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret.join(':')) };
    } catch {
      return {};
    }
  }
  return { id: body.client_id, secret: body.client_secret };
}
