import type { Request } from 'express';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Methods that change something, which a foreign site must not send with the portal's cookie. */
export const isWrite = (method: string): boolean => WRITES.has(method.toUpperCase());

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/**
 * Whether a request comes from the portal's own pages, by what the browser says: `Origin` when
 * it names one (every current browser sends it on a cross-site write), else `Sec-Fetch-Site`
 * (the portal's pages send no referrer, so their own forms come with `Origin: null`), else the
 * `Referer`'s origin. `Origin: null` with neither is an opaque origin (a sandboxed frame): refused.
 * A request with none of them did not come from a page in a browser (a script or `curl`, which
 * could send any `Origin` it liked): it is no cross-site request forgery and passes; its cookie
 * must still be a live session.
 */
export function fromOwnOrigin(req: Request, own: string): boolean {
  const expected = originOf(own);
  const origin = req.get('origin');
  if (origin !== undefined && origin !== 'null') return origin === expected;
  const site = req.get('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  if (origin === 'null') return false;
  const referer = req.get('referer');
  if (referer !== undefined) return originOf(referer) === expected;
  return true;
}
