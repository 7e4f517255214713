import type { Actor } from '@rammeaftale/auth';
import {
  municipalityTown,
  searchPlacements,
  type Place,
  type SearchOutcome,
} from '@rammeaftale/domain';
import { actorScope, SHARED_REGISTRY } from '../tenancy';
import { actorRef, transitionUpdate } from './order-transition';
import type { OrderDeps } from './order-deps';
import { concurrentChange, orderNotFound } from './order.errors';
import type { Order } from './order.repository';
import type { SearchSnapshotDoc } from './order.model';

export interface SearchView extends SearchOutcome {
  /** How many offers were left out for each reason (all offers, including other target groups). */
  excludedByReason: Record<string, number>;
  excludedTotal: number;
  offers: Record<
    string,
    {
      name: string;
      operatorKind: string;
      municipalityCode: number;
      dailyTariffOre: number | null;
      capacityConfirmedAt: string | null;
      competences: string[];
      qualityScore: number | null;
    }
  >;
}

/**
 * Where the citizen should live, as the search measures distance from it: the order's exact place
 * when it has one, else the town of the municipality the citizen should live in (the order's
 * home municipality, which defaults to the ordering municipality).
 */
export function residenceOf(order: Order): Place | undefined {
  const town = municipalityTown(order.need.homeMunicipalityCode ?? order.actingMunicipalityCode);
  if (order.need.location) return { ...order.need.location, town: town?.town };
  return town;
}

/** Runs the placement search for an order, in the framework agreement's order (see packages/domain). */
export async function runSearch(
  deps: OrderDeps,
  order: Order,
  opts: { includeFull?: boolean } = {},
): Promise<SearchView> {
  const candidates = await deps.candidates.all(SHARED_REGISTRY);
  const outcome = searchPlacements({
    criteria: {
      targetGroup: order.need.targetGroup,
      legalBasis: order.need.legalBasis,
      age: order.citizen.age,
      gender: order.citizen.gender,
      requiredCompetences: order.need.requiredCompetences,
      wishedCompetences: order.need.wishedCompetences,
      location: residenceOf(order),
      maxDistanceKm: order.need.maxDistanceKm,
      includeFull: opts.includeFull,
    },
    offers: candidates,
    nowIso: deps.now().toISOString(),
    staleAfterDays: deps.settings.staleAfterDays,
    weights: deps.settings.weights,
  });
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const offers: SearchView['offers'] = {};
  for (const r of outcome.results) {
    const c = byId.get(r.offerId)!;
    offers[r.offerId] = {
      name: c.name,
      operatorKind: c.operatorKind,
      municipalityCode: c.municipalityCode,
      dailyTariffOre: c.dailyTariffOre,
      capacityConfirmedAt: c.capacityConfirmedAt,
      competences: c.competences ?? [],
      qualityScore: c.quality?.score ?? null,
    };
  }
  // Offers of another target group are the bulk of the registry and tell the case worker nothing:
  // they are counted, not listed. Offers of the citizen's group that were left out are listed with why.
  const excludedByReason: Record<string, number> = {};
  for (const e of outcome.excluded)
    for (const r of e.reasons) excludedByReason[r.code] = (excludedByReason[r.code] ?? 0) + 1;
  const excluded = outcome.excluded.filter(
    (e) => !e.reasons.some((r) => r.code === 'target_group'),
  );
  return { ...outcome, excluded, excludedByReason, excludedTotal: outcome.excluded.length, offers };
}

/**
 * A case worker searches for an order: the outcome is shown and a summary kept on the order (which
 * offers were shown in which order, and whether public capacity was free), and a draft moves to
 * "searching".
 */
export async function searchForOrder(
  deps: OrderDeps,
  actor: Actor,
  orderId: string,
): Promise<SearchView> {
  const acting = actorScope(actor, 'acting');
  const order = await deps.orders.get(acting, orderId);
  if (!order) throw orderNotFound();
  await deps.accessLog(actor, {
    action: 'read',
    purpose: 'Pladssøgning til bestilling',
    citizenRef: order.citizen.reference,
    resource: { type: 'order', id: order.id },
  });
  const view = await runSearch(deps, order);
  const snapshot = {
    at: deps.now(),
    by: actorRef(actor),
    publicCapacityAvailable: view.publicCapacityAvailable,
    weights: view.weights,
    results: view.results.map((r) => ({
      offerId: r.offerId,
      rank: r.rank,
      tier: r.tier,
      score: r.score,
      stale: r.stale,
      freePlaces: r.freePlaces,
    })),
    excludedCount: view.excludedTotal,
  };
  if (order.status === 'draft') {
    const move = transitionUpdate(order, 'start_search', actor, undefined, deps.now());
    const updated = await deps.orders.updateActing(acting, order.id, order.revision, {
      $set: { lastSearch: snapshot, ...move.set },
      $push: move.push,
    });
    if (!updated) throw concurrentChange();
  } else if (!sameResults(order.lastSearch, snapshot)) {
    // A snapshot, last writer wins: two searches at once (a double click) must not conflict.
    // An unchanged result is not written again: repeated searches cost no document rewrite.
    await deps.orders.setLastSearch(acting, order.id, snapshot);
  }
  return view;
}

function sameResults(a: SearchSnapshotDoc | undefined, b: SearchSnapshotDoc): boolean {
  if (
    !a ||
    a.publicCapacityAvailable !== b.publicCapacityAvailable ||
    a.results.length !== b.results.length
  ) {
    return false;
  }
  return a.results.every((r, i) => {
    const o = b.results[i]!;
    return (
      r.offerId === o.offerId &&
      r.tier === o.tier &&
      r.stale === o.stale &&
      r.freePlaces === o.freePlaces &&
      r.score === o.score
    );
  });
}
