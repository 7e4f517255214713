import type { Actor } from '@rammeaftale/auth';
import { crossTenant } from '@rammeaftale/db';
import { ForbiddenError } from '@rammeaftale/domain';
import type { MarketDeps } from './market-data.use-case';
import type { MarketFilter } from './market.rules';
import { volumeRowsIn, type VolumeRow } from './purchase-volume.rules';

/** Where the rows come from: the contracts service, called with the signed-in person's token. */
export type VolumeSource = (q: { fromYear: number; toYear: number }) => Promise<VolumeRow[]>;

const REGISTRY = crossTenant(
  "the secretariat's purchase volume is broken down by the registry's target groups of every offer",
);

/**
 * Purchase volume of the filter's years from the contracts (daily prices in force × days), for the
 * paying municipality and target group of the filter, with each offer's target groups.
 */
export async function purchaseVolumeMarketData(
  deps: MarketDeps,
  actor: Actor,
  source: VolumeSource,
  filter: MarketFilter,
) {
  if (actor.role !== 'secretariat') throw new ForbiddenError('Market data is the secretariat’s');
  const [rows, offers] = await Promise.all([
    source({ fromYear: filter.fromYear, toYear: filter.toYear }),
    deps.market.offers(REGISTRY),
  ]);
  const groups = new Map(offers.map((o) => [o.id, o.targetGroups]));
  const targetGroupsOf = (offerId: string) => groups.get(offerId) ?? [];
  const years: number[] = [];
  for (let y = filter.fromYear; y <= filter.toYear; y++) years.push(y);
  return { filter, years, rows: volumeRowsIn(rows, filter, targetGroupsOf), targetGroupsOf };
}
