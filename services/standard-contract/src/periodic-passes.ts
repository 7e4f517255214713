import type { Connection } from 'mongoose';
import { LeaseRepository, crossTenant, onOneReplica } from '@rammeaftale/db';
import type { StandardContractConfig } from './config';
import { reconcileLetters } from './letters/deliver-letters.use-case';
import { followLetterDeliveries } from './letters/letter-delivery.use-case';
import { runTariffFlow } from './tariffs/progress-tariff-change.use-case';
import type { Services } from './start';

/** Longer than any pass: a replica that died mid-pass is taken over once its lease expires. */
const PASS_LEASE_MS = 4 * 60_000;

/**
 * The letter reconciler and the tariff flow, each on its own interval and callable at once. Each
 * kind of pass runs on one replica at a time (issue 17; a lease in `sweeper_leases`): the
 * sweeper role may run on several pods, and two tariff flows at once would each apply the same
 * decisions and hand over the same letters. A timer's pass skips while another replica runs
 * one; a pass asked for now waits for it.
 */
export function startPeriodicPasses(
  config: StandardContractConfig,
  { deps, tariffDeps }: Services,
  db: Connection,
) {
  const { logger } = deps;
  const leases = new LeaseRepository(db, { model: 'SweeperLease', collection: 'sweeper_leases' });
  const scope = crossTenant('a sweeper pass goes over the contracts and tariff changes of all');
  const exclusive = async (key: string, run: () => Promise<number>, waitMs: number) =>
    (await onOneReplica(leases, scope, key, run, { ttlMs: PASS_LEASE_MS, waitMs })) ?? 0;

  // Hands pending letters over, then reads back what became of those handed over (bounces).
  const reconcileOnce = async () => {
    const accepted = await reconcileLetters(deps, { olderThanMs: config.LETTER_RETRY_AFTER_MS });
    await followLetterDeliveries(deps, { now: deps.now() }).catch((err: unknown) =>
      logger.warn({ err }, 'letter delivery follow-up failed'),
    );
    return accepted;
  };
  const tariffFlowOnce = () => runTariffFlow(tariffDeps);
  const reconcileLettersNow = () => exclusive('letter-reconciler', reconcileOnce, PASS_LEASE_MS);
  const runTariffFlowNow = () => exclusive('tariff-flow', tariffFlowOnce, PASS_LEASE_MS);

  const reconciler = setInterval(() => {
    exclusive('letter-reconciler', reconcileOnce, 0).catch((err: unknown) =>
      logger.warn({ err }, 'letter reconciler pass failed'),
    );
  }, config.LETTER_RETRY_INTERVAL_MS);
  reconciler.unref();
  const tariffFlow = setInterval(() => {
    exclusive('tariff-flow', tariffFlowOnce, 0).catch((err: unknown) =>
      logger.warn({ err }, 'tariff flow pass failed'),
    );
  }, config.TARIFF_FLOW_INTERVAL_MS);
  tariffFlow.unref();
  return {
    now: { reconcileLettersNow, runTariffFlowNow },
    stop: () => {
      clearInterval(reconciler);
      clearInterval(tariffFlow);
    },
  };
}
