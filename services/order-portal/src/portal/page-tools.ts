import type { Request, RequestHandler, Response } from 'express';
import type { Actor } from '@rammeaftale/auth';
import { problemFromRefusal } from '@rammeaftale/http';
import type { Html, PageContext } from './layout';
import type { PortalDeps } from './portal-deps';
import { actorIn, type SessionKit } from './session';

/** What every page module gets: the deps, the session, a renderer and the form middleware. */
export interface PageTools {
  deps: PortalDeps;
  session: SessionKit;
  ctx: (req: Request, res: Response) => Promise<PageContext>;
  send: (req: Request, res: Response, title: string, main: Html, status?: number) => Promise<void>;
  /** URL-encoded body parsing and the CSRF check, in front of every form post. */
  forms: RequestHandler[];
}

/** A form field as a trimmed string ('' when absent or sent twice). */
export const field = (req: Request, name: string): string => {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.trim() : '';
};

/** A field that may be sent more than once (checkboxes). */
export const fields = (req: Request, name: string): string[] => {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === 'string',
  );
};

export const signedInActor = (res: Response): Actor => {
  const actor = actorIn(res);
  if (!actor) throw new Error('signedInActor: page without requirePortalRole in front');
  return actor;
};

/** Transitional: a use case's refusal as the ProblemError the pages below still branch on. */
export async function mapDomain<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw problemFromRefusal(err) ?? err;
  }
}
