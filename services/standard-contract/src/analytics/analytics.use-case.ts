import type { Actor } from '@rammeaftale/auth';
import { BAND_LABELS, purchaseVolumeBySupplier, sortByFrequency } from './analytics.rules';
import type { AnalyticsRepository } from './analytics.repository';
import type { ContractRepository } from '../contracts/contract.repository';
import type { AuthorityMap } from '../config';
import { authorityOf } from '../tariffs/tariff-change.access';
import { INCREASE_BANDS } from '../tariffs/tariff-change.types';

export interface AnalyticsDeps {
  analytics: AnalyticsRepository;
  contracts: ContractRepository;
  authorities: AuthorityMap;
  logger: { warn: (o: object, msg: string) => void };
}

/** Contracts read for purchase volume; more than this is a sign the query needs a new shape. */
const VOLUME_CONTRACT_LIMIT = 50_000;

/**
 * The secretariat sees all offers; an authority only the offers it supervises (by the name the
 * offers carry, matched through configuration). An authority user not configured sees nothing.
 */
function filterFor(
  actor: Actor,
  authorities: AuthorityMap,
): { supervisingAuthority?: string } | undefined {
  if (actor.role !== 'authority') return {};
  const name = authorityOf(actor, authorities);
  return name ? { supervisingAuthority: name } : undefined;
}

/** Which offers (or suppliers) most often announce increases above P/L and above the report threshold. */
export async function frequentIncreases(
  deps: AnalyticsDeps,
  actor: Actor,
  q: { by: 'offer' | 'supplier'; year?: number },
) {
  const filter = filterFor(actor, deps.authorities);
  if (!filter) return [];
  return sortByFrequency(await deps.analytics.frequency(q.by, { ...filter, year: q.year }));
}

/** How increases fall against P/L and the report threshold, per policy year. */
export async function increaseDistribution(deps: AnalyticsDeps, actor: Actor) {
  const filter = filterFor(actor, deps.authorities);
  if (!filter) return [];
  const [rows, rates] = await Promise.all([
    deps.analytics.distribution(filter),
    deps.analytics.plRatesByYear(filter),
  ]);
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  return years.map((year) => ({
    year,
    plRatesBp: rates
      .filter((r) => r.year === year)
      .map((r) => r.plRateBp)
      .sort((a, b) => a - b),
    bands: INCREASE_BANDS.map((band) => {
      const r = rows.find((x) => x.year === year && x.band === band);
      return {
        band,
        label: BAND_LABELS[band],
        changes: r?.changes ?? 0,
        contracts: r?.contracts ?? 0,
      };
    }),
  }));
}

/** Purchase volume per supplier in a year, from contracts' daily prices times days. */
export async function purchaseVolume(deps: AnalyticsDeps, actor: Actor, year: number) {
  const filter = filterFor(actor, deps.authorities);
  if (!filter) return [];
  const contracts = await deps.contracts.forPurchaseVolume(filter, VOLUME_CONTRACT_LIMIT);
  if (contracts.length >= VOLUME_CONTRACT_LIMIT)
    deps.logger.warn(
      { limit: VOLUME_CONTRACT_LIMIT },
      'purchase volume computed over a truncated set',
    );
  return purchaseVolumeBySupplier(contracts, year);
}
