import { ConflictError } from '@rammeaftale/domain';
import { ContractBasis, type Party } from '@rammeaftale/service-api';
import type { Organisation } from '../offers/organisation.repository';
import { crossTenant } from '@rammeaftale/db';
import { SHARED_REGISTRY } from '../tenancy';
import type { OrderDeps } from './order-deps';
import { orderNotFound } from './order.errors';

function party(org: Organisation | undefined, role: string): Party {
  if (!org) throw new ConflictError(`The ${role} is not in the registry`);
  if (!org.contact?.email)
    throw new ConflictError(`The ${role} (${org.name}) has no contact e-mail in the registry`);
  return {
    organisationId: org.id,
    name: org.name,
    ean: org.eanNumbers[0],
    cvr: org.cvr,
    municipalityCode: org.municipalityCode,
    contact: {
      email: org.contact.email,
      phone: org.contact.phone,
      address:
        [org.contact.street, [org.contact.postalCode, org.contact.city].filter(Boolean).join(' ')]
          .filter(Boolean)
          .join(', ') || undefined,
    },
  };
}

/**
 * What the contracts service needs for a selected order (the `order.offer-selected` event names
 * only the order): the parties, the offer, the price agreed, the start and the goals. The citizen
 * appears as the municipality's pseudonym only.
 */
export async function contractBasis(deps: OrderDeps, orderId: string): Promise<ContractBasis> {
  const order = await deps.orders.getSelected(
    crossTenant('the contracts service drafts the contract of a selected order (service token)'),
    orderId,
  );
  if (!order?.selection) throw orderNotFound();
  const s = order.selection;
  const request = order.requests.find((r) => r.requestId === s.requestId);
  const offer = await deps.candidates.get(SHARED_REGISTRY, s.offerId);
  if (!offer) throw new ConflictError('The selected offer is no longer in the registry');
  const orgs = await deps.organisations.byIds(SHARED_REGISTRY, [
    order.actingOrganisationId,
    order.payingOrganisationId,
    s.supplierOrganisationId,
  ]);
  const startDate =
    request?.answer?.possibleStart && request.answer.possibleStart > order.need.wantedStart
      ? request.answer.possibleStart
      : order.need.wantedStart;
  return ContractBasis.parse({
    orderId: order.id,
    actingMunicipality: party(orgs.get(order.actingOrganisationId), 'acting municipality'),
    payingMunicipality: party(orgs.get(order.payingOrganisationId), 'paying municipality'),
    supplier: party(orgs.get(s.supplierOrganisationId), 'supplier'),
    citizen: { reference: order.citizen.reference, isChild: order.citizen.age < 18 },
    offer: {
      offerId: offer.id,
      tilbudsportalenId: offer.id.startsWith('tp-') ? offer.id.slice(3) : undefined,
      name: offer.name,
      coveredByFrameworkAgreement: offer.frameworkAgreement,
      operatorKind: offer.operatorKind,
      supervisingAuthority: offer.supervisingAuthority,
    },
    services: [
      { description: `Plads efter ${order.need.legalBasis}`, legalBasis: order.need.legalBasis },
    ],
    price: {
      dailyBasisTariffOre: s.dailyPriceOre,
      additionalTariffs: [],
      tariffYear: Number(startDate.slice(0, 4)),
    },
    startDate,
    expectedDurationMonths: order.need.expectedDurationMonths,
    goals: order.goals,
    selectedAt: new Date(s.at).toISOString(),
    selectedBy: s.by.userId,
  });
}
