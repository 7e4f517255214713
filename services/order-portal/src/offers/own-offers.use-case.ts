import type { Actor } from '@rammeaftale/auth';
import { listOffers, type OfferReadDeps } from './list-offers.use-case';

/** The offers the signed-in supplier's organisation runs (its list, its capacity and tariff forms). */
export const listOwnOffers = (deps: OfferReadDeps, actor: Actor) =>
  listOffers(deps, actor, { operatorOrganisationId: actor.organisationId, limit: 200, offset: 0 });
