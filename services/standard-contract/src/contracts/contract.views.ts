import { pricesOn } from './contract.rules';
import type { Contract } from './contract.types';

/**
 * What leaves the API: the tenant keys stay inside, and so do letter errors (they may quote the
 * other service). `price` is the latest agreed price, which may start later; `priceInForce` is the
 * one paid on `today` and `nextPrice` the one after it.
 */
export function contractView(c: Contract, today: string) {
  const { access: _access, letters, pendingProposal: _pending, ...rest } = c;
  return {
    ...rest,
    ...pricesOn(c, today),
    letters: letters.map(({ lastError: _e, ...l }) => l),
  };
}

export function contractSummary(c: Contract) {
  return {
    id: c.id,
    orderId: c.orderId,
    status: c.status,
    version: c.version,
    template: c.template,
    startDate: c.startDate,
    updatedAt: c.updatedAt,
    supplierName: c.supplier.name,
    actingMunicipalityName: c.actingMunicipality.name,
    offerName: c.offer.name,
  };
}
