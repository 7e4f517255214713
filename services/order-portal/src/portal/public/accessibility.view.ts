import { h } from '../kit/html';
import type { Page } from '../kit/page';

/**
 * The accessibility statement (tilgængelighedserklæring) a Danish public-sector site owes its
 * users under the web accessibility act, in the structure of Digitaliseringsstyrelsen's model:
 * status, what is not accessible, how it was assessed, feedback and enforcement.
 */
const STATUS = h`<h2>Overholdelsesstatus</h2>
<p>Bestillingsportalen overholder delvist standarden EN 301 549 på niveau med WCAG 2.1 AA. De forhold, der ikke er tilgængelige, er beskrevet nedenfor.</p>`;

const NOT_ACCESSIBLE = h`<h2>Indhold, der ikke er tilgængeligt</h2>
<ul>
<li>Kontrakternes PDF-dokumenter er ikke testet med skærmlæser. Kontraktens indhold står også på kontraktens side i portalen.</li>
<li>Brede tabeller, fx søgeresultatet og rapporten over bestillinger, skal rulles vandret på en smal skærm eller ved stor forstørrelse. Resten af siden tilpasser sig skærmens bredde.</li>
<li>API-dokumentationen er skrevet til udviklere, er på engelsk og er ikke en del af portalens sider.</li>
</ul>`;

const ASSESSMENT = h`<h2>Sådan er erklæringen udarbejdet</h2>
<p>Erklæringen bygger på en selvevaluering. Portalens sider testes automatisk i en browser med axe-core mod WCAG 2.1 niveau A og AA, hver gang portalen ændres. Det testes også, at man kan logge ud på en skærm, der kun er 320 pixels bred (svarer til 400 % forstørrelse), og at fokus flyttes til fejloversigten, når en formular ikke kan sendes. Portalen kan bruges med tastatur alene, og alle sider har et link, der springer direkte til indholdet.</p>
<p>Erklæringen blev senest gennemgået i december 2026.</p>`;

const FEEDBACK = h`<h2>Feedback og kontakt</h2>
<p>Oplever du problemer med tilgængeligheden, eller mangler du indhold i en anden form, så kontakt sekretariatet for Rammeaftale Sjælland, som sidder i Greve Kommune og driver portalen for de 17 kommuner og Region Sjælland. Er du sagsbehandler, kan du også gå til din egen kommunes it-support; er du leverandør, til den kommune, du samarbejder med.</p>`;

const ENFORCEMENT = h`<h2>Håndhævelse</h2>
<p>Digitaliseringsstyrelsen fører tilsyn med, at offentlige websteder overholder lov om tilgængelighed af offentlige organers websteder og mobilapplikationer. Får du ikke et tilfredsstillende svar fra os, kan du klage til Digitaliseringsstyrelsen.</p>`;

export const accessibilityStatement = (): Page => ({
  title: 'Tilgængelighedserklæring',
  main: h`<h1>Tilgængelighedserklæring</h1>
<p class="font-lead">Rammeaftale Sjælland vil gøre Bestillingsportalen tilgængelig for alle, også for dem, der bruger skærmlæser, forstørrelse eller kun tastatur. Erklæringen gælder for portalens sider på denne adresse.</p>
${STATUS}${NOT_ACCESSIBLE}${ASSESSMENT}${FEEDBACK}${ENFORCEMENT}`,
});
