import type { Express } from 'express';
import { layout } from './layout';

/** Server-rendered Danish pages. The journeys of the portal grow here (issue: the web portal). */
export function registerPortalPages(app: Express): void {
  app.get('/', (_req, res) => {
    res.type('html').send(
      layout(
        'Bestillingsportal',
        `<h1>Bestillingsportal for Rammeaftale Sjælland</h1>
<p class="font-lead">Her bestiller kommunernes sagsbehandlere pladser på botilbud og døgntilbud, og leverandører melder ledige pladser og besvarer forespørgsler.</p>
<ul>
  <li><a href="/docs">API-dokumentation</a></li>
</ul>`,
      ),
    );
  });
}
