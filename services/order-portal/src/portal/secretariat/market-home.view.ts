import { h } from '../kit/html';
import type { Page } from '../kit/page';

/** The way into the market data: what each page answers. */
export function marketHomeView(): Page {
  return {
    title: 'Markedsdata',
    menu: '/markedsdata',
    main: h`<h1>Markedsdata</h1>
<p class="font-lead">Tal om markedet for de 17 kommuner i Rammeaftale Sjælland, så kommunerne kan købe ind i fællesskab. Hver figur har sine tal som tabel og CSV ved siden af.</p>
<ul>
<li><a href="/markedsdata/koebsvolumen">Købsvolumen</a> – hvad kommunerne køber hos hver leverandør, fordelt på betalende kommune, målgruppe og driftsform, år for år.</li>
<li><a href="/markedsdata/kapacitet">Kapacitet</a> – pladser i drift, belægning, ledige pladser og ventelister over tid pr. målgruppe.</li>
<li><a href="/markedsdata/priser">Prisudvikling</a> – døgntaksterne pr. tilbud og leverandør mod den kumulerede P/L, med tidlig varsling for tilbud, hvis priser løber fra P/L år efter år.</li>
</ul>`,
  };
}
