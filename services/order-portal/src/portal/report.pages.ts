import type { Router } from 'express';
import { orderReport } from '../orders/order-reports.use-case';
import { PRIVATE_REASONS, municipalityName } from './labels';
import { h, when } from './layout';
import { signedInActor, type PageTools } from './page-tools';
import { requirePortalRole } from './session';

const num = (n: number | null) => (n === null ? '–' : String(n).replace('.', ','));

export function registerReportPages(portal: Router, { deps, send }: PageTools): void {
  // The secretariat sees every municipality; a case worker only their own (the use case decides).
  portal.get(
    '/rapporter/bestillinger',
    requirePortalRole('secretariat', 'caseworker'),
    async (req, res) => {
      const report = await orderReport(deps.orders, signedInActor(res));
      const t = report.totals;
      await send(
        req,
        res,
        'Rapport over bestillinger',
        h`<h1>Rapport over bestillinger</h1>
<p class="font-lead">Bestillinger pr. kommune, tid til placering, fordeling mellem offentlige og private tilbud, og private valg mens offentlig kapacitet var ledig – med begrundelse.</p>
<p>Dannet ${when(report.generatedAt)}. <a class="button button-secondary" href="/api/reports/orders?format=csv" download>Hent som CSV<span class="sr-only"> (semikolonsepareret, åbner i Excel)</span></a></p>
<dl class="summary"><dt>Bestillinger</dt><dd>${t.orders}</dd><dt>Placeret</dt><dd>${t.placed}</dd><dt>Offentlige</dt><dd>${t.public}</dd><dt>Private</dt><dd>${t.private}</dd></dl>
${
  report.municipalities.length
    ? h`<div class="table-wrap"><table class="table table--zebra">
<caption>Bestillinger pr. kommune</caption>
<thead><tr><th scope="col">Kommune</th><th scope="col">Bestillinger</th><th scope="col">Placeret</th><th scope="col">Offentlige</th><th scope="col">Private</th><th scope="col">Offentlig andel</th><th scope="col">Private med begrundelse</th><th scope="col">Median dage til placering</th></tr></thead>
<tbody>${report.municipalities.map(
        (m) =>
          h`<tr><th scope="row">${m.municipality}</th><td>${m.orders}</td><td>${m.placed}</td><td>${m.publicPlacements}</td><td>${m.privatePlacements}</td><td>${m.publicSharePercent === null ? '–' : `${num(m.publicSharePercent)} %`}</td><td>${m.privateWithReason}</td><td>${num(m.medianDaysToPlacement)}</td></tr>`,
      )}</tbody></table></div>`
    : h`<p>Ingen bestillinger endnu.</p>`
}
<h2>Private valg mens offentlig kapacitet var ledig</h2>
${
  report.privateWithReason.length
    ? h`<div class="table-wrap"><table class="table">
<caption>Begrundelser for valg af private tilbud</caption>
<thead><tr><th scope="col">Tidspunkt</th><th scope="col">Kommune</th><th scope="col">Tilbud</th><th scope="col">Begrundelse</th><th scope="col">Uddybning</th></tr></thead>
<tbody>${report.privateWithReason.map(
        (p) =>
          h`<tr><td>${when(p.at)}</td><td>${municipalityName(p.municipalityCode)}</td><td>${p.offerId}</td><td>${PRIVATE_REASONS.find(([k]) => k === p.code)?.[1] ?? p.code}</td><td>${p.text}</td></tr>`,
      )}</tbody></table></div>`
    : h`<p>Ingen.</p>`
}`,
      );
    },
  );

  portal.get('/drift', requirePortalRole('operator'), async (req, res) => {
    const links = deps.links ?? {};
    await send(
      req,
      res,
      'Drift',
      h`<h1>Drift</h1>
<p class="font-lead">Fejlede forsendelser og kontrakter håndteres i de tjenester, der ejer dem.</p>
<ul>
<li><a href="${links.notifications ?? 'http://127.0.0.1:3002/docs'}">Takstindberetning: forsendelser og fejlede forsendelser (API-dokumentation, <code>GET /deliveries?status=failed</code>)</a></li>
<li><a href="${links.contracts ?? 'http://127.0.0.1:3001/docs'}">Standardkontrakter (API-dokumentation)</a></li>
<li><a href="/docs">Bestillingsportalens API-dokumentation</a></li>
</ul>`,
    );
  });
}
