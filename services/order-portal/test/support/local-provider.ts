import type { Server } from 'node:http';
import {
  createDevIdentityServer,
  createLocalIdentityProvider,
  createSignInGuard,
  type DevUser,
  type LocalIdentityProvider,
} from '@rammeaftale/auth';
import { freePort } from '@rammeaftale/testing';
import type { OrderPortal } from '../../src/start';

export interface LocalProvider {
  idp: LocalIdentityProvider;
  /** The portal's sign-in settings against this provider (merge into its environment). */
  env: Record<string, string>;
  /** Starts the provider's HTTP side once the portal (its only client) listens. */
  serve: (portal: OrderPortal, users: DevUser[]) => Promise<void>;
  close: () => Promise<void>;
}

/**
 * The local OpenID provider on a loopback port of its own, with the portal as its one client, so
 * tests sign in through the portal's real code flow. Its lock-out counts in the portal's Redis.
 */
export async function localProvider(prefix: string): Promise<LocalProvider> {
  const port = await freePort();
  const idp = await createLocalIdentityProvider({ issuer: `http://127.0.0.1:${port}` });
  const secret = `secret-${prefix}`;
  let server: Server | undefined;
  return {
    idp,
    env: {
      AUTH_ISSUER: idp.issuer,
      AUTH_JWKS_URL: `${idp.issuer}/.well-known/jwks.json`,
      AUTH_CLIENT_ID: 'order-portal',
      AUTH_CLIENT_SECRET: secret,
    },
    async serve(portal, users) {
      server = createDevIdentityServer({
        idp,
        users,
        clients: [
          {
            clientId: 'order-portal',
            secret,
            redirectUris: [`${portal.http.url}/log-ind/callback`],
          },
        ],
        guard: createSignInGuard({
          redis: portal.runtime.redis,
          prefix: `${prefix}:idp`,
          maxUserFailures: 5,
          maxAddressFailures: 100,
          windowSeconds: 900,
          lockSeconds: 900,
        }),
      }).listen(port, '127.0.0.1');
      await new Promise((r) => server!.once('listening', r));
    },
    close: () => new Promise((r) => (server ? server.close(() => r()) : r())),
  };
}

/** A demo user of the local provider (password "demo"). */
export const demoUser = (
  userId: string,
  role: DevUser['role'],
  organisationId: string,
  name = userId,
): DevUser => ({ userId, role, organisationId, name, password: 'demo' });
