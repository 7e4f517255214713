import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';

const Discovery = z.object({
  issuer: z.string().min(1),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  end_session_endpoint: z.url().optional(),
});
type Discovery = z.infer<typeof Discovery>;

const TokenResponse = z.object({
  access_token: z.string().min(1),
  id_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
});

export interface OidcClientOptions {
  /** The provider's issuer; its discovery document is read from `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  timeoutMs?: number;
}

/** What the relying party keeps (in a signed, short-lived cookie) between redirect and callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Why a sign-in failed; `reason` is for the log, never shown as is. */
export class SignInError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SignInError';
  }
}

export interface OidcClient {
  /** Where to send the browser, and what must come back with it. */
  begin: (redirectUri: string) => Promise<{ url: string; pending: PendingSignIn }>;
  /**
   * The callback: checks `state`, exchanges the code (client secret + PKCE verifier) and verifies
   * the ID token (signature, issuer, audience, expiry, nonce). Returns the access token, which
   * the caller verifies as any bearer token.
   */
  complete: (
    callback: { code?: string; state?: string; error?: string },
    pending: PendingSignIn,
    redirectUri: string,
  ) => Promise<{ accessToken: string; subject: string }>;
}

const random = () => randomBytes(32).toString('base64url');
const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * OpenID Connect authorization code flow with PKCE (S256) for a confidential client, on jose and
 * fetch: the provider's metadata is discovered once, its keys follow its JWKS.
 */
export function createOidcClient(opts: OidcClientOptions): OidcClient {
  const timeout = () => AbortSignal.timeout(opts.timeoutMs ?? 5000);
  let discovered:
    Promise<{ meta: Discovery; keys: ReturnType<typeof createRemoteJWKSet> }> | undefined;
  const provider = () =>
    (discovered ??= (async () => {
      const url = `${opts.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const res = await fetch(url, { signal: timeout() });
      if (!res.ok) throw new SignInError(`discovery answered ${res.status}`);
      const meta = Discovery.parse(await res.json());
      // OpenID Connect Discovery §4.3: the document must name the issuer it was asked for.
      if (meta.issuer !== opts.issuer) throw new SignInError('discovery names another issuer');
      return { meta, keys: createRemoteJWKSet(new URL(meta.jwks_uri)) };
    })().catch((err: unknown) => {
      discovered = undefined; // try again on the next sign-in
      throw err;
    }));

  return {
    async begin(redirectUri) {
      const { meta } = await provider();
      const pending = { state: random(), nonce: random(), codeVerifier: random() };
      const url = new URL(meta.authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: opts.clientId,
        redirect_uri: redirectUri,
        scope: opts.scope ?? 'openid profile',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: createHash('sha256').update(pending.codeVerifier).digest('base64url'),
        code_challenge_method: 'S256',
      }).toString();
      return { url: url.toString(), pending };
    },

    async complete(callback, pending, redirectUri) {
      if (!callback.state || !sameText(callback.state, pending.state))
        throw new SignInError('state does not match');
      if (callback.error) throw new SignInError(`provider refused: ${callback.error}`);
      if (!callback.code) throw new SignInError('no code');
      const { meta, keys } = await provider();
      const res = await fetch(meta.token_endpoint, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${encodeURIComponent(opts.clientId)}:${encodeURIComponent(opts.clientSecret)}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: callback.code,
          redirect_uri: redirectUri,
          code_verifier: pending.codeVerifier,
        }),
        signal: timeout(),
      });
      if (!res.ok) throw new SignInError(`token endpoint answered ${res.status}`);
      const tokens = TokenResponse.safeParse(await res.json().catch(() => undefined));
      if (!tokens.success) throw new SignInError('token response malformed');
      let claims: JWTPayload;
      try {
        ({ payload: claims } = await jwtVerify(tokens.data.id_token, keys, {
          issuer: meta.issuer,
          audience: opts.clientId,
          algorithms: ['RS256', 'ES256', 'PS256'],
          clockTolerance: 5,
        }));
      } catch (err) {
        throw new SignInError(`id token: ${(err as { code?: string }).code ?? 'invalid'}`);
      }
      if (typeof claims.nonce !== 'string' || !sameText(claims.nonce, pending.nonce))
        throw new SignInError('nonce does not match');
      if (typeof claims.sub !== 'string' || !claims.sub) throw new SignInError('no subject');
      return { accessToken: tokens.data.access_token, subject: claims.sub };
    },
  };
}
