import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { NotFoundError } from '@rammeaftale/domain';
import { registerAuthorityPages } from './authority';
import { registerCaseworkerPages } from './caseworker';
import { registerContractPages } from './contracts';
import { registerNotificationsPage } from './common/notifications.page';
import { pageKit } from './kit/page';
import { pageErrorHandler } from './kit/refusals';
import { registerOperatorPages } from './operator/operations.page';
import type { PortalDeps } from './portal-deps';
import { registerPublicPages } from './public';
import { registerMarketPages } from './secretariat/market-data.page';
import { registerReportPages } from './secretariat/order-report.page';
import { registerTariffOversightPages } from './secretariat/tariff-oversight.pages';
import { registerCampaignPages } from './secretariat/campaign.page';
import { registerImportPages } from './secretariat/import.page';
import { registerPolicyValuesPages } from './secretariat/policy-values.page';
import { sessionKit } from './session';
import { registerSignInPages } from './sign-in/sign-in.page';
import { registerSupplierPages } from './supplier';

/** Addresses that are not pages: the APIs, their documents, probes and static files. */
const MACHINE_PATHS =
  /^\/(api|internal|assets)(\/|$)|^\/(openapi\.json|docs|docs\.css|healthz|readyz)$/;

function serveAssets(app: Express): void {
  const dkfds = path.resolve(path.dirname(require.resolve('dkfds')), '..');
  const assetOpts = { index: false, fallthrough: false, maxAge: '1d' } as const;
  for (const sub of ['css', 'fonts', 'img', 'js'])
    app.use(`/assets/dkfds/${sub}`, express.static(path.join(dkfds, sub), assetOpts));
  app.use('/assets/portal', express.static(path.join(__dirname, 'assets'), assetOpts));
}

/**
 * Server-rendered Danish pages over the same use cases as the API, with the signed-in person. One
 * module per page, grouped by role; every error of a page becomes a Danish page here, and an
 * address that is neither a page nor the API answers the Danish 404 page.
 */
export function registerPortalPages(app: Express, deps: PortalDeps): void {
  serveAssets(app);
  const session = sessionKit({
    verifier: deps.verifier,
    key: deps.sessionKey,
    allowInsecureLoopback: deps.allowInsecureLoopback,
    sessions: deps.sessions,
    sessionSeconds: deps.sessionSeconds,
    ownOrigin: deps.ownOrigin,
  });
  const kit = pageKit(deps, session);
  const portal = express.Router();
  const originCheck = session.checkOrigin();
  // The API checks the origin of its cookie-authenticated writes itself (session-auth.ts).
  portal.use((req, res, next) =>
    MACHINE_PATHS.test(req.path) ? next() : originCheck(req, res, next),
  );
  portal.use(session.load());
  registerPublicPages(portal, kit);
  registerSignInPages(portal, kit);
  registerNotificationsPage(portal, kit);
  registerCaseworkerPages(portal, kit);
  registerSupplierPages(portal, kit);
  registerContractPages(portal, kit);
  registerReportPages(portal, kit);
  registerTariffOversightPages(portal, kit);
  registerAuthorityPages(portal, kit);
  registerMarketPages(portal, kit);
  registerPolicyValuesPages(portal, kit);
  registerCampaignPages(portal, kit);
  registerImportPages(portal, kit);
  registerOperatorPages(portal, kit);
  portal.use((req: Request, _res: Response, next: NextFunction) =>
    next(MACHINE_PATHS.test(req.path) ? undefined : new NotFoundError('Page')),
  );
  portal.use(
    pageErrorHandler(kit.render, {
      logger: deps.orders.logger,
      isUnavailable: deps.isUnavailable,
    }),
  );
  app.use(portal);
}
