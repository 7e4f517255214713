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
