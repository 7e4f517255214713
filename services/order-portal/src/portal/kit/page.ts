import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Actor } from '@rammeaftale/auth';
import { unreadNotices } from '../../notices-to-people/notices.use-case';
import { organisationNames } from '../../offers/organisation-names.use-case';
import type { PortalDeps } from '../portal-deps';
import { actorIn, type SessionKit } from '../session';
import type { Html } from './html';
import { layout, type MenuItem } from './layout';

/** What a page's view hands back: the frame puts it in the layout. */
export interface Page {
  title: string;
  main: Html;
  /** 200 unless said; a form that came back with errors answers 400. */
  status?: number;
  /** The menu item the page belongs to (none on error pages). */
  menu?: MenuItem;
}

/** What every page module gets: the deps, the session, the renderer and the form middleware. */
export interface PageKit {
  deps: PortalDeps;
  session: SessionKit;
  render: (req: Request, res: Response, page: Page) => Promise<void>;
  /** URL-encoded body parsing and the CSRF check, in front of every form post. */
  forms: RequestHandler[];
}

export function pageKit(deps: PortalDeps, session: SessionKit): PageKit {
  // Organisation names change rarely and every page shows the signed-in person's: kept per process.
  const names = new Map<string, string>();
  const organisationName = async (id: string): Promise<string | undefined> => {
    if (!names.has(id)) {
      const found = await organisationNames(deps.registry, [id]);
      if (found[id]) names.set(id, found[id]);
    }
    return names.get(id);
  };
  const render: PageKit['render'] = async (_req, res, page) => {
    const actor = actorIn(res);
    const html = layout(page.title, page.main, {
      actor,
      csrf: res.locals.csrf as string | undefined,
      organisationName: actor ? await organisationName(actor.organisationId) : undefined,
      unreadNotices: actor ? await unreadNotices(deps.orders, actor) : undefined,
      menu: page.menu,
    });
    res
      .status(page.status ?? 200)
      .type('html')
      .send(html);
  };
  const forms = [express.urlencoded({ extended: false, limit: '64kb' }), session.checkCsrf()];
  return { deps, session, render, forms };
}

/** The signed-in person of a page behind `requirePortalRole`. */
export const signedInActor = (res: Response): Actor => {
  const actor = actorIn(res);
  if (!actor) throw new Error('signedInActor: page without requirePortalRole in front');
  return actor;
};

/** The CSRF token of the request, for the forms a view renders. */
export const csrfOf = (res: Response): string => (res.locals.csrf as string | undefined) ?? '';
