import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { ProblemError } from '@rammeaftale/http';
import { SHARED_REGISTRY } from '../tenancy';
import { registerCaseworkerPages } from './caseworker.pages';
import { registerContractPages } from './contract.pages';
import { h, layout, type PageContext } from './layout';
import type { PortalDeps } from './portal-deps';
import { registerReportPages } from './report.pages';
import type { PageTools } from './page-tools';
import { actorIn, sessionKit } from './session';
import { HOME, registerSignInPages } from './sign-in.pages';
import { registerSupplierPages } from './supplier.pages';

/** Server-rendered Danish pages over the same use cases as the API, with the signed-in actor. */
export function registerPortalPages(app: Express, deps: PortalDeps): void {
  const dkfds = path.resolve(path.dirname(require.resolve('dkfds')), '..');
  const assetOpts = { index: false, fallthrough: false, maxAge: '1d' } as const;
  for (const sub of ['css', 'fonts', 'img', 'js'])
    app.use(`/assets/dkfds/${sub}`, express.static(path.join(dkfds, sub), assetOpts));
  app.use('/assets/portal', express.static(path.join(__dirname, 'assets'), assetOpts));

  const session = sessionKit({
    verifier: deps.verifier,
    key: deps.sessionKey,
    allowInsecureLoopback: deps.allowInsecureLoopback,
  });
  const orgNames = new Map<string, string>();
  const orgName = async (id: string) => {
    if (!orgNames.has(id)) {
      const found = await deps.registry.organisations.byIds(SHARED_REGISTRY, [id]);
      const name = found.get(id)?.name;
      if (name) orgNames.set(id, name);
      else return undefined;
    }
    return orgNames.get(id);
  };
  const ctx = async (req: Request, res: Response): Promise<PageContext> => {
    const actor = actorIn(res);
    return {
      actor,
      csrf: res.locals.csrf as string | undefined,
      path: req.path,
      organisationName: actor ? await orgName(actor.organisationId) : undefined,
    };
  };
  const send: PageTools['send'] = async (req, res, title, main, status = 200) => {
    res
      .status(status)
      .type('html')
      .send(layout(title, main, await ctx(req, res)));
  };
  const forms = [express.urlencoded({ extended: false, limit: '64kb' }), session.checkCsrf()];
  const tools: PageTools = { deps, session, ctx, send, forms };

  const portal = express.Router();
  portal.use(session.load());

  portal.get('/', async (req, res) => {
    const actor = actorIn(res);
    if (actor && HOME[actor.role] && HOME[actor.role] !== '/')
      return res.redirect(303, HOME[actor.role]!);
    await send(
      req,
      res,
      'Bestillingsportal',
      h`<h1>Bestillingsportal for Rammeaftale Sjælland</h1>
<p class="font-lead">Her bestiller kommunernes sagsbehandlere pladser på botilbud og døgntilbud, og leverandører melder ledige pladser og besvarer forespørgsler.</p>
<p>Offentlige tilbud med ledig plads søges altid før private, og før et enkeltmandstilbud tjekkes det, om andre kommuner kan være med i et fælles tilbud.</p>
${actor ? '' : h`<p><a class="button button-primary" href="/log-ind">Log ind</a></p>`}`,
    );
  });

  registerSignInPages(portal, tools);
  registerCaseworkerPages(portal, tools);
  registerSupplierPages(portal, tools);
  registerContractPages(portal, tools);
  registerReportPages(portal, tools);

  // Use-case refusals that reach a page (not found, not allowed) become a Danish page, not JSON.
  portal.use(async (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!(err instanceof ProblemError) || (err.status !== 404 && err.status !== 403))
      return next(err);
    await send(
      req,
      res,
      err.status === 404 ? 'Ikke fundet' : 'Ingen adgang',
      err.status === 404
        ? h`<h1>Siden findes ikke</h1><p>Det, du leder efter, findes ikke, eller du har ikke adgang til det.</p>`
        : h`<h1>Ingen adgang</h1><p>Din rolle giver ikke adgang til denne side.</p>`,
      err.status,
    );
  });
  app.use(portal);
}
