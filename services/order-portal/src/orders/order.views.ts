import type { Order } from './order.repository';
import type { PlacementRequestDoc } from './order.model';

/** What the acting or paying municipality sees: everything but the CPR ciphertext and the outbox. */
export function caseworkerView(o: Order) {
  const { citizen, pendingEvents: _p, revision, ...rest } = o;
  return {
    ...rest,
    revision,
    citizen: {
      reference: citizen.reference,
      age: citizen.age,
      gender: citizen.gender,
      hasCpr: Boolean(citizen.cpr),
    },
  };
}

/**
 * What a supplier sees of a request: an anonymised profile — no name, no CPR number, not even the
 * municipality's pseudonym — until a contract exists. Only its own request, never the others'.
 */
export function supplierRequestView(
  o: Pick<Order, 'citizen' | 'need' | 'goals' | 'actingMunicipalityCode'>,
  r: PlacementRequestDoc,
) {
  return {
    requestId: r.requestId,
    offerId: r.offerId,
    offerName: r.offerName,
    status: r.status,
    sentAt: r.sentAt,
    deadline: r.deadline,
    answer: r.answer ? { ...r.answer, answeredBy: undefined } : undefined,
    buyerMunicipalityCode: o.actingMunicipalityCode,
    profile: {
      age: o.citizen.age,
      gender: o.citizen.gender,
      targetGroup: o.need.targetGroup,
      legalBasis: o.need.legalBasis,
      wantedStart: o.need.wantedStart,
      expectedDurationMonths: o.need.expectedDurationMonths,
      needs: o.need.needs,
      specialRequirements: o.need.specialRequirements,
      requiredCompetences: o.need.requiredCompetences,
      goals: o.goals.map((g) => g.goal),
    },
  };
}
