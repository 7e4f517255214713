import type { Request, RequestHandler, Response, Router } from 'express';
import { ForbiddenError, NotFoundError, UnavailableError } from '@rammeaftale/domain';
import type { PageKit } from '../kit/page';
import { tokenIn } from '../session';

/** Where people open the board in the portal; the board itself is at /admin/queues upstream. */
export const BOARD_PATH = '/drift/koeer';

/** The board's paths are plain: no dot segments, no escapes, so nothing reaches another route. */
const SAFE_REST = /^\/(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*\/?)*$/;

/** Headers of the board's answer that the browser needs; cookies and the rest stay upstream. */
const PASSED_HEADERS = [
  'content-type',
  'content-security-policy',
  'cache-control',
  'etag',
  'last-modified',
];

/**
 * The queue board (bull-board in the notifications service) under the portal's own path, for a
 * signed-in operator: each GET is forwarded with the operator's own token as a bearer token, and
 * the board's one HTML page gets the portal's path as its base (ADR 0012). Read-only: no other
 * method is forwarded.
 */
export function registerQueueBoard(portal: Router, kit: PageKit, only: RequestHandler): void {
  const proxy = async (req: Request, res: Response) => {
    const notifications = kit.deps.notifications;
    // No notifications service, no board: the page does not exist in this portal.
    if (!notifications) throw new NotFoundError('Page');
    // The board's relative links need the trailing slash of its base.
    if (req.path === BOARD_PATH) return res.redirect(302, `${BOARD_PATH}/`);
    const rest = req.path.slice(BOARD_PATH.length);
    if (!SAFE_REST.test(rest)) throw new NotFoundError('Page');
    const q = req.originalUrl.indexOf('?');
    const query = q >= 0 ? req.originalUrl.slice(q) : '';
    const method = req.method === 'HEAD' ? 'HEAD' : 'GET';
    const upstream = await notifications.board(tokenIn(res), rest + query, method);
    if (upstream.status === 404) throw new NotFoundError('Page');
    if (upstream.status === 403) throw new ForbiddenError('The board refused the operator');
    if (!upstream.ok)
      throw new UnavailableError(`The queue board answered ${upstream.status}`, 5, {
        code: 'notifications-unavailable',
      });
    for (const name of PASSED_HEADERS) {
      const value = upstream.headers.get(name);
      if (value) res.setHeader(name, value);
    }
    const type = upstream.headers.get('content-type') ?? '';
    const body = Buffer.from(await upstream.arrayBuffer());
    res.status(200);
    if (type.startsWith('text/html')) {
      const html = body
        .toString('utf8')
        .replace('<base href="/admin/queues/"', `<base href="${BOARD_PATH}/"`);
      res.send(html);
    } else res.send(body);
  };
  portal.get([BOARD_PATH, `${BOARD_PATH}/{*rest}`], only, proxy);
}
