import type { AuthorityReportPage, AuthorityReportRow } from '@rammeaftale/service-api';
import {
  dateInput,
  errorSummary,
  selectField,
  titleWithErrors,
  type FieldError,
} from '../kit/form';
import { day, when } from '../kit/format';
import { h, type Html } from '../kit/html';
import type { MenuItem } from '../kit/layout';
import type { Page } from '../kit/page';
import { table } from '../kit/tables';
import { pageLinks } from './report-filter';
import { DELIVERY_STATUS, OUTBOX_STATUS } from './tariff-change.view';

/** Sent, when, and how the delivery went, in words. */
export function reportState(r: Pick<AuthorityReportRow, 'status' | 'delivery'>): string {
  if (r.delivery?.status === 'sent')
    return `Sendt${r.delivery.sentAt ? ` ${when(r.delivery.sentAt)}` : ''}`;
  if (r.delivery)
    return `${OUTBOX_STATUS[r.status] ?? r.status} · ${DELIVERY_STATUS[r.delivery.status] ?? r.delivery.status}`;
  return OUTBOX_STATUS[r.status] ?? r.status;
}

/** The report's page and its three documents. */
export const reportHref = (r: Pick<AuthorityReportRow, 'changeId' | 'authoritySlug'>) =>
  `/indberetninger/${r.changeId}/${r.authoritySlug}`;

export function documentLinks(r: AuthorityReportRow): Html {
  const base = reportHref(r);
  return h`<a href="${base}/pdf" download>PDF<span class="sr-only"> – ${r.offer.name}</span></a> · <a href="${base}/csv" download>CSV<span class="sr-only"> – ${r.offer.name}</span></a> · <a href="${base}/json" download>JSON<span class="sr-only"> – ${r.offer.name}</span></a>`;
}

/** The largest increase of the reported contracts, as the report words it. */
export function largestIncrease(r: AuthorityReportRow): string {
  const ratio = (c: AuthorityReportRow['contracts'][number]) =>
    (c.newDailyOre - c.currentDailyOre) / c.currentDailyOre;
  return [...r.contracts].sort((a, b) => ratio(b) - ratio(a))[0]?.increasePercent ?? '';
}

interface ReportFilterValues {
  fra: string;
  til: string;
  leverandoer: string;
}

function filterForm(
  path: string,
  v: ReportFilterValues,
  errors: FieldError[],
  suppliers: [string, string][],
): Html {
  return h`<form method="get" action="${path}" class="portal-filter" novalidate>
<fieldset><legend class="h4">Vælg indberetninger</legend>
${dateInput({ id: 'fra', label: 'Indberettet fra og med', value: v.fra, errors, conditional: true })}
${dateInput({ id: 'til', label: 'Indberettet til og med', value: v.til, errors, conditional: true })}
${selectField({ id: 'leverandoer', label: 'Leverandør', options: suppliers, value: v.leverandoer, placeholder: 'Alle leverandører', conditional: true })}
<button type="submit" class="button button-primary">Vis</button>
</fieldset></form>`;
}

function results(p: Parameters<typeof reportsView>[0], found: AuthorityReportPage): Html {
  if (!found.items.length) return h`<p>Der er ingen indberetninger i det valgte.</p>`;
  return h`${table({
    caption: `Indberetninger, nyeste først (${found.total} i alt)`,
    head: [
      'Tilbud',
      'Leverandør',
      ...(p.forAuthority ? [] : ['Tilsyn']),
      'Gælder fra',
      'Største stigning',
      'Kommuner',
      'Indberettet',
      'Status',
      'Dokumenter',
    ],
    rows: found.items.map((r) => {
      const largest = largestIncrease(r);
      return h`<tr><th scope="row"><a href="${reportHref(r)}">${r.offer.name}</a></th><td>${r.supplier.name}</td>
${p.forAuthority ? '' : h`<td>${r.authority}</td>`}<td>${day(r.effectiveFrom)}</td><td>${largest}</td>
<td>${r.municipalities.map((m) => m.name).join(', ')}</td><td>${when(r.createdAt)}</td><td>${reportState(r)}</td><td>${documentLinks(r)}</td></tr>`;
    }),
  })}
${pageLinks({ path: p.path, query: p.values as unknown as Record<string, string>, page: found.page, total: found.total, pageSize: found.pageSize, label: 'Sider med indberetninger' })}`;
}

/** The reports to the supervising authorities (the secretariat's) or to one authority (its own). */
export function reportsView(p: {
  path: string;
  menu: MenuItem;
  forAuthority: boolean;
  values: ReportFilterValues;
  errors: FieldError[];
  found?: AuthorityReportPage;
  suppliers: [string, string][];
}): Page {
  const title = p.forAuthority ? 'Indberetninger til tilsynet' : 'Indberetninger til tilsynene';
  return {
    title: titleWithErrors(title, p.errors.length > 0),
    menu: p.menu,
    status: p.errors.length ? 400 : 200,
    main: h`<h1>${title}</h1>
<p class="font-lead">${p.forAuthority ? 'Takststigninger over indberetningsgrænsen i de tilbud, I fører tilsyn med, som sekretariatet har indberettet til jer.' : 'Takststigninger over indberetningsgrænsen, indberettet til det tilsyn, der fører tilsyn med tilbuddet: hvad der er sendt, hvornår, og om det er kommet frem.'}</p>
${errorSummary(p.errors)}
${filterForm(p.path, p.values, p.errors, p.suppliers)}
${p.found ? results(p, p.found) : ''}`,
  };
}
