import { MUNICIPALITIES, TARGET_GROUPS } from '@rammeaftale/domain';
import { filterQuery, MARKET_FIRST_YEAR } from '../../market/market-filter';
import type { MarketFilter } from '../../market/market.rules';
import { selectField } from '../kit/form';
import { attr, h, type Html } from '../kit/html';
import { municipalityName, targetGroupName } from '../kit/labels';

/** The market data pages, in the order of the issue: purchase volume, capacity, prices. */
export const MARKET_PAGES: readonly [string, string][] = [
  ['/markedsdata/koebsvolumen', 'Købsvolumen'],
  ['/markedsdata/kapacitet', 'Kapacitet'],
  ['/markedsdata/priser', 'Prisudvikling'],
];

/** The links between the market data pages, keeping the filter. */
export function marketNav(current: string, filter: MarketFilter): Html {
  const q = filterQuery(filter);
  return h`<nav aria-label="Markedsdata"><ul class="nobullet-list portal-subnav">${MARKET_PAGES.map(
    ([href, label]) =>
      h`<li><a href="${href}?${q}"${attr('aria-current', href === current && 'page')}>${label}</a></li>`,
  )}</ul></nav>`;
}

/** The filter form (GET, so a selection is a link that can be shared and bookmarked). */
export function marketFilterForm(
  action: string,
  filter: MarketFilter,
  opts: { currentYear: number; targetGroup?: boolean; municipalityHint?: string },
): Html {
  const years: [string, string][] = [];
  for (let y = Math.min(MARKET_FIRST_YEAR, filter.fromYear); y <= opts.currentYear + 1; y++)
    years.push([String(y), String(y)]);
  return h`<form method="get" action="${action}" class="portal-filter">
<fieldset><legend class="h4">Vælg data</legend>
${selectField({ id: 'fra', label: 'Fra år', options: years, value: String(filter.fromYear), conditional: true })}
${selectField({ id: 'til', label: 'Til og med år', options: years, value: String(filter.toYear), conditional: true })}
${selectField({
  id: 'kommune',
  label: 'Kommune',
  hint: opts.municipalityHint,
  options: MUNICIPALITIES.map((m) => [String(m.code), municipalityName(m.code)]),
  value: filter.municipalityCode === undefined ? '' : String(filter.municipalityCode),
  placeholder: 'Alle 17 kommuner',
  conditional: true,
})}
${
  opts.targetGroup === false
    ? ''
    : selectField({
        id: 'maalgruppe',
        label: 'Målgruppe',
        options: TARGET_GROUPS.map((g) => [g.slug, g.label]),
        value: filter.targetGroup ?? '',
        placeholder: 'Alle målgrupper',
        conditional: true,
      })
}
<button type="submit" class="button button-primary">Vis</button>
</fieldset></form>`;
}

/** The selection in words, for the summaries beside the charts. */
export function selectionText(filter: MarketFilter): string {
  const years =
    filter.fromYear === filter.toYear
      ? `i ${filter.fromYear}`
      : `fra ${filter.fromYear} til og med ${filter.toYear}`;
  const where =
    filter.municipalityCode === undefined
      ? 'i alle 17 kommuner'
      : `i ${municipalityName(filter.municipalityCode)}`;
  const group = filter.targetGroup ? `, målgruppen ${targetGroupName(filter.targetGroup)}` : '';
  return `${years} ${where}${group}`;
}
