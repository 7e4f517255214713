import type { Actor } from '@rammeaftale/auth';
import type { z } from 'zod';
import { MS_PER_DAY, type OperatorKind, type TargetGroupSlug } from '@rammeaftale/domain';
import { copenhagenDate } from './danish-time';
import { NotFoundError } from '@rammeaftale/domain';
import type { OfferRepository } from './offer.repository';
import type { OfferDetailView, OfferListView } from './offer.schemas';
import { offerDetailView, offerSummaryView, type ViewClock } from './offer.views';
import type { OrganisationRepository } from './organisation.repository';
import { SHARED_REGISTRY } from '../tenancy';
import type { OfferTypeSlug } from './vocabulary';

export interface OfferReadDeps {
  offers: OfferRepository;
  organisations: OrganisationRepository;
  now: () => Date;
  staleCapacityDays: number;
}

export interface ListOffersInput {
  municipalityCode?: number;
  operatorKind?: OperatorKind;
  operatorOrganisationId?: string;
  targetGroup?: string;
  offerType?: OfferTypeSlug;
  frameworkAgreement?: boolean;
  withFreePlaces?: boolean;
  capacityStale?: boolean;
  q?: string;
  limit: number;
  offset: number;
}

function clockOf(deps: OfferReadDeps): ViewClock {
  const now = deps.now();
  return { now, today: copenhagenDate(now), staleAfterDays: deps.staleCapacityDays };
}

/**
 * The registry as every party sees it: offers with their current capacity (flagged stale when not
 * confirmed within the configured days) and the tariffs in force today. Reading is open to all
 * signed-in roles; the agreement is about making capacity and prices visible.
 */
export async function listOffers(
  deps: OfferReadDeps,
  _actor: Actor,
  input: ListOffersInput,
): Promise<z.infer<typeof OfferListView>> {
  const clock = clockOf(deps);
  // Same boundary as `isStale`: exactly N days old is still fresh.
  const confirmedSince = new Date(clock.now.getTime() - clock.staleAfterDays * MS_PER_DAY);
  const { items, total } = await deps.offers.list(
    SHARED_REGISTRY,
    {
      municipalityCode: input.municipalityCode,
      operatorKind: input.operatorKind,
      operatorOrganisationId: input.operatorOrganisationId,
      targetGroup: input.targetGroup as TargetGroupSlug | undefined,
      offerType: input.offerType,
      frameworkAgreement: input.frameworkAgreement,
      withFreePlaces: input.withFreePlaces,
      capacityFresh:
        input.capacityStale === undefined
          ? undefined
          : { fresh: !input.capacityStale, confirmedSince },
      nameContains: input.q,
    },
    { limit: input.limit, offset: input.offset },
  );
  const operators = await deps.organisations.byIds(
    SHARED_REGISTRY,
    items.map((o) => o.operator.organisationId),
  );
  return {
    items: items.map((o) => offerSummaryView(o, operators, clock)),
    total,
    limit: input.limit,
    offset: input.offset,
    staleAfterDays: clock.staleAfterDays,
  };
}

/** One offer with its capacity history and every tariff period. */
export async function getOffer(
  deps: OfferReadDeps,
  actor: Actor,
  offerId: string,
): Promise<z.infer<typeof OfferDetailView>> {
  const offer = await deps.offers.get(SHARED_REGISTRY, offerId);
  if (!offer) throw new NotFoundError('Offer');
  const operators = await deps.organisations.byIds(SHARED_REGISTRY, [
    offer.operator.organisationId,
  ]);
  // Who at the operator typed the numbers is for the operator itself and the secretariat.
  const showUserIds =
    actor.role === 'secretariat' || actor.organisationId === offer.operator.organisationId;
  return offerDetailView(offer, operators, clockOf(deps), showUserIds);
}
