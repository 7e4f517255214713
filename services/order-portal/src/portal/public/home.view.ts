import { h } from '../kit/html';
import type { Page } from '../kit/page';

export const homeView = (opts: { signedIn: boolean }): Page => ({
  title: 'Bestillingsportal',
  main: h`<h1>Bestillingsportal for Rammeaftale Sjælland</h1>
<p class="font-lead">Her bestiller kommunernes sagsbehandlere pladser på botilbud og døgntilbud, og leverandører melder ledige pladser og besvarer forespørgsler.</p>
<p>Offentlige tilbud med ledig plads søges altid før private, og før et enkeltmandstilbud tjekkes det, om andre kommuner kan være med i et fælles tilbud.</p>
${opts.signedIn ? '' : h`<p><a class="button button-primary" href="/log-ind">Log ind</a></p>`}`,
});
