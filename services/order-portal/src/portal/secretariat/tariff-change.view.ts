import type { TariffChangeView } from '@rammeaftale/service-api';
import { facts, justifications } from '../contracts/tariff-change.view';
import { day, kr, when } from '../kit/format';
import { h, type Html } from '../kit/html';
import { CLASSIFICATION, DECISION_STATUS } from '../kit/labels';
import type { Page } from '../kit/page';
import { table } from '../kit/tables';

const LETTER_KIND: Record<string, string> = {
  'tariff-letter': 'Brev til leverandøren om begrundelse',
  'tariff-approval-reminder': 'Påmindelse til kommunen om godkendelse',
};

/** Where a letter or report is: handed over, delivered, failed (the secretariat sees the reason). */
export const OUTBOX_STATUS: Record<string, string> = {
  scheduled: 'Planlagt',
  pending: 'Venter på afsendelse',
  accepted: 'Afleveret til udsendelse',
  failed: 'Kunne ikke afleveres',
  cancelled: 'Ikke længere nødvendig',
};
export const DELIVERY_STATUS: Record<string, string> = {
  pending: 'Venter',
  sending: 'Sendes',
  sent: 'Sendt',
  failed: 'Fejlet',
};

type Outbox = TariffChangeView['letters'][number] | TariffChangeView['reports'][number];

/**
 * The state of one letter or report in words, with when it was sent. A failed hand-over says so
 * in Danish (its technical text stays in the log); the mail server's own reason for a failed
 * delivery is quoted, marked as the server's.
 */
export function deliveryText(
  r: Pick<Outbox, 'status' | 'delivery' | 'lastError' | 'notBefore'>,
): string {
  const parts = [OUTBOX_STATUS[r.status] ?? r.status];
  if (r.status === 'scheduled' && r.notBefore) parts[0] = `Planlagt til ${when(r.notBefore)}`;
  if (r.lastError && r.status !== 'accepted')
    parts.push('afleveringen til brevtjenesten mislykkedes og forsøges igen');
  if (r.delivery) {
    parts.push(`levering: ${DELIVERY_STATUS[r.delivery.status] ?? r.delivery.status}`);
    if (r.delivery.sentAt) parts.push(when(r.delivery.sentAt));
    if (r.delivery.lastError) parts.push(`mailserverens svar: ${r.delivery.lastError}`);
  }
  return parts.join(' · ');
}

function decisions(t: TariffChangeView): Html {
  return h`<h2>Kontrakter og beslutninger</h2>${table({
    caption: 'Hver kontrakt vurderes mod prisen i kraft',
    head: [
      'Kontrakt',
      'Købende kommune',
      'Betalende kommune',
      'Pris nu',
      'Ny pris',
      'Stigning',
      'Vurdering',
      'Status',
    ],
    rows: t.decisions.map(
      (
        d,
      ) => h`<tr><th scope="row">${d.contractId}</th><td>${d.buyer.name}</td><td>${d.payingMunicipalityName}</td>
<td>${kr(d.currentPrice.dailyTotalOre)}</td><td>${kr(d.newPrice.dailyTotalOre)}</td><td>${d.classification.increasePercent}</td>
<td>${CLASSIFICATION[d.classification.kind] ?? d.classification.kind}${d.classification.reportToAuthority ? ` – indberettes til ${d.authority}` : ''}</td>
<td>${DECISION_STATUS[d.status] ?? d.status}${d.overdue ? ' – frist overskredet' : ''}${d.buyerDecision?.comment ? ` (${d.buyerDecision.comment})` : ''}${d.amendmentNumber ? ` – tillæg ${d.amendmentNumber}` : ''}</td></tr>`,
    ),
  })}`;
}

function letters(t: TariffChangeView): Html {
  if (!t.letters.length)
    return h`<h2>Breve</h2><p>Takstændringen har ikke givet anledning til breve.</p>`;
  const municipality = (id: string) =>
    t.decisions.find((d) => d.buyer.organisationId === id)?.buyer.name ?? id;
  return h`<h2>Breve</h2>${table({
    caption: 'Breve om takstændringen',
    head: ['Brev', 'Om kommune', 'Dannet', 'Status'],
    rows: t.letters.map(
      (l) =>
        h`<tr><th scope="row">${LETTER_KIND[l.kind] ?? l.kind}</th><td>${municipality(l.municipalityOrganisationId)}</td><td>${when(l.createdAt)}</td><td>${deliveryText(l)}</td></tr>`,
    ),
  })}`;
}

/** The authority's part of a report's key (`authority-report:<change>:<slug>`). */
export const reportSlug = (key: string) => key.slice(key.lastIndexOf(':') + 1);

function reports(t: TariffChangeView): Html {
  if (!t.reports.length)
    return h`<h2>Indberetninger</h2><p>Stigningen er ikke over indberetningsgrænsen og er ikke indberettet.</p>`;
  return h`<h2>Indberetninger</h2>${table({
    caption: 'Indberetninger til tilsynet',
    head: ['Tilsyn', 'Kommuner', 'Dannet', 'Status', 'Dokumenter'],
    rows: t.reports.map((r) => {
      const base = `/indberetninger/${t.id}/${reportSlug(r.key)}`;
      return h`<tr><th scope="row"><a href="${base}">${r.authority}</a></th><td>${r.municipalities.map((m) => m.name).join(', ')}</td>
<td>${when(r.createdAt)}</td><td>${deliveryText(r)}</td>
<td><a href="${base}/pdf" download>PDF</a> · <a href="${base}/csv" download>CSV</a> · <a href="${base}/json" download>JSON</a></td></tr>`;
    }),
  })}`;
}

/** One change across every municipality, for the secretariat. */
export function tariffChangeView(t: TariffChangeView): Page {
  return {
    title: `Takstændring for ${t.offer.name}`,
    menu: '/sekretariat/takstaendringer',
    main: h`<p><a href="/sekretariat/takstaendringer">Tilbage til takstændringer</a></p>
<h1>Takstændring for ${t.offer.name}</h1>
<p class="font-lead">Varslet ${when(t.announcedAt)}, gælder fra ${day(t.effectiveFrom)}. Leverandørens begrundelse skal være modtaget senest ${day(t.justificationDeadline)}.</p>
${facts(t)}
${decisions(t)}
${justifications(t)}
${letters(t)}
${reports(t)}`,
  };
}
