import type { Actor } from '@rammeaftale/auth';
import { isCrossTenant, partyScope, type TenantScope } from '@rammeaftale/db';
import { BAND_LABELS, purchaseVolumeBySupplier, sortByFrequency } from './analytics.rules';
import type { AnalyticsRepository } from './analytics.repository';
import { purchaseVolumeBreakdown } from './purchase-volume.rules';
import type { ContractRepository } from '../contracts/contract.repository';
import type { AuthorityMap } from '../config';
import { tariffScopeFor } from '../tariffs/tariff-change.access';
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
function marketScope(
  actor: Actor,
  authorities: AuthorityMap,
): TenantScope<'authority'> | undefined {
  const scope = tariffScopeFor(actor, authorities);
  if (!scope || isCrossTenant(scope)) return scope;
  return scope.kind === 'authority' ? partyScope('authority', scope.id) : undefined;
}

/** Which offers (or suppliers) most often announce increases above P/L and above the report threshold. */
export async function frequentIncreases(
  deps: AnalyticsDeps,
  actor: Actor,
  q: { by: 'offer' | 'supplier'; year?: number },
) {
  const scope = marketScope(actor, deps.authorities);
  if (!scope) return [];
  return sortByFrequency(await deps.analytics.frequency(scope, q.by, { year: q.year }));
}

/** How increases fall against P/L and the report threshold, per policy year. */
export async function increaseDistribution(deps: AnalyticsDeps, actor: Actor) {
  const scope = marketScope(actor, deps.authorities);
  if (!scope) return [];
  const [rows, rates] = await Promise.all([
    deps.analytics.distribution(scope),
    deps.analytics.plRatesByYear(scope),
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
  const scope = marketScope(actor, deps.authorities);
  if (!scope) return [];
  const contracts = await deps.contracts.forPurchaseVolume(scope, VOLUME_CONTRACT_LIMIT);
  if (contracts.length >= VOLUME_CONTRACT_LIMIT)
    deps.logger.warn(
      { limit: VOLUME_CONTRACT_LIMIT },
      'purchase volume computed over a truncated set',
    );
  return purchaseVolumeBySupplier(contracts, year);
}

/**
 * Purchase volume of each year in `fromYear`–`toYear` per supplier, paying municipality and offer
 * (the secretariat's market data breaks it down by municipality, target group and operator kind).
 */
export async function purchaseVolumeByYears(
  deps: AnalyticsDeps,
  actor: Actor,
  q: { fromYear: number; toYear: number },
) {
  const scope = marketScope(actor, deps.authorities);
  if (!scope) return [];
  const contracts = await deps.contracts.forPurchaseVolume(scope, VOLUME_CONTRACT_LIMIT);
  if (contracts.length >= VOLUME_CONTRACT_LIMIT)
    deps.logger.warn(
      { limit: VOLUME_CONTRACT_LIMIT },
      'purchase volume computed over a truncated set',
    );
  const years: number[] = [];
  for (let y = q.fromYear; y <= q.toYear; y++) years.push(y);
  return purchaseVolumeBreakdown(contracts, years);
}
