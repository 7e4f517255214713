import type { Actor, Role } from '@rammeaftale/auth';
import { SESSION_COOKIE } from '../../src/portal/session';
import type { OrderPortal } from '../../src/start';

/** Who a token names (its claims, unverified: the portal verifies the token on every request). */
function actorOf(token: string): Actor {
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    sub: string;
    role: Role;
    org: string;
  };
  return { userId: claims.sub, role: claims.role, organisationId: claims.org };
}

/**
 * A signed-in browser's `cookie` header for a token the test holds: a server-side session as
 * sign-in starts one (the cookie holds only its id), without the round trip to the provider.
 */
export async function sessionCookie(portal: OrderPortal, token: string): Promise<string> {
  return `${SESSION_COOKIE}=${await portal.sessions.create(token, actorOf(token))}`;
}

/** `sessionCookie` for each of a record of tokens. */
export async function sessionCookies<K extends string>(
  portal: OrderPortal,
  tokens: Record<K, string>,
): Promise<Record<K, string>> {
  const out = {} as Record<K, string>;
  for (const k of Object.keys(tokens) as K[]) out[k] = await sessionCookie(portal, tokens[k]);
  return out;
}

/**
 * The session cookie for Playwright's `context.addCookies`, as the portal sets it. By host and
 * path, not `url`: Chromium refuses a `url` of http:// for any cookie set over CDP ("Invalid
 * cookie fields"), while a Secure host cookie on 127.0.0.1 is kept and sent (a trustworthy origin).
 */
export async function browserSessionCookie(portal: OrderPortal, token: string) {
  const value = (await sessionCookie(portal, token)).slice(SESSION_COOKIE.length + 1);
  return {
    name: SESSION_COOKIE,
    value,
    domain: new URL(portal.http.url).hostname,
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax' as const,
  };
}
