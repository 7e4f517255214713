import { h } from '../kit/html';
import type { Page } from '../kit/page';

/**
 * The operator's page: where failed deliveries and contracts are handled, and the API documents
 * (which are for operators and developers, not in the footer of people's pages).
 */
export const operationsView = (links: { notifications?: string; contracts?: string }): Page => ({
  title: 'Drift',
  menu: '/drift',
  main: h`<h1>Drift</h1>
<p class="font-lead">Fejlede forsendelser og kontrakter håndteres i de tjenester, der ejer dem.</p>
<ul>
<li><a href="${links.notifications ?? 'http://127.0.0.1:3002/docs'}">Takstindberetning: forsendelser og fejlede forsendelser (API-dokumentation, <code>GET /deliveries?status=failed</code>)</a></li>
<li><a href="${links.contracts ?? 'http://127.0.0.1:3001/docs'}">Standardkontrakter (API-dokumentation)</a></li>
<li><a href="/docs">Bestillingsportalens API-dokumentation</a></li>
</ul>`,
});
