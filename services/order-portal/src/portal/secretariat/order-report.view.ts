import type { orderReport } from '../../orders/order-reports.use-case';
import { decimal, when } from '../kit/format';
import { h, type Html } from '../kit/html';
import { municipalityName, privateReasonName } from '../kit/labels';
import type { Page } from '../kit/page';
import { table } from '../kit/tables';

type Report = Awaited<ReturnType<typeof orderReport>>;

function perMunicipality(report: Report): Html {
  if (!report.municipalities.length) return h`<p>Ingen bestillinger endnu.</p>`;
  return table({
    caption: 'Bestillinger pr. kommune',
    head: [
      'Kommune',
      'Bestillinger',
      'Placeret',
      'Offentlige',
      'Private',
      'Offentlig andel',
      'Private med begrundelse',
      'Median dage til placering',
    ],
    rows: report.municipalities.map(
      (m) =>
        h`<tr><th scope="row">${m.municipality}</th><td>${m.orders}</td><td>${m.placed}</td><td>${m.publicPlacements}</td><td>${m.privatePlacements}</td><td>${m.publicSharePercent === null ? '–' : `${decimal(m.publicSharePercent)} %`}</td><td>${m.privateWithReason}</td><td>${decimal(m.medianDaysToPlacement)}</td></tr>`,
    ),
  });
}

function privateChoices(report: Report): Html {
  if (!report.privateWithReason.length) return h`<p>Ingen.</p>`;
  return table({
    caption: 'Begrundelser for valg af private tilbud',
    head: ['Tidspunkt', 'Kommune', 'Tilbud', 'Begrundelse', 'Uddybning'],
    kind: 'plain',
    rows: report.privateWithReason.map(
      (p) =>
        h`<tr><td>${when(p.at)}</td><td>${municipalityName(p.municipalityCode)}</td><td>${p.offerName}</td><td>${privateReasonName(p.code)}</td><td>${p.text}</td></tr>`,
    ),
  });
}

/** The orders report: per municipality, time to placement, public/private, private choices. */
export function orderReportView(report: Report): Page {
  const t = report.totals;
  return {
    title: 'Rapport over bestillinger',
    menu: '/rapporter/bestillinger',
    main: h`<h1>Rapport over bestillinger</h1>
<p class="font-lead">Bestillinger pr. kommune, tid til placering, fordeling mellem offentlige og private tilbud, og private valg mens offentlig kapacitet var ledig – med begrundelse.</p>
<p>Dannet ${when(report.generatedAt)}. <a class="button button-secondary" href="/api/reports/orders?format=csv" download>Hent som CSV<span class="sr-only"> (semikolonsepareret, åbner i Excel)</span></a></p>
<dl class="summary"><dt>Bestillinger</dt><dd>${t.orders}</dd><dt>Placeret</dt><dd>${t.placed}</dd><dt>Offentlige</dt><dd>${t.public}</dd><dt>Private</dt><dd>${t.private}</dd></dl>
${perMunicipality(report)}
<h2>Private valg mens offentlig kapacitet var ledig</h2>
${privateChoices(report)}`,
  };
}
