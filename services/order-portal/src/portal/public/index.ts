import path from 'node:path';
import type { Router } from 'express';
import type { PageKit } from '../kit/page';
import { actorIn } from '../session';
import { HOME } from '../sign-in/home';
import { accessibilityStatement } from './accessibility.view';
import { homeView } from './home.view';
import { privacyNotice } from './privacy.view';

const FAVICON = path.join(__dirname, '..', 'assets', 'favicon.ico');

/** The pages everyone may see, signed in or not: the front page and the two statements. */
export function registerPublicPages(portal: Router, kit: PageKit): void {
  portal.get('/', async (req, res) => {
    const actor = actorIn(res);
    const home = actor ? HOME[actor.role] : undefined;
    if (home && home !== '/') return res.redirect(303, home);
    await kit.render(req, res, homeView({ signedIn: Boolean(actor) }));
  });

  portal.get('/tilgaengelighedserklaering', (req, res) =>
    kit.render(req, res, accessibilityStatement()),
  );

  portal.get('/privatliv', (req, res) =>
    kit.render(
      req,
      res,
      privacyNotice({
        accessLogRetentionDays: kit.deps.accessLogRetentionDays,
        orderRetentionDays: kit.deps.orderRetentionDays,
        requestDeadlineHours: kit.deps.orders.settings.requestDeadlineHours,
      }),
    ),
  );

  // Browsers ask for it on their own; without it they got the API's English 404.
  portal.get('/favicon.ico', (_req, res) => {
    res.sendFile(FAVICON, { maxAge: '7d', headers: { 'Content-Type': 'image/x-icon' } });
  });
}
