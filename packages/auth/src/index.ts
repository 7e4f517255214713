export { ROLES, ActorClaims, type Actor, type Role } from './actor';
export {
  createTokenVerifier,
  createLocalIdentityProvider,
  InvalidTokenError,
  type TokenVerifier,
  type LocalIdentityProvider,
  type VerifierOptions,
} from './tokens';
export { authenticate, requireRole, actorOf } from './middleware';
export { clientCredentialsTokenSource, type ServiceTokenSource } from './service-tokens';
export {
  createSignInGuard,
  type SignInGuard,
  type SignInGuardOptions,
  type GuardSubject,
  type GuardState,
} from './sign-in-guard';
export {
  createOidcClient,
  SignInError,
  type OidcClient,
  type OidcClientOptions,
  type PendingSignIn,
} from './oidc-client';
export {
  createDevIdentityServer,
  type DevUser,
  type DevClient,
  type DevIdentityServerOptions,
} from './dev-identity-server';
