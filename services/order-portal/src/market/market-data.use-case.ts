import type { Actor } from '@rammeaftale/auth';
import { crossTenant } from '@rammeaftale/db';
import { ForbiddenError, TARGET_GROUP_SLUGS } from '@rammeaftale/domain';
import { copenhagenDate } from '../offers/danish-time';
import { organisationNames } from '../offers/organisation-names.use-case';
import type { OrganisationRepository } from '../offers/organisation.repository';
import type { PolicyValuesRepository } from '../offers/policy-values.repository';
import type { MarketRepository } from './market.repository';
import {
  capacityByTargetGroup,
  capacityOverTime,
  monthsOf,
  offersIn,
  priceDevelopment,
  supplierPriceIndex,
  type MarketFilter,
  type PriceDevelopment,
  type YearRate,
} from './market.rules';

export interface MarketDeps {
  market: MarketRepository;
  policies: PolicyValuesRepository;
  organisations: OrganisationRepository;
  now: () => Date;
}

const AGREEMENT_WIDE = crossTenant(
  "the secretariat's market data covers the whole registry of the 17 municipalities",
);

/** Market data is the secretariat's: the agreement's shared picture, not one party's. */
function requireSecretariat(actor: Actor): void {
  if (actor.role !== 'secretariat') throw new ForbiddenError('Market data is the secretariat’s');
}

/**
 * Capacity over time: places in operation, occupied, free and waiting lists at each month's end
 * of the filter's years (up to this month), and per target group at the last of those months.
 */
export async function capacityMarketData(deps: MarketDeps, actor: Actor, filter: MarketFilter) {
  requireSecretariat(actor);
  const offers = offersIn(await deps.market.offers(AGREEMENT_WIDE), filter);
  const thisMonth = copenhagenDate(deps.now()).slice(0, 7);
  const months = monthsOf(filter.fromYear, filter.toYear, thisMonth);
  const series = capacityOverTime(offers, months);
  const lastMonth = series.at(-1)?.month;
  const groups = filter.targetGroup ? [filter.targetGroup] : TARGET_GROUP_SLUGS;
  return {
    filter,
    offers: offers.length,
    series,
    lastMonth,
    byTargetGroup: lastMonth ? capacityByTargetGroup(offers, groups, lastMonth) : [],
  };
}

/** The P/L of each policy year (a year's later correction replaces its first value). */
async function plRates(deps: MarketDeps): Promise<YearRate[]> {
  const all = await deps.policies.all(AGREEMENT_WIDE);
  const by = new Map<number, number>();
  for (const p of all) by.set(p.year, p.plRateBp); // sorted by effective date: the last one wins
  return [...by.entries()].map(([year, plRateBp]) => ({ year, plRateBp }));
}

/** Early warnings first, then by how far the price has run ahead of P/L. */
const byExcess = (a: PriceDevelopment, b: PriceDevelopment) => {
  const excess = (d: PriceDevelopment) =>
    (d.years.at(-1)?.index ?? 0) - (d.years.at(-1)?.plIndex ?? 0);
  return (
    Number(b.earlyWarning) - Number(a.earlyWarning) ||
    excess(b) - excess(a) ||
    a.offerName.localeCompare(b.offerName, 'da')
  );
};

/**
 * Price development per offer and per supplier against the cumulative P/L of the filter's years,
 * with the offers whose prices outrun P/L year after year (the early warning).
 */
export async function priceMarketData(deps: MarketDeps, actor: Actor, filter: MarketFilter) {
  requireSecretariat(actor);
  const [all, rates] = await Promise.all([deps.market.offers(AGREEMENT_WIDE), plRates(deps)]);
  const years: number[] = [];
  for (let y = filter.fromYear; y <= filter.toYear; y++) years.push(y);
  const developments = offersIn(all, filter)
    .map((o) => priceDevelopment(o, rates, years))
    .filter((d): d is PriceDevelopment => d !== undefined)
    .sort(byExcess);
  const suppliers = supplierPriceIndex(developments);
  const names = await organisationNames(deps, [...new Set(developments.map((d) => d.supplierId))]);
  return {
    filter,
    years,
    rates: rates.filter((r) => years.includes(r.year)).sort((a, b) => a.year - b.year),
    developments,
    warnings: developments.filter((d) => d.earlyWarning),
    suppliers,
    supplierNames: names,
  };
}
