/**
 * The contracts service derives a contract's id from its order (its `contractIdFor`): the order's
 * first contract is `c-<order id>`, and after contracts withdrawn or rejected the next ones are
 * `c-<order id>.<n>` (ADR 0015), one live at a time. The portal links an order to its contract by
 * the same rule before any event has named it.
 */
export const contractIdOfOrder = (orderId: string, slot = 1): string =>
  slot === 1 ? `c-${orderId}` : `c-${orderId}.${slot}`;

/** The id of the contract drafted after `contractId` of the order was withdrawn or rejected. */
export function nextContractIdOfOrder(orderId: string, contractId: string): string {
  const rest = contractId.slice(`c-${orderId}`.length);
  const slot = rest === '' ? 1 : Number(rest.slice(1));
  return contractIdOfOrder(orderId, (Number.isInteger(slot) && slot >= 1 ? slot : 1) + 1);
}
