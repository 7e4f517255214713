import type { TariffChangePage } from '@rammeaftale/service-api';
import {
  dateInput,
  errorSummary,
  selectField,
  textField,
  titleWithErrors,
  type FieldError,
} from '../kit/form';
import { day } from '../kit/format';
import { h, type Html } from '../kit/html';
import { DECISION_STATUS } from '../kit/labels';
import type { Page } from '../kit/page';
import { table } from '../kit/tables';
import { pageLinks } from './report-filter';

/** The filter form's fields as typed (Danish names in the address). */
export interface TariffFilterValues {
  fra: string;
  til: string;
  leverandoer: string;
  tilbud: string;
  driftsform: string;
  kategori: string;
  status: string;
  soeg: string;
}

export const OPERATOR_KIND_NAMES: Record<string, string> = {
  private: 'Privat',
  municipal: 'Kommunal',
  regional: 'Regional',
};

/** Where a change's largest increase falls against the year's P/L and the report threshold. */
export const BAND_NAMES: Record<string, string> = {
  decrease_or_unchanged: 'Fald eller uændret',
  within_pl: 'Inden for P/L',
  above_pl: 'Over P/L',
  above_report_threshold: 'Over indberetningsgrænsen',
};

const options = (names: Record<string, string>): [string, string][] => Object.entries(names);

function filterForm(
  v: TariffFilterValues,
  errors: FieldError[],
  suppliers: [string, string][],
): Html {
  return h`<form method="get" action="/sekretariat/takstaendringer" class="portal-filter" novalidate>
<fieldset><legend class="h4">Find takstændringer</legend>
${textField({ id: 'soeg', label: 'Søg', hint: 'Del af tilbuddets eller leverandørens navn, eller takstændringens id', value: v.soeg, width: 'l', conditional: true })}
${dateInput({ id: 'fra', label: 'Gælder fra og med', value: v.fra, errors, conditional: true })}
${dateInput({ id: 'til', label: 'Gælder til og med', value: v.til, errors, conditional: true })}
${selectField({ id: 'leverandoer', label: 'Leverandør', options: suppliers, value: v.leverandoer, placeholder: 'Alle leverandører', conditional: true })}
${selectField({ id: 'driftsform', label: 'Driftsform', options: options(OPERATOR_KIND_NAMES), value: v.driftsform, placeholder: 'Alle driftsformer', conditional: true })}
${selectField({ id: 'kategori', label: 'Stigning', options: options(BAND_NAMES), value: v.kategori, placeholder: 'Alle stigninger', conditional: true })}
${selectField({ id: 'status', label: 'Kontrakternes status', options: options(DECISION_STATUS), value: v.status, placeholder: 'Alle', conditional: true })}
${v.tilbud ? h`<input type="hidden" name="tilbud" value="${v.tilbud}"><p>Kun ét tilbud (${v.tilbud}). <a href="/sekretariat/takstaendringer">Vis alle tilbud</a></p>` : ''}
<button type="submit" class="button button-primary">Vis</button>
</fieldset></form>`;
}

function results(found: TariffChangePage, v: TariffFilterValues): Html {
  if (!found.items.length) return h`<p>Ingen takstændringer passer på det valgte.</p>`;
  const { fra, til, leverandoer, tilbud, driftsform, kategori, status, soeg } = v;
  return h`${table({
    caption: `Takstændringer (${found.total} i alt)`,
    head: [
      'Tilbud',
      'Leverandør',
      'Driftsform',
      'Gælder fra',
      'Største stigning',
      'Kontrakter',
      'Afventer',
      'Frist',
    ],
    rows: found.items.map(
      (
        c,
      ) => h`<tr><th scope="row"><a href="/sekretariat/takstaendringer/${c.id}">${c.offer.name}</a></th>
<td>${c.supplierName}</td><td>${OPERATOR_KIND_NAMES[c.offer.operatorKind] ?? c.offer.operatorKind}</td><td>${day(c.effectiveFrom)}</td>
<td>${c.maxIncreasePercent} – ${BAND_NAMES[c.band] ?? c.band}${c.reported ? ' (indberettet)' : ''}</td>
<td>${c.contracts}</td><td>${c.awaitingApproval}</td><td>${day(c.approvalDeadline)}${c.overdue ? ' – overskredet' : ''}</td></tr>`,
    ),
  })}
${pageLinks({ path: '/sekretariat/takstaendringer', query: { fra, til, leverandoer, tilbud, driftsform, kategori, status, soeg }, page: found.page, total: found.total, pageSize: found.pageSize, label: 'Sider med takstændringer' })}`;
}

/** Every tariff change across the 17 municipalities, filtered and paged. */
export function tariffChangesView(p: {
  values: TariffFilterValues;
  errors: FieldError[];
  found?: TariffChangePage;
  suppliers: [string, string][];
}): Page {
  return {
    title: titleWithErrors('Takstændringer i alle kommuner', p.errors.length > 0),
    menu: '/sekretariat/takstaendringer',
    status: p.errors.length ? 400 : 200,
    main: h`<h1>Takstændringer i alle kommuner</h1>
<p class="font-lead">Alle varslede takstændringer på tværs af de 17 kommuner. En stigning over P/L kræver den købende kommunes godkendelse; en stigning over årets indberetningsgrænse (for private og for offentlige tilbud) indberettes til tilsynet.</p>
${errorSummary(p.errors)}
${filterForm(p.values, p.errors, p.suppliers)}
${p.found ? results(p.found, p.values) : ''}`,
  };
}
