import type { Actor } from '@rammeaftale/auth';
import { ForbiddenError, InvalidInputError, municipalityByCode } from '@rammeaftale/domain';
import { actorScope } from '../tenancy';
import { newId } from './ids';
import { actorRef } from './order-transition';
import type { OrderDeps } from './order-deps';
import type { Order } from './order.repository';
import type { CreateOrderBody } from './order.schemas';

/** The municipality a case worker acts for, from the token's organisation (`mun-<code>`). */
export function municipalityOf(actor: Actor): number {
  const m = /^mun-(\d{3})$/.exec(actor.organisationId);
  const code = m ? Number(m[1]) : NaN;
  if (!municipalityByCode(code))
    throw new ForbiddenError('Only case workers of the 17 municipalities can order places');
  return code;
}

/**
 * A case worker creates an order (a draft). The acting municipality is the case worker's own;
 * the paying municipality may be another. A CPR number, if given, is stored only encrypted with a
 * look-up token, and the access is logged.
 */
export async function createOrder(
  deps: OrderDeps,
  actor: Actor,
  body: CreateOrderBody,
): Promise<Order> {
  const acting = municipalityOf(actor);
  if (!municipalityByCode(body.payingMunicipalityCode)) {
    throw new InvalidInputError([
      {
        field: 'payingMunicipalityCode',
        code: 'unknown_municipality',
        message: 'not one of the 17 municipalities',
      },
    ]);
  }
  let cpr: { ciphertext: string; lookupToken: string } | undefined;
  if (body.citizen.cpr) {
    if (!deps.vault)
      throw new InvalidInputError([
        {
          field: 'citizen.cpr',
          code: 'cpr_not_configured',
          message: 'CPR numbers cannot be stored: no encryption key is configured',
        },
      ]);
    try {
      cpr = deps.vault.protect(body.citizen.cpr);
    } catch {
      throw new InvalidInputError([
        {
          field: 'citizen.cpr',
          code: 'invalid_cpr',
          message: 'not a valid CPR number (date and format)',
        },
      ]);
    }
  }
  const id = newId('ord');
  await deps.accessLog(actor, {
    action: 'create',
    purpose: 'Bestilling af plads',
    citizenRef: body.citizen.reference,
    resource: { type: 'order', id },
  });
  return deps.orders.create(actorScope(actor, 'acting'), {
    _id: id,
    actingOrganisationId: actor.organisationId,
    actingMunicipalityCode: acting,
    payingOrganisationId: `mun-${body.payingMunicipalityCode}`,
    payingMunicipalityCode: body.payingMunicipalityCode,
    createdBy: actorRef(actor),
    citizen: {
      reference: body.citizen.reference,
      age: body.citizen.age,
      gender: body.citizen.gender,
      cpr,
    },
    need: {
      ...body.need,
      homeMunicipalityCode: body.need.homeMunicipalityCode ?? acting,
      requiredCompetences: body.need.requiredCompetences ?? [],
      wishedCompetences: body.need.wishedCompetences ?? [],
    },
    goals: body.goals,
    status: 'draft',
    transitions: [],
    interests: [],
    requests: [],
    pendingEvents: [],
    revision: 0,
  });
}
