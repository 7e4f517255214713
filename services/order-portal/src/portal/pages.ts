import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { ProblemError } from '@rammeaftale/http';
import { registryScope } from '../offers/scope';
import { registerCaseworkerPages } from './caseworker.pages';
import { alert, csrfField, h, layout, type PageContext } from './layout';
import type { PortalDeps } from './portal-deps';
import { registerReportPages } from './report.pages';
import { field, type PageTools } from './page-tools';
import { actorIn, sessionKit } from './session';
import { registerSupplierPages } from './supplier.pages';

/**
 * The demo users of the development sign-in page: the same ids as the local identity provider of
 * scripts/dev.ts, which decides each user's role and organisation.
 */
export const DEMO_USERS: { userId: string; label: string; hint: string }[] = [
  { userId: 'sagsbehandler-greve', label: 'Sagsbehandler, Greve Kommune', hint: 'mun-253' },
  { userId: 'sagsbehandler-koege', label: 'Sagsbehandler, Køge Kommune', hint: 'mun-259' },
  { userId: 'leverandoer-privat', label: 'Leverandør, privat tilbud', hint: 'privat udbyder' },
  {
    userId: 'leverandoer-roskilde',
    label: 'Leverandør, Roskilde Kommunes tilbud',
    hint: 'mun-265',
  },
  { userId: 'sekretariat', label: 'Sekretariatet for Rammeaftale Sjælland', hint: 'sekretariat' },
  { userId: 'driftsoperatoer', label: 'Driftsoperatør', hint: 'drift' },
];

/** Where each role starts after sign-in. */
export const HOME: Record<string, string> = {
  caseworker: '/bestillinger',
  supplier: '/leverandoer/forespoergsler',
  secretariat: '/rapporter/bestillinger',
  operator: '/drift',
  authority: '/',
};

/** Server-rendered Danish pages over the same use cases as the API, with the signed-in actor. */
export function registerPortalPages(app: Express, deps: PortalDeps): void {
  const dkfds = path.resolve(path.dirname(require.resolve('dkfds')), '..');
  const assetOpts = { index: false, fallthrough: false, maxAge: '1d' } as const;
  for (const sub of ['css', 'fonts', 'img', 'js'])
    app.use(`/assets/dkfds/${sub}`, express.static(path.join(dkfds, sub), assetOpts));
  app.use('/assets/portal', express.static(path.join(__dirname, 'assets'), assetOpts));

  const session = sessionKit({
    verifier: deps.verifier,
    allowInsecureLoopback: deps.allowInsecureLoopback,
  });
  const orgNames = new Map<string, string>();
  const orgName = async (id: string) => {
    if (!orgNames.has(id)) {
      const found = await deps.registry.organisations.byIds(registryScope(), [id]);
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

  registerSignIn(portal, tools);
  registerCaseworkerPages(portal, tools);
  registerSupplierPages(portal, tools);
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

function registerSignIn(portal: express.Router, { deps, session, send, forms }: PageTools): void {
  // Only a relative path within the portal: never an open redirect.
  const safeTarget = (t: string) => (/^\/(?!\/)[\w\-/]*$/.test(t) ? t : '');

  portal.get('/log-ind', async (req, res) => {
    const target = safeTarget(typeof req.query.til === 'string' ? req.query.til : '');
    if (!deps.devSignIn) {
      // Production: the OIDC provider's authorization code flow signs people in (issue 7); the
      // demo users below exist only in development.
      return send(
        req,
        res,
        'Log ind',
        h`<h1>Log ind</h1>${alert('info', 'Log ind sker hos kommunens identitetsudbyder (OIDC).', 'Kontakt din administrator, hvis du ikke kan logge ind.')}`,
      );
    }
    const ctx = { csrf: res.locals.csrf as string };
    await send(
      req,
      res,
      'Log ind',
      h`<h1>Log ind (udvikling)</h1>
<p class="font-lead">Vælg en demobruger. I drift logger man ind hos kommunens identitetsudbyder (OIDC).</p>
<ul class="demo-users">${DEMO_USERS.map(
        (u) =>
          h`<li><form method="post" action="/log-ind">${csrfField(ctx)}<input type="hidden" name="userId" value="${u.userId}"><input type="hidden" name="til" value="${target}"><button type="submit" class="button button-secondary">${u.label}</button> <span class="form-hint">${u.hint}</span></form></li>`,
      )}</ul>`,
    );
  });

  portal.post('/log-ind', ...forms, async (req, res) => {
    const userId = field(req, 'userId');
    const known = DEMO_USERS.some((u) => u.userId === userId);
    const token = deps.devSignIn && known ? await deps.devSignIn(userId) : undefined;
    const actor = token ? await deps.verifier(token).catch(() => undefined) : undefined;
    if (!token || !actor) {
      return send(
        req,
        res,
        'Log ind',
        h`<h1>Log ind</h1>${alert('error', 'Log ind mislykkedes', 'Brugeren findes ikke, eller identitetsudbyderen svarer ikke.')}<p><a href="/log-ind">Prøv igen</a></p>`,
        401,
      );
    }
    session.start(req, res, token);
    res.redirect(303, safeTarget(field(req, 'til')) || HOME[actor.role] || '/');
  });

  portal.post('/log-ud', ...forms, (req, res) => {
    session.end(req, res);
    res.redirect(303, '/');
  });
}
