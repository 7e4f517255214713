import type { Connection } from 'mongoose';
import type { OrderState } from '@rammeaftale/domain';
import { newId } from '../../src/orders/ids';
import { orderModel, type OrderDoc } from '../../src/orders/order.model';

/**
 * Moves an order created through the API straight to a later state, with the selection of an
 * offer of supplier A (cvr-11111111) it would have by then — for the tests of the placement's life,
 * which are not about the search and the requests that come before. Answers the request's id.
 */
export async function orderAt(
  db: Connection,
  orderId: string,
  status: OrderState,
  over: Partial<OrderDoc> = {},
): Promise<string> {
  const requestId = newId('req');
  const by = { userId: 'test', role: 'caseworker', organisationId: 'mun-253' };
  const res = await orderModel(db).updateOne(
    { _id: orderId },
    {
      $set: {
        status,
        requests: [
          {
            requestId,
            offerId: 'private-1',
            offerName: 'Tilbud private-1',
            supplierOrganisationId: 'cvr-11111111',
            tier: 'private',
            sentAt: new Date('2026-01-05T10:00:00Z'),
            deadline: new Date('2026-01-08T10:00:00Z'),
            status: 'selected',
          },
        ],
        selection: {
          requestId,
          offerId: 'private-1',
          supplierOrganisationId: 'cvr-11111111',
          tier: 'private',
          dailyPriceOre: 250_000,
          at: new Date('2026-01-10T10:00:00Z'),
          by,
          publicCapacityAvailable: false,
        },
        ...over,
      },
      $inc: { revision: 1 },
    },
  );
  if (res.matchedCount !== 1) throw new Error(`no order ${orderId}`);
  return requestId;
}
