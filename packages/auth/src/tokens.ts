import {
  SignJWT,
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type JWK,
  type KeyLike,
} from 'jose';
import { ActorClaims, type Actor, type Role } from './actor';

export interface VerifierOptions {
  issuer: string;
  audience: string;
  /** Remote JWKS URL (production OIDC provider) or a local key set (tests, dev). */
  jwksUrl?: string;
  jwks?: { keys: JWK[] };
}

export type TokenVerifier = (token: string) => Promise<Actor>;

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

/**
 * Verifies signature, issuer, audience and expiry, and allows only asymmetric algorithms:
 * `alg: none` and HMAC tokens signed with a public key are refused by construction.
 */
export function createTokenVerifier(opts: VerifierOptions): TokenVerifier {
  const keys = opts.jwks
    ? createLocalJWKSet(opts.jwks)
    : opts.jwksUrl
      ? createRemoteJWKSet(new URL(opts.jwksUrl))
      : undefined;
  if (!keys) throw new Error('createTokenVerifier: jwks or jwksUrl is required');
  return async (token) => {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: opts.issuer,
        audience: opts.audience,
        algorithms: ['RS256', 'ES256', 'PS256'],
        clockTolerance: 5,
      }));
    } catch (err) {
      throw new InvalidTokenError((err as { code?: string }).code ?? 'invalid token');
    }
    const claims = ActorClaims.safeParse(payload);
    if (!claims.success)
      throw new InvalidTokenError(
        'missing or malformed claims: ' +
          claims.error.issues.map((i) => i.path.join('.')).join(', '),
      );
    return {
      userId: claims.data.sub,
      role: claims.data.role,
      organisationId: claims.data.org,
      name: claims.data.name,
    };
  };
}

export interface LocalIdentityProvider {
  issuer: string;
  audience: string;
  jwks: { keys: JWK[] };
  issue: (
    actor: { userId: string; role: Role; organisationId: string; name?: string },
    ttlSeconds?: number,
  ) => Promise<string>;
  /** An OpenID Connect ID token for a client (`aud` = its client id), bound to the sign-in's nonce. */
  issueIdToken: (opts: {
    subject: string;
    clientId: string;
    nonce: string;
    name?: string;
    ttlSeconds?: number;
  }) => Promise<string>;
  verifier: TokenVerifier;
  /** Signs arbitrary claims with the provider's key: for tests of malformed-claim handling. */
  signClaims: (claims: Record<string, unknown>) => Promise<string>;
}

/**
 * The development and test identity provider: an RS256 key pair made at start, a JWKS and a
 * token issuer for the demo users. Production points the verifier at the real OIDC provider.
 */
export async function createLocalIdentityProvider(
  opts: { issuer?: string; audience?: string } = {},
): Promise<LocalIdentityProvider> {
  const issuer = opts.issuer ?? 'http://127.0.0.1/dev-idp';
  const audience = opts.audience ?? 'rammeaftale-sjaelland';
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'dev-1', alg: 'RS256', use: 'sig' };
  const jwks = { keys: [jwk] };
  const key: KeyLike = privateKey;
  return {
    issuer,
    audience,
    jwks,
    issue: (actor, ttlSeconds = 3600) =>
      new SignJWT({
        role: actor.role,
        org: actor.organisationId,
        ...(actor.name ? { name: actor.name } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'dev-1' })
        .setSubject(actor.userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
    issueIdToken: ({ subject, clientId, nonce, name, ttlSeconds = 300 }) =>
      new SignJWT({ nonce, ...(name ? { name } : {}) })
        .setProtectedHeader({ alg: 'RS256', kid: 'dev-1' })
        .setSubject(subject)
        .setIssuer(issuer)
        .setAudience(clientId)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
    verifier: createTokenVerifier({ issuer, audience, jwks }),
    signClaims: (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'dev-1' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setExpirationTime('1h')
        .sign(key),
  };
}
