/**
 * The contracts service keeps one contract per order, under an id derived from the order
 * (`c-<order id>`, its `contractIdFor`), so the "offer selected" event can only ever draft one.
 * The portal links an order to its contract by the same rule before any event has named it.
 */
export const contractIdOfOrder = (orderId: string): string => `c-${orderId}`;
