import type { Actor } from '@rammeaftale/auth';
import { searchPlacements, type SearchOutcome } from '@rammeaftale/domain';
import { actorRef, transitionUpdate } from './order-transition';
import type { OrderDeps } from './order-deps';
import { concurrentChange, orderNotFound } from './order.errors';
import type { Order } from './order.repository';

export interface SearchView extends SearchOutcome {
  offers: Record<
    string,
    {
      name: string;
      operatorKind: string;
      municipalityCode: number;
      dailyTariffOre: number | null;
      capacityConfirmedAt: string | null;
    }
  >;
}

/** Runs the placement search for an order, in the framework agreement's order (see packages/domain). */
export async function runSearch(deps: OrderDeps, order: Order): Promise<SearchView> {
  const candidates = await deps.candidates.all();
  const outcome = searchPlacements({
    criteria: {
      targetGroup: order.need.targetGroup,
      legalBasis: order.need.legalBasis,
      age: order.citizen.age,
      gender: order.citizen.gender,
      requiredCompetences: order.need.requiredCompetences,
      wishedCompetences: order.need.wishedCompetences,
      location: order.need.location,
      maxDistanceKm: order.need.maxDistanceKm,
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
    };
  }
  return { ...outcome, offers };
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
  const order = await deps.orders.getForMunicipality(orderId, actor.organisationId);
  if (!order || order.actingOrganisationId !== actor.organisationId) throw orderNotFound();
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
    excludedCount: view.excluded.length,
  };
  const move =
    order.status === 'draft'
      ? transitionUpdate(order, 'start_search', actor, undefined, deps.now())
      : undefined;
  const updated = await deps.orders.updateActing(order.id, actor.organisationId, order.revision, {
    $set: { lastSearch: snapshot, ...(move?.set ?? {}) },
    ...(move ? { $push: move.push } : {}),
  });
  if (!updated) throw concurrentChange();
  return view;
}
